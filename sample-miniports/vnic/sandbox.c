/* Hostile variants for the judge's sandbox (sample-miniports/sandbox.list,
 * tests/test_sandbox.c): things no driver should do that the judge must
 * survive and report.  Each is called at the start of MiniportInitializeEx;
 * the correct driver compiles this file to nothing. */
#include "vnic.h"

#if defined(VNIC_BUG_SLOW_DDI) || defined(VNIC_BUG_MEMORY_HOG) || defined(VNIC_BUG_ORPHAN) || \
    defined(VNIC_BUG_KILL_JUDGE)
/* The C library, declared by hand: the shim includes no system header. */
extern int usleep(unsigned int usec);
extern void *malloc(size_t size);
extern int fork(void);
extern int setsid(void);
extern unsigned int sleep(unsigned int seconds);
extern void _exit(int status);
extern int getppid(void);
extern int kill(int pid, int sig);

VOID
VnicSandboxBug(VOID)
{
#if defined(VNIC_BUG_SLOW_DDI)
    /* Never ends, yet always makes progress: one DDI call every 200 ms of
     * real time.  Only the wall-clock deadline (--wall-timeout) stops it. */
    for (;;) {
        LARGE_INTEGER Now;
        usleep(200 * 1000);
        NdisGetCurrentSystemTime(&Now);
    }
#elif defined(VNIC_BUG_MEMORY_HOG)
    /* Allocates and touches memory without bound, never checking for NULL. */
    for (;;) {
        char *p = malloc(1 << 20);
        for (size_t i = 0; i < (1 << 20); i += 4096)
            p[i] = 1;
    }
#elif defined(VNIC_BUG_ORPHAN)
    /* A child in a session of its own, then a grandchild: the grandchild
     * is in no process group the judge knows, and its parent is gone. */
    if (fork() == 0) {
        setsid();
        if (fork() == 0) {
            sleep(1000);
            _exit(0);
        }
        _exit(0);
    }
#elif defined(VNIC_BUG_KILL_JUDGE)
    kill(getppid(), 9);
#endif
}
#endif
