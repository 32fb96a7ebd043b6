/* See host_sandbox.h. seccomp sees a call's number and arguments, never
 * the process tree, so the policy is stated in those terms: a signal may
 * name the host process itself and nothing else (its crash handlers raise
 * on themselves); limits and scheduling may name the caller (pid 0); the
 * rest of the table is refused whatever its arguments. A kernel-mode
 * miniport never signals, traces or re-groups Linux processes, so refusing
 * is faithful; what a driver forks is still killed with the host's group. */
#include "host_sandbox.h"
#include "backtrace_capture.h"
#include "host_state.h"

#include <errno.h>
#include <link.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

typedef enum {
    REFUSED_ALWAYS,
    REFUSED_UNLESS_SELF,   /* allowed when argument `arg` is the host's pid */
    REFUSED_UNLESS_ZERO    /* allowed when argument `arg` is 0 (the caller) */
} refusal;

typedef struct {
    const char *name;      /* libseccomp's name of the call */
    refusal when;
    int arg;               /* the argument naming the process reached (-1: none) */
    int signal_arg;        /* the argument holding a signal number (-1: none) */
    const char *effect;    /* for a call that names no process: what it would do */
} refused_call;

static const refused_call refused_calls[] = {
    /* Signals reach only the host itself. */
    { "kill", REFUSED_UNLESS_SELF, 0, 1, NULL },
    { "tkill", REFUSED_UNLESS_SELF, 0, 1, NULL },
    { "tgkill", REFUSED_UNLESS_SELF, 0, 2, NULL },
    { "rt_sigqueueinfo", REFUSED_UNLESS_SELF, 0, 1, NULL },
    { "rt_tgsigqueueinfo", REFUSED_UNLESS_SELF, 0, 2, NULL },
    { "pidfd_send_signal", REFUSED_ALWAYS, -1, 1, "signal a process through a pidfd" },
    /* Another process's execution, memory and descriptors. */
    { "ptrace", REFUSED_ALWAYS, 1, -1, NULL },
    { "process_vm_readv", REFUSED_UNLESS_SELF, 0, -1, NULL },
    { "process_vm_writev", REFUSED_UNLESS_SELF, 0, -1, NULL },
    { "pidfd_getfd", REFUSED_ALWAYS, -1, -1, "take a descriptor of another process" },
    /* Another process's limits and scheduling (a judge without descriptors, or starved). */
    { "prlimit64", REFUSED_UNLESS_ZERO, 0, -1, NULL },
    { "sched_setscheduler", REFUSED_UNLESS_ZERO, 0, -1, NULL },
    { "sched_setparam", REFUSED_UNLESS_ZERO, 0, -1, NULL },
    { "sched_setattr", REFUSED_UNLESS_ZERO, 0, -1, NULL },
    /* Leaving the host's process group, which the judge kills at the end. */
    { "setsid", REFUSED_ALWAYS, -1, -1, "leave the host's session and process group" },
    { "setpgid", REFUSED_ALWAYS, -1, -1, "move a process to another process group" },
    /* The whole machine (only root could): nothing a scenario may change. */
    { "reboot", REFUSED_ALWAYS, -1, -1, "restart or stop the machine" },
    { "kexec_load", REFUSED_ALWAYS, -1, -1, "load another kernel" },
    { "kexec_file_load", REFUSED_ALWAYS, -1, -1, "load another kernel" },
    { "init_module", REFUSED_ALWAYS, -1, -1, "load a kernel module" },
    { "finit_module", REFUSED_ALWAYS, -1, -1, "load a kernel module" },
    { "delete_module", REFUSED_ALWAYS, -1, -1, "unload a kernel module" },
    { "mount", REFUSED_ALWAYS, -1, -1, "mount a file system" },
    { "move_mount", REFUSED_ALWAYS, -1, -1, "mount a file system" },
    { "umount2", REFUSED_ALWAYS, -1, -1, "unmount a file system" },
    { "pivot_root", REFUSED_ALWAYS, -1, -1, "change the root file system" },
    { "swapoff", REFUSED_ALWAYS, -1, -1, "turn off swapping" },
    { "settimeofday", REFUSED_ALWAYS, -1, -1, "set the system clock" },
    { "clock_settime", REFUSED_ALWAYS, -1, -1, "set the system clock" },
};
#define NREFUSED (sizeof(refused_calls) / sizeof(refused_calls[0]))
/* si_code of a SIGSYS sent by a seccomp filter (the kernel's asm-generic/siginfo.h). */
#define SIGSYS_FROM_SECCOMP 1

/* Fixed at installation, read by the SIGSYS handler. */
static int refused_nr[NREFUSED];
static pid_t host_pid, judge_pid, judge_pgid;
static const char *c_library;  /* the module of kill(): its wrappers are not where the driver is */

/* Where a trapped call's number, arguments and result live in the signal context. */
#if defined(__x86_64__)
#define TRAPS_CALLS 1
static long call_arg(const ucontext_t *uc, int i)
{
    static const int reg[] = { REG_RDI, REG_RSI, REG_RDX, REG_R10, REG_R8, REG_R9 };
    return (long)uc->uc_mcontext.gregs[reg[i]];
}
static void set_result(ucontext_t *uc, long value) { uc->uc_mcontext.gregs[REG_RAX] = value; }
static uintptr_t call_pc(const ucontext_t *uc) { return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP]; }
#elif defined(__aarch64__)
#define TRAPS_CALLS 1
static long call_arg(const ucontext_t *uc, int i) { return (long)uc->uc_mcontext.regs[i]; }
static void set_result(ucontext_t *uc, long value) { uc->uc_mcontext.regs[0] = (unsigned long long)value; }
static uintptr_t call_pc(const ucontext_t *uc) { return (uintptr_t)uc->uc_mcontext.pc; }
#else
#define TRAPS_CALLS 0  /* refused with EPERM, but not recorded */
#endif

#if TRAPS_CALLS
/* The process a pid argument reaches, in words that do not depend on the
 * run (no pid: reports are the same from run to run). */
static const char *process_named(long raw)
{
    pid_t pid = (pid_t)(int32_t)raw;
    if (pid == judge_pid)
        return "the judge (the host's parent process)";
    if (judge_pgid > 1 && pid == -judge_pgid)
        return "the judge's process group";
    if (pid == -1)
        return "every process it may signal (pid -1)";
    if (pid == 0)
        return "its whole process group";
    if (pid == -host_pid)
        return "the host's process group";
    if (pid == host_pid)
        return "the host";
    if (pid < 0)
        return "another process group";
    return "another process";
}

static const char *ptrace_request(long request)
{
    switch (request) {
    case 0: return "PTRACE_TRACEME";
    case 16: return "PTRACE_ATTACH";
    case 0x4206: return "PTRACE_SEIZE";
    case 0x4207: return "PTRACE_INTERRUPT";
    default: return "PTRACE_*";
    }
}

/* Op `sandbox`, its backtrace from the driver's call: the C library's
 * wrapper frames above it are left out, so the finding is at the driver's
 * line whether or not the C library has debug information. */
static void emit_refusal(const char *name, const char *call, uintptr_t pc)
{
    frame frames[BACKTRACE_MAX_FRAMES];   /* a signal handler: no allocation */
    size_t count = backtrace_capture_frames(frames, BACKTRACE_MAX_FRAMES, pc), skip = 0;
    while (c_library && skip + 1 < count && frames[skip].module && strcmp(frames[skip].module, c_library) == 0)
        skip++;
    backtrace_t from_driver = { .frames = frames + skip, .count = count - skip };
    host_emit_op_with_backtrace("sandbox", (trace_arg[]){ TA_STR("syscall", name), TA_STR("call", call) }, 2,
                                &from_driver);
}

/* SIGSYS from the filter: the call did not happen; it returns EPERM. The
 * event is built here because the signal is synchronous: the driver is in
 * the system call, never inside the host's own event code. */
static void on_refused_call(int sig, siginfo_t *info, void *uctx)
{
    ucontext_t *uc = uctx;
    if (info->si_code != SIGSYS_FROM_SECCOMP || !uc) {  /* a SIGSYS sent by someone: the default, a crash */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    set_result(uc, -EPERM);
    /* Only the host's own events have a fixed place in the trace: a forked
     * process's lines would fall among them at random (even after
     * scenario_end), so its refused calls fail without a record. */
    if (getpid() != host_pid)
        return;
    const refused_call *refused = NULL;
    for (size_t i = 0; i < NREFUSED && !refused; i++)
        if (refused_nr[i] == info->si_syscall && (uint32_t)info->si_arch == seccomp_arch_native())
            refused = &refused_calls[i];
    char call[256], sigtext[48] = "";
    const char *name = refused ? refused->name : "a system call of another architecture";
    if (refused && refused->signal_arg >= 0) {
        int signo = (int)call_arg(uc, refused->signal_arg);
        const char *abbrev = signo > 0 ? sigabbrev_np(signo) : NULL;
        if (abbrev)
            snprintf(sigtext, sizeof sigtext, "SIG%s", abbrev);
        else
            snprintf(sigtext, sizeof sigtext, "signal %d", signo);
    } else if (refused && strcmp(refused->name, "ptrace") == 0) {
        snprintf(sigtext, sizeof sigtext, "%s", ptrace_request(call_arg(uc, 0)));
    }
    if (!refused)
        snprintf(call, sizeof call, "%s (number %d)", name, info->si_syscall);
    else if (refused->arg >= 0 && strcmp(sigtext, "PTRACE_TRACEME") == 0)
        snprintf(call, sizeof call, "ptrace(PTRACE_TRACEME) to be traced by %s", process_named(getppid()));
    else if (strcmp(name, "setpgid") == 0 && (int32_t)call_arg(uc, 1) > 0)
        snprintf(call, sizeof call, "setpgid() to move a process into %s", process_named(-(int32_t)call_arg(uc, 1)));
    else if (refused->arg >= 0)
        snprintf(call, sizeof call, "%s(%s) on %s", name, sigtext, process_named(call_arg(uc, refused->arg)));
    else
        snprintf(call, sizeof call, "%s(%s) to %s", name, sigtext, refused->effect);
    emit_refusal(name, call, call_pc(uc));
}
#endif

static int add_rules(scmp_filter_ctx ctx, uint32_t action)
{
    for (size_t i = 0; i < NREFUSED; i++) {
        const refused_call *c = &refused_calls[i];
        int nr = seccomp_syscall_resolve_name(c->name);
        refused_nr[i] = nr;
        if (nr == __NR_SCMP_ERROR)
            continue;  /* not a call of this architecture */
        int rc;
        /* A 32-bit comparison: libseccomp also requires the upper half to
         * be zero, so an allowed pid is exactly what the kernel reads. */
        if (c->when == REFUSED_UNLESS_SELF)
            rc = seccomp_rule_add(ctx, action, nr, 1, SCMP_CMP32(c->arg, SCMP_CMP_NE, (uint32_t)host_pid));
        else if (c->when == REFUSED_UNLESS_ZERO)
            rc = seccomp_rule_add(ctx, action, nr, 1, SCMP_CMP32(c->arg, SCMP_CMP_NE, 0));
        else
            rc = seccomp_rule_add(ctx, action, nr, 0);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* TRAP (EPERM by the SIGSYS handler, and recorded) where the handler can
 * run; plain EPERM otherwise. Under valgrind the calls are refused but not
 * recorded: valgrind asserts on a SIGSYS raised by a filter. */
static uint32_t refusal_action(int under_valgrind)
{
#if TRAPS_CALLS
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_refused_call;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    if (!under_valgrind && sigaction(SIGSYS, &sa, NULL) == 0)
        return SCMP_ACT_TRAP;
#else
    (void)under_valgrind;
#endif
    return SCMP_ACT_ERRNO(EPERM);
}

/* c_library from the loaded module whose segments hold *(uintptr_t *)at:
 * the loader's name for it, as backtrace_capture.c names frames. dladdr
 * would say the same after a scan of libc's whole symbol table (some 80 000
 * instructions, 8 % of an empty scenario's host). */
static int find_module(struct dl_phdr_info *info, size_t size, void *at)
{
    (void)size;
    uintptr_t pc = *(const uintptr_t *)at;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + ph->p_vaddr;
        if (ph->p_type == PT_LOAD && pc >= start && pc - start < ph->p_memsz) {
            c_library = info->dlpi_name && *info->dlpi_name ? info->dlpi_name : NULL;
            return 1;
        }
    }
    return 0;
}

sandbox_state host_sandbox_install(char *reason, size_t len)
{
    host_pid = getpid();
    judge_pid = getppid();
    judge_pgid = getpgid(judge_pid);
    uintptr_t kill_at = (uintptr_t)&kill;
    dl_iterate_phdr(find_module, &kill_at);
    int under_valgrind = RUNNING_ON_VALGRIND;
    if (under_valgrind)
        seccomp_api_set(1);  /* valgrind has no seccomp() call: libseccomp installs with prctl alone */
    uint32_t action = refusal_action(under_valgrind);
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) {
        snprintf(reason, len, "libseccomp could not start a filter");
        return SANDBOX_REFUSED;
    }
    /* NO_NEW_PRIVS (libseccomp's default): what lets an ordinary user install a filter. */
    seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1);  /* the kernel's errno, not ECANCELED */
    /* A binary tree over the call numbers, not a chain: installing runs the
     * program once per call number of the architecture (the kernel's
     * seccomp_cache_prepare), so its cost is an ordinary call's path. */
    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, action);
    if (rc == 0)
        rc = add_rules(ctx, action);
    if (rc == 0)
        rc = seccomp_load(ctx);
    seccomp_release(ctx);
    if (rc < 0) {
        snprintf(reason, len, "the kernel refused the seccomp filter (%s)", strerror(-rc));
        return SANDBOX_REFUSED;
    }
    return SANDBOX_ON;
}
