/* NdisMRegisterMiniportDriver / NdisMDeregisterMiniportDriver: validate the
 * characteristics header and version, keep a copy for the host. */
#include "ndis_internal.h"

static size_t size_for_revision(UCHAR revision)
{
    switch (revision) {
    case NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1: return NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    case NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2: return NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    case NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3: return NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3;
    default: return 0;
    }
}

/* The handlers NDIS requires of every NDIS 6 miniport. */
static int required_handlers_present(const NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c)
{
    return c->InitializeHandlerEx && c->HaltHandlerEx && c->UnloadHandler && c->PauseHandler &&
           c->RestartHandler && c->OidRequestHandler && c->SendNetBufferListsHandler &&
           c->ReturnNetBufferListsHandler && c->CancelSendHandler && c->DevicePnPEventNotifyHandler &&
           c->ShutdownHandlerEx && c->CancelOidRequestHandler;
}

static NDIS_STATUS validate(const NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c)
{
    size_t need = size_for_revision(c->Header.Revision);
    if (c->Header.Type != NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS || need == 0 || c->Header.Size < need)
        return NDIS_STATUS_BAD_CHARACTERISTICS;
    if (c->MajorNdisVersion != 6)
        return NDIS_STATUS_BAD_VERSION;
    if (!required_handlers_present(c))
        return NDIS_STATUS_BAD_CHARACTERISTICS;
    return NDIS_STATUS_SUCCESS;
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
        status = validate(c);
    if (status == NDIS_STATUS_SUCCESS) {
        size_t n = c->Header.Size < sizeof d->chars ? c->Header.Size : sizeof d->chars;
        memset(&d->chars, 0, sizeof d->chars);
        memcpy(&d->chars, c, n);
        d->driver_context = MiniportDriverContext;
        d->driver_object = DriverObject;
        d->registered = 1;
        ndis_handle_add(d, NDIS_RES_DRIVER);
        *NdisMiniportDriverHandle = d;
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
