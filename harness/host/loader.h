/* Loading a miniport, the host's side: dlopen + DriverEntry + validation of
 * what the driver registered. The judge's preflight is judge/preflight.h. */
#ifndef MPC_LOADER_H
#define MPC_LOADER_H

#include <stddef.h>

/* Host side: dlopen, DriverEntry, and the checks on the registered
 * characteristics (header type, revision, size, mandatory handlers).
 * 0, or -1 with the problem in err. */
int loader_load_driver(const char *path, char *err, size_t errlen);
void loader_unload_driver(void);

#endif
