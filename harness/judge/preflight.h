/* The judge's preflight of a miniport's shared object, before any of its
 * code runs (libelf). */
#ifndef MPC_PREFLIGHT_H
#define MPC_PREFLIGHT_H

#include <stddef.h>

/* The file exists, is an ELF shared object for this machine, defines
 * DriverEntry, and imports only DDIs mpconform emulates or has a stub for
 * (trace/not_emulated.h). 0, or -1 with one line naming the problem in
 * err. stubs receives the imported DDIs that are only stubs, comma-separated
 * (cut at stubslen), "" for none. */
int loader_preflight(const char *path, char *err, size_t errlen, char *stubs, size_t stubslen);

#endif
