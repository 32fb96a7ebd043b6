/* Host side of loading: dlopen the miniport, run DriverEntry as NDIS's
 * loader would, then check what it registered with
 * NdisMRegisterMiniportDriver. */
#include "loader.h"
#include "host_state.h"

#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef NTSTATUS (*driver_entry_fn)(PDRIVER_OBJECT, PUNICODE_STRING);

/* The handlers of NDIS_MINIPORT_DRIVER_CHARACTERISTICS and whether a
 * miniport (not an intermediate driver) must supply them. */
static const struct {
    const char *member;
    size_t offset;
    int required;
} handler_table[] = {
#define HANDLER(m, req) { #m, offsetof(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, m), req }
    HANDLER(SetOptionsHandler, 0),
    HANDLER(InitializeHandlerEx, 1),
    HANDLER(HaltHandlerEx, 1),
    HANDLER(UnloadHandler, 1),
    HANDLER(PauseHandler, 1),
    HANDLER(RestartHandler, 1),
    HANDLER(OidRequestHandler, 1),
    HANDLER(SendNetBufferListsHandler, 1),
    HANDLER(ReturnNetBufferListsHandler, 1),
    HANDLER(CancelSendHandler, 1),
    HANDLER(CheckForHangHandlerEx, 0),
    HANDLER(ResetHandlerEx, 0),
    HANDLER(DevicePnPEventNotifyHandler, 1),
    HANDLER(ShutdownHandlerEx, 1),
    HANDLER(CancelOidRequestHandler, 1),
#undef HANDLER
};

static void *driver_module;
static DRIVER_OBJECT driver_object;
static WCHAR registry_path_text[] = { '\\', 'R', 'e', 'g', 'i', 's', 't', 'r', 'y', '\\', 'm', 'p', 'c', 0 };

static int validate_characteristics(const NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c, char *err, size_t errlen)
{
    if (c->Header.Type != NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS) {
        snprintf(err, errlen, "the characteristics passed to NdisMRegisterMiniportDriver have Header.Type 0x%02x; "
                 "expected NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS (0x8A)", c->Header.Type);
        return -1;
    }
    if (c->Header.Revision < NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1 ||
        c->Header.Revision > NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3) {
        snprintf(err, errlen, "the characteristics have Header.Revision %u; expected 1, 2 or 3", c->Header.Revision);
        return -1;
    }
    if (c->Header.Size < NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1) {
        snprintf(err, errlen, "the characteristics have Header.Size %u; revision %u needs at least %zu",
                 c->Header.Size, c->Header.Revision, (size_t)NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1);
        return -1;
    }
    if (c->MajorNdisVersion != 6) {
        snprintf(err, errlen, "the characteristics ask for NDIS %u.%u; mpconform checks NDIS 6 miniports",
                 c->MajorNdisVersion, c->MinorNdisVersion);
        return -1;
    }
    for (size_t i = 0; i < sizeof(handler_table) / sizeof(handler_table[0]); i++) {
        void *fn;
        memcpy(&fn, (const char *)c + handler_table[i].offset, sizeof(fn));
        if (handler_table[i].required && !fn) {
            snprintf(err, errlen, "the characteristics lack the mandatory handler %s", handler_table[i].member);
            return -1;
        }
    }
    return 0;
}

int loader_load_driver(const char *path, char *err, size_t errlen)
{
    driver_module = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!driver_module) {
        snprintf(err, errlen, "%s: cannot load: %s", path, dlerror());
        return -1;
    }
    driver_entry_fn entry;
    void *sym = dlsym(driver_module, "DriverEntry");
    if (!sym) {
        snprintf(err, errlen, "%s: the shared object defines no DriverEntry function", path);
        return -1;
    }
    memcpy(&entry, &sym, sizeof(entry));
    memset(&driver_object, 0, sizeof(driver_object));
    UNICODE_STRING registry_path;
    registry_path.Buffer = registry_path_text;
    registry_path.Length = (USHORT)(sizeof(registry_path_text) - sizeof(WCHAR));
    registry_path.MaximumLength = (USHORT)sizeof(registry_path_text);

    host_driver *d = host_driver_get();
    d->driver_object = &driver_object;
    host_callback_enter("DriverEntry", NULL, PASSIVE_LEVEL, NULL, 0);
    NTSTATUS status = entry(&driver_object, &registry_path);
    host_callback_return("DriverEntry", 1, status, NULL, 0);
    if (!NT_SUCCESS(status)) {
        snprintf(err, errlen, "%s: DriverEntry failed with status 0x%08x", path, (unsigned)status);
        return -1;
    }
    if (!d->registered) {
        snprintf(err, errlen, "%s: DriverEntry returned success but never called NdisMRegisterMiniportDriver "
                 "successfully", path);
        return -1;
    }
    if (validate_characteristics(&d->chars, err, errlen) != 0) {
        size_t used = strlen(err);
        char tail[256];
        snprintf(tail, sizeof(tail), "%s", err);
        snprintf(err, errlen, "%s: %s", path, tail);
        (void)used;
        return -1;
    }
    return 0;
}

void loader_unload_driver(void)
{
    /* The module stays mapped: a miniport may leave timers or threads
     * behind, and symbolization of its frames needs the mapping. */
    driver_module = NULL;
}
