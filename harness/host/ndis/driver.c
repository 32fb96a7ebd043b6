/* NdisMRegisterMiniportDriver / NdisMDeregisterMiniportDriver: validate the
 * characteristics header and version, keep a copy for the host. */
#include "ndis_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static size_t size_for_revision(UCHAR revision)
{
    switch (revision) {
    case NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1: return NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    case NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2: return NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    case NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3: return NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3;
    default: return 0;
    }
}

/* The handlers of NDIS_MINIPORT_DRIVER_CHARACTERISTICS NDIS requires of a
 * miniport (SetOptions, CheckForHang and Reset are optional). */
static const struct {
    const char *member;
    size_t offset;
} required_handlers[] = {
#define REQUIRED(m) { #m, offsetof(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, m) }
    REQUIRED(InitializeHandlerEx), REQUIRED(HaltHandlerEx), REQUIRED(UnloadHandler),
    REQUIRED(PauseHandler), REQUIRED(RestartHandler), REQUIRED(OidRequestHandler),
    REQUIRED(SendNetBufferListsHandler), REQUIRED(ReturnNetBufferListsHandler),
    REQUIRED(CancelSendHandler), REQUIRED(DevicePnPEventNotifyHandler),
    REQUIRED(ShutdownHandlerEx), REQUIRED(CancelOidRequestHandler),
#undef REQUIRED
};

/* The answer NDIS gives, and why, in d->refusal, for the loader to report. */
static NDIS_STATUS validate(const NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c, host_driver *d)
{
    size_t need = size_for_revision(c->Header.Revision);
    if (c->Header.Type != NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS) {
        snprintf(d->refusal, sizeof d->refusal, "the characteristics have Header.Type 0x%02x; expected "
                 "NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS (0x8A)", c->Header.Type);
        return NDIS_STATUS_BAD_CHARACTERISTICS;
    }
    if (need == 0) {
        snprintf(d->refusal, sizeof d->refusal, "the characteristics have Header.Revision %u; expected 1, 2 or 3",
                 c->Header.Revision);
        return NDIS_STATUS_BAD_CHARACTERISTICS;
    }
    if (c->Header.Size < need) {
        snprintf(d->refusal, sizeof d->refusal, "the characteristics have Header.Size %u; revision %u needs %zu",
                 c->Header.Size, c->Header.Revision, need);
        return NDIS_STATUS_BAD_CHARACTERISTICS;
    }
    if (c->MajorNdisVersion != 6) {
        snprintf(d->refusal, sizeof d->refusal, "the characteristics ask for NDIS %u.%u; expected 6.x",
                 c->MajorNdisVersion, c->MinorNdisVersion);
        return NDIS_STATUS_BAD_VERSION;
    }
    for (size_t i = 0; i < sizeof(required_handlers) / sizeof(required_handlers[0]); i++) {
        void *fn;
        memcpy(&fn, (const char *)c + required_handlers[i].offset, sizeof(fn));
        if (!fn) {
            snprintf(d->refusal, sizeof d->refusal, "the characteristics lack the mandatory handler %s",
                     required_handlers[i].member);
            return NDIS_STATUS_BAD_CHARACTERISTICS;
        }
    }
    return NDIS_STATUS_SUCCESS;
}

/* SET_OPTIONS callback function (ndis.h): "NDIS calls XxxSetOptions within
 * the context of the driver's call to the NdisRegisterXxxDriver function".
 * The page does not say what NDIS does when it fails; the host takes the
 * registration as failed with that status (a driver whose optional services
 * could not be registered is not half-registered), and says so in
 * checks/tables/returns.yaml. */
static NDIS_STATUS call_set_options(host_driver *d)
{
    if (!d->chars.SetOptionsHandler)
        return NDIS_STATUS_SUCCESS;
    host_callback_enter("MiniportSetOptions", NULL, PASSIVE_LEVEL, NULL, 0);
    NDIS_STATUS status = d->chars.SetOptionsHandler((NDIS_HANDLE)d, d->driver_context);
    host_callback_return("MiniportSetOptions", 1, status, NULL, 0);
    return status;
}

NDIS_STATUS NdisMRegisterMiniportDriver(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath,
                                        NDIS_HANDLE MiniportDriverContext,
                                        PNDIS_MINIPORT_DRIVER_CHARACTERISTICS MiniportDriverCharacteristics,
                                        PNDIS_HANDLE NdisMiniportDriverHandle)
{
    (void)RegistryPath;
    host_driver *d = host_driver_get();
    PNDIS_MINIPORT_DRIVER_CHARACTERISTICS c = MiniportDriverCharacteristics;
    NDIS_STATUS status;
    if (!c || !NdisMiniportDriverHandle)
        status = NDIS_STATUS_INVALID_PARAMETER;
    else if (d->registered)
        status = NDIS_STATUS_FAILURE;
    else if (host_should_fail("NdisMRegisterMiniportDriver"))
        status = NDIS_STATUS_RESOURCES;
    else
        status = validate(c, d);
    if (status == NDIS_STATUS_SUCCESS) {
        size_t n = c->Header.Size < sizeof d->chars ? c->Header.Size : sizeof d->chars;
        memset(&d->chars, 0, sizeof d->chars);
        memcpy(&d->chars, c, n);
        d->driver_context = MiniportDriverContext;
        d->driver_object = DriverObject;
        d->registered = 1;
        ndis_handle_add(d, NDIS_RES_DRIVER);
        status = call_set_options(d);
        if (status == NDIS_STATUS_SUCCESS) {
            *NdisMiniportDriverHandle = d;
        } else {
            snprintf(d->refusal, sizeof d->refusal, "MiniportSetOptions failed with 0x%08x", (unsigned)status);
            d->registered = 0;
            ndis_handle_remove(d);
        }
    }
    HOST_DDI("NdisMRegisterMiniportDriver", status,
             TA_PTR("handle", status == NDIS_STATUS_SUCCESS ? (void *)d : NULL),
             TA_INT("Revision", c ? c->Header.Revision : -1), TA_INT("Size", c ? c->Header.Size : -1),
             TA_INT("MajorNdisVersion", c ? c->MajorNdisVersion : -1),
             TA_INT("MinorNdisVersion", c ? c->MinorNdisVersion : -1));
    return status;
}

VOID NdisMDeregisterMiniportDriver(NDIS_HANDLE NdisMiniportDriverHandle)
{
    host_driver *d = host_driver_get();
    int known = NdisMiniportDriverHandle == (NDIS_HANDLE)d && d->registered;
    HOST_DDI_VOID("NdisMDeregisterMiniportDriver", TA_PTR("handle", NdisMiniportDriverHandle));
    if (known) {
        d->registered = 0;
        ndis_handle_remove(d);
    }
}
