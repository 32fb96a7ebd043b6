/* Hostile variants for the judge's sandbox (sample-miniports/sandbox.list,
 * tests/test_sandbox.c): things no driver should do that the judge must
 * survive and report.  Each is called at the start of MiniportInitializeEx;
 * the correct driver compiles this file to nothing. */
#include "vnic.h"

#ifdef VNIC_SANDBOX_BUG
/* The C library, declared by hand: the shim includes no system header. */
extern int usleep(unsigned int usec);
extern void *malloc(size_t size);
extern int fork(void);
extern int setsid(void);
extern unsigned int sleep(unsigned int seconds);
extern void _exit(int status);
extern int getppid(void);
extern int getpgid(int pid);
extern int kill(int pid, int sig);
extern int setpgid(int pid, int pgid);
extern long ptrace(int request, ...);
extern void (*signal(int sig, void (*handler)(int)))(int);

#define SIGKILL_NUMBER 9
#define SIGSTOP_NUMBER 19
#define SIGXCPU_NUMBER 24
#define SIG_IGN_HANDLER ((void (*)(int))1)
#define PTRACE_ATTACH_REQUEST 16

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
    kill(getppid(), SIGKILL_NUMBER);
#elif defined(VNIC_BUG_STOP_JUDGE)
    kill(getppid(), SIGSTOP_NUMBER);
#elif defined(VNIC_BUG_KILL_JUDGE_GROUP)
    kill(-getpgid(getppid()), SIGKILL_NUMBER);
#elif defined(VNIC_BUG_SETSID)
    setsid();
#elif defined(VNIC_BUG_JOIN_JUDGE_GROUP)
    /* Out of the group the judge kills, into the judge's own. */
    setpgid(0, getpgid(getppid()));
#elif defined(VNIC_BUG_TRACE_JUDGE)
    /* Attaching stops the judge; it would stay stopped after the host ends. */
    ptrace(PTRACE_ATTACH_REQUEST, getppid(), 0, 0);
#elif defined(VNIC_BUG_CPU_SPIN) || defined(VNIC_BUG_CPU_SPIN_DEAF)
    /* Computes forever without calling NDIS: no event, so only the CPU
     * limit ends it first.  The deaf one ignores SIGXCPU, so the kernel's
     * SIGKILL at the hard limit does. */
    volatile unsigned long Spins = 0;
#if defined(VNIC_BUG_CPU_SPIN_DEAF)
    signal(SIGXCPU_NUMBER, SIG_IGN_HANDLER);
#endif
    for (;;)
        Spins++;
#endif
}
#endif
