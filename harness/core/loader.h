/* Loading a miniport: the judge's preflight of the shared object (before
 * any of its code runs) and the host's dlopen + DriverEntry + validation of
 * what the driver registered. */
#ifndef MPC_LOADER_H
#define MPC_LOADER_H

#include <stddef.h>

/* Judge side, no driver code runs: the file exists, is an ELF shared object
 * for this machine, defines DriverEntry, and imports only DDIs mpconform
 * emulates. 0, or -1 with one line naming the problem in err. */
int loader_preflight(const char *path, char *err, size_t errlen);

/* Host side: dlopen, DriverEntry, and the checks on the registered
 * characteristics (header type, revision, size, mandatory handlers).
 * 0, or -1 with the problem in err. */
int loader_load_driver(const char *path, char *err, size_t errlen);
void loader_unload_driver(void);

#endif
