/* Host side of loading: dlopen the miniport and run DriverEntry as NDIS's
 * loader would; NdisMRegisterMiniportDriver (harness/host/ndis/driver.c) judges
 * the characteristics and says why it refused them. */
#include "loader.h"
#include "backtrace_capture.h"
#include "host_state.h"

#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef NTSTATUS (*driver_entry_fn)(PDRIVER_OBJECT, PUNICODE_STRING);

static void *driver_module;
static DRIVER_OBJECT driver_object;
static WCHAR registry_path_text[] = { '\\', 'R', 'e', 'g', 'i', 's', 't', 'r', 'y', '\\', 'm', 'p', 'c', 0 };

int loader_load_driver(const char *path, char *err, size_t errlen)
{
    driver_module = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!driver_module) {
        snprintf(err, errlen, "%s: cannot load: %s", path, dlerror());
        return -1;
    }
    /* The capture's module table, with the driver in it, before any of
     * its code runs: a crash handler uses the table as it is. */
    backtrace_capture_refresh();
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
    if (!d->registered && d->refusal[0]) {
        snprintf(err, errlen, "%s: NdisMRegisterMiniportDriver refused the driver: %s", path, d->refusal);
        return -1;
    }
    if (!d->registered) {
        snprintf(err, errlen, "%s: DriverEntry returned success but never called NdisMRegisterMiniportDriver "
                 "successfully", path);
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
