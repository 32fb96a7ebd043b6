/* The DDIs the shim declares but the host does not emulate
 * (not_emulated.list): their stubs are generated into
 * build/gen/not_emulated.c, which defines the table below. */
#ifndef MPC_HOST_NOT_EMULATED_H
#define MPC_HOST_NOT_EMULATED_H

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

/* A function stub's body: records crash not_emulated (arg ddi) with the
 * driver's backtrace and ends the host as a bug check does. */
void host_not_emulated(const char *ddi) __attribute__((noreturn));

#endif
