/* Hostile variants for the judge's sandbox (sample-miniports/sandbox.list,
 * tests/test_sandbox.c): things no driver should do that the judge must
 * survive and report.  Each is called at the start of MiniportInitializeEx;
 * the correct driver compiles this file to nothing. */
#include "vnic.h"

#if defined(VNIC_BUG_SLOW_DDI) || defined(VNIC_BUG_MEMORY_HOG) || defined(VNIC_BUG_ORPHAN) || \
    defined(VNIC_BUG_KILL_JUDGE) || defined(VNIC_BUG_CHANNEL)
/* The C library, declared by hand: the shim includes no system header. */
extern int usleep(unsigned int usec);
extern void *malloc(size_t size);
extern int fork(void);
extern int setsid(void);
extern unsigned int sleep(unsigned int seconds);
extern void _exit(int status);
extern int getppid(void);
extern int kill(int pid, int sig);
extern long write(int fd, const void *buf, size_t count);
extern int fcntl(int fd, int cmd, ...);
extern int snprintf(char *str, size_t size, const char *format, ...);

#if defined(VNIC_BUG_CHANNEL)
/* What the driver writes to every descriptor from 3 to 1023, where a naive
 * driver (or a stray write) would find the harness's event channel. */
static VOID __attribute__((unused))
VnicWriteEverywhere(const char *Bytes, size_t Length)
{
    for (int Fd = 3; Fd < 1024; Fd++)
        write(Fd, Bytes, Length);
}

/* Lines a judge reading JSON events would take for the host's own. */
static size_t __attribute__((unused))
VnicForgedEvent(char *Line, size_t Size, const char *Name, const char *Args)
{
    return (size_t)snprintf(Line, Size,
        "{\"i\":0,\"scenario\":\"lifecycle\",\"kind\":\"%s\",\"name\":\"%s\",\"adapter\":0,"
        "\"callback\":\"MiniportInitializeEx\",\"stack\":[\"MiniportInitializeEx\"],\"state\":\"Initializing\","
        "\"irql\":0,\"time\":0,\"args\":{%s}}\n",
        Name[0] == 's' ? "op" : "ddi", Name, Args);
}
#endif

VOID
VnicSandboxBug(NDIS_HANDLE MiniportAdapterHandle)
{
    UNREFERENCED_PARAMETER(MiniportAdapterHandle);
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
#elif defined(VNIC_BUG_FORGE_FREE)
    /* Frees a block once, then tells a second free that never happened. */
    char Line[512], Args[128];
    PVOID Block = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, 64, 'egrF', NormalPoolPriority);
    if (Block != NULL)
        NdisFreeMemory(Block, 0, 0);
    snprintf(Args, sizeof Args, "\"handle\":%lu,\"Length\":0,\"MemoryFlags\":0,\"ledger\":\"double\"",
             (unsigned long)(ULONG_PTR)Block);
    VnicWriteEverywhere(Line, VnicForgedEvent(Line, sizeof Line, "NdisFreeMemory", Args));
#elif defined(VNIC_BUG_TORN_WRITE)
    /* Nine bytes and no newline: the start of whatever comes next. */
    VnicWriteEverywhere("{\"kind\":\"", 9);
#elif defined(VNIC_BUG_FORGE_END)
    /* Claims the scenario ended well, then leaves before anything is checked. */
    char Line[512];
    VnicWriteEverywhere(Line, VnicForgedEvent(Line, sizeof Line, "scenario_end", ""));
    _exit(0);
#elif defined(VNIC_BUG_NONBLOCK)
    /* Every descriptor non-blocking (F_GETFL 3, F_SETFL 4, O_NONBLOCK 04000
     * on Linux), then a burst of events far beyond a pipe's capacity. */
    static PVOID Blocks[20000];
    for (int Fd = 0; Fd < 1024; Fd++) {
        int Flags = fcntl(Fd, 3);
        if (Flags >= 0)
            fcntl(Fd, 4, Flags | 04000);
    }
    for (ULONG i = 0; i < 20000; i++)
        Blocks[i] = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, 64, 'tsrB', NormalPoolPriority);
    for (ULONG i = 0; i < 20000; i++)
        if (Blocks[i] != NULL)
            NdisFreeMemory(Blocks[i], 0, 0);
#endif
}
#endif
