/* The DDIs the shim declares but the host does not emulate
 * (harness/host/ndis/not_emulated.list): the build generates a stub for
 * each into build/gen/not_emulated.c, which defines the table below. The
 * host runs the stubs (host/ndis/not_emulated.h); the judge's preflight
 * names the ones a driver imports. */
#ifndef MPC_TRACE_NOT_EMULATED_H
#define MPC_TRACE_NOT_EMULATED_H

/* What a variable stub points at: zero bytes, enough for the kernel objects
 * the WDK exports as data (a POBJECT_TYPE, a flag, a small structure). */
#define NOT_EMULATED_DATA_SIZE 64

typedef struct {
    const char *name;
    const void *address;   /* the stub: the function, or the variable */
    int is_data;
} not_emulated_ddi;

/* Ended by an entry whose name is NULL. */
extern const not_emulated_ddi not_emulated_ddis[];

/* name is one of them. */
int not_emulated_listed(const char *name);

#endif
