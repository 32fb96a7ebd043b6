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
extern int setpgid(int pid, int pgid);
extern long ptrace(int request, ...);
extern void (*signal(int sig, void (*handler)(int)))(int);

#define SIGKILL_NUMBER 9
#define SIGSTOP_NUMBER 19
#define SIGXCPU_NUMBER 24
#define SIG_IGN_HANDLER ((void (*)(int))1)
#define PTRACE_ATTACH_REQUEST 16
extern int waitpid(int pid, int *status, int options);

#if defined(VNIC_BUG_LONGJMP_TIMER)
/* glibc's jmp_buf is 200 bytes; this is larger and as aligned. */
static long long JumpBuffer[32] __attribute__((aligned(16)));
extern int _setjmp(long long *env) __attribute__((returns_twice));
extern void longjmp(long long *env, int value) __attribute__((noreturn));

/* Never returns to NDIS: jumps back into MiniportInitializeEx. */
static VOID
VnicEscapingTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2, PVOID SystemSpecific3)
{
    longjmp(JumpBuffer, 1);
}
#endif

#if defined(VNIC_BUG_DDI_THREADS)
#define VNIC_THREADS 4
#define VNIC_THREAD_ROUNDS 50
extern int pthread_create(unsigned long *thread, const void *attr, void *(*start)(void *), void *arg);
extern int pthread_join(unsigned long thread, void **result);

static NDIS_HANDLE ThreadsAdapterHandle;
static NDIS_SPIN_LOCK ThreadsLock;
static volatile LONG ThreadsRounds;
static LONG ThreadsFinished;
static NDIS_EVENT ThreadsDone;

/* Allocates, counts under the spin lock and frees, over and over, while
 * the other threads do the same. */
static void *
VnicThreadBody(void *Unused)
{
    for (int i = 0; i < VNIC_THREAD_ROUNDS; i++) {
        PVOID Block = NdisAllocateMemoryWithTagPriority(ThreadsAdapterHandle, 64, VNIC_TAG, NormalPoolPriority);
        NdisAcquireSpinLock(&ThreadsLock);
        ThreadsRounds++;
        NdisReleaseSpinLock(&ThreadsLock);
        if (Block != NULL) {
            NdisFreeMemory(Block, 0, 0);
        }
    }
    NdisAcquireSpinLock(&ThreadsLock);
    LONG Finished = ++ThreadsFinished;
    NdisReleaseSpinLock(&ThreadsLock);
    if (Finished == VNIC_THREADS) {
        NdisSetEvent(&ThreadsDone);  /* the last one out wakes MiniportInitializeEx */
    }
    return Unused;
}
#endif

VOID
VnicSandboxBug(NDIS_HANDLE MiniportAdapterHandle)
{
#if !defined(VNIC_BUG_LONGJMP_TIMER) && !defined(VNIC_BUG_DDI_THREADS) && !defined(VNIC_BUG_FORK_DDI) && \
    !defined(VNIC_BUG_CHANNEL)
    UNREFERENCED_PARAMETER(MiniportAdapterHandle);
#endif
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
#elif defined(VNIC_BUG_LONGJMP_TIMER)
    /* A timer function that longjmps back here instead of returning to
     * NDIS: NDIS's code after the timer function never runs. */
    NDIS_TIMER_CHARACTERISTICS TimerCharacteristics;
    NDIS_HANDLE volatile Timer = NULL;
    LARGE_INTEGER DueTime;

    NdisZeroMemory(&TimerCharacteristics, sizeof(TimerCharacteristics));
    TimerCharacteristics.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    TimerCharacteristics.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    TimerCharacteristics.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    TimerCharacteristics.AllocationTag = VNIC_TAG;
    TimerCharacteristics.TimerFunction = VnicEscapingTimer;
    if (NdisAllocateTimerObject(MiniportAdapterHandle, &TimerCharacteristics, (PNDIS_HANDLE)&Timer) !=
        NDIS_STATUS_SUCCESS) {
        return;
    }
    if (_setjmp(JumpBuffer) == 0) {
        DueTime.QuadPart = -10000;  /* 1 ms */
        NdisSetTimerObject(Timer, DueTime, 0, NULL);
        NdisMSleep(2000);  /* the timer runs here, and never comes back */
    }
    NdisFreeTimerObject(Timer);
#elif defined(VNIC_BUG_DDI_THREADS)
    /* Four threads of the driver's own calling NDIS at once (the Linux
     * counterpart of PsCreateSystemThread threads). MiniportInitializeEx
     * polls their progress with NdisMSleep, waits for the last one's
     * event, and joins them. */
    unsigned long Threads[VNIC_THREADS];
    ThreadsAdapterHandle = MiniportAdapterHandle;
    ThreadsRounds = 0;
    ThreadsFinished = 0;
    NdisAllocateSpinLock(&ThreadsLock);
    NdisInitializeEvent(&ThreadsDone);
    for (int i = 0; i < VNIC_THREADS; i++) {
        pthread_create(&Threads[i], NULL, VnicThreadBody, NULL);
    }
    while (ThreadsRounds < VNIC_THREADS * VNIC_THREAD_ROUNDS / 2) {
        NdisMSleep(1000);
    }
    NdisWaitEvent(&ThreadsDone, 0);
    for (int i = 0; i < VNIC_THREADS; i++) {
        pthread_join(Threads[i], NULL);
    }
    NdisFreeSpinLock(&ThreadsLock);
#elif defined(VNIC_BUG_FORK_DDI)
    /* A child process allocating and freeing: NDIS's state in the child is
     * a copy; none of it reaches the adapter. */
    int Child = fork();
    if (Child == 0) {
        PVOID Block = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, 64, VNIC_TAG, NormalPoolPriority);
        if (Block != NULL) {
            NdisFreeMemory(Block, 0, 0);
        }
        _exit(0);
    }
    if (Child > 0) {
        waitpid(Child, NULL, 0);
    }
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
