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
#include "sandbox_filter.h"

#include <link.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

/* The architectures the filter is written for (the table's numbers are
 * the build's), and where a trapped call's number, arguments and result
 * live in the signal context. */
#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
static long call_arg(const ucontext_t *uc, int i)
{
    static const int reg[] = { REG_RDI, REG_RSI, REG_RDX, REG_R10, REG_R8, REG_R9 };
    return (long)uc->uc_mcontext.gregs[reg[i]];
}
static void set_result(ucontext_t *uc, long value) { uc->uc_mcontext.gregs[REG_RAX] = value; }
static uintptr_t call_pc(const ucontext_t *uc) { return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP]; }
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
static long call_arg(const ucontext_t *uc, int i) { return (long)uc->uc_mcontext.regs[i]; }
static void set_result(ucontext_t *uc, long value) { uc->uc_mcontext.regs[0] = (unsigned long long)value; }
static uintptr_t call_pc(const ucontext_t *uc) { return (uintptr_t)uc->uc_mcontext.pc; }
#endif

#ifdef NATIVE_ARCH
typedef enum {
    REFUSED_ALWAYS,
    REFUSED_UNLESS_SELF,   /* allowed when argument `arg` is the host's pid */
    REFUSED_UNLESS_ZERO    /* allowed when argument `arg` is 0 (the caller) */
} refusal;

typedef struct {
    const char *name;      /* the call's name (the kernel's, without __NR_) */
    int nr;
    refusal when;
    int arg;               /* the argument naming the process reached (-1: none) */
    int signal_arg;        /* the argument holding a signal number (-1: none) */
    const char *effect;    /* for a call that names no process: what it would do */
} refused_call;

static const refused_call refused_calls[] = {
    /* Signals reach only the host itself. */
    { "kill", __NR_kill, REFUSED_UNLESS_SELF, 0, 1, NULL },
    { "tkill", __NR_tkill, REFUSED_UNLESS_SELF, 0, 1, NULL },
    { "tgkill", __NR_tgkill, REFUSED_UNLESS_SELF, 0, 2, NULL },
    { "rt_sigqueueinfo", __NR_rt_sigqueueinfo, REFUSED_UNLESS_SELF, 0, 1, NULL },
    { "rt_tgsigqueueinfo", __NR_rt_tgsigqueueinfo, REFUSED_UNLESS_SELF, 0, 2, NULL },
    { "pidfd_send_signal", __NR_pidfd_send_signal, REFUSED_ALWAYS, -1, 1, "signal a process through a pidfd" },
    /* Another process's execution, memory and descriptors. */
    { "ptrace", __NR_ptrace, REFUSED_ALWAYS, 1, -1, NULL },
    { "process_vm_readv", __NR_process_vm_readv, REFUSED_UNLESS_SELF, 0, -1, NULL },
    { "process_vm_writev", __NR_process_vm_writev, REFUSED_UNLESS_SELF, 0, -1, NULL },
    { "pidfd_getfd", __NR_pidfd_getfd, REFUSED_ALWAYS, -1, -1, "take a descriptor of another process" },
    /* Another process's limits and scheduling (a judge without descriptors, or starved). */
    { "prlimit64", __NR_prlimit64, REFUSED_UNLESS_ZERO, 0, -1, NULL },
    { "sched_setscheduler", __NR_sched_setscheduler, REFUSED_UNLESS_ZERO, 0, -1, NULL },
    { "sched_setparam", __NR_sched_setparam, REFUSED_UNLESS_ZERO, 0, -1, NULL },
    { "sched_setattr", __NR_sched_setattr, REFUSED_UNLESS_ZERO, 0, -1, NULL },
    /* Leaving the host's process group, which the judge kills at the end. */
    { "setsid", __NR_setsid, REFUSED_ALWAYS, -1, -1, "leave the host's session and process group" },
    { "setpgid", __NR_setpgid, REFUSED_ALWAYS, -1, -1, "move a process to another process group" },
    /* The whole machine (only root could): nothing a scenario may change. */
    { "reboot", __NR_reboot, REFUSED_ALWAYS, -1, -1, "restart or stop the machine" },
    { "kexec_load", __NR_kexec_load, REFUSED_ALWAYS, -1, -1, "load another kernel" },
    { "kexec_file_load", __NR_kexec_file_load, REFUSED_ALWAYS, -1, -1, "load another kernel" },
    { "init_module", __NR_init_module, REFUSED_ALWAYS, -1, -1, "load a kernel module" },
    { "finit_module", __NR_finit_module, REFUSED_ALWAYS, -1, -1, "load a kernel module" },
    { "delete_module", __NR_delete_module, REFUSED_ALWAYS, -1, -1, "unload a kernel module" },
    { "mount", __NR_mount, REFUSED_ALWAYS, -1, -1, "mount a file system" },
    { "move_mount", __NR_move_mount, REFUSED_ALWAYS, -1, -1, "mount a file system" },
    { "umount2", __NR_umount2, REFUSED_ALWAYS, -1, -1, "unmount a file system" },
    { "pivot_root", __NR_pivot_root, REFUSED_ALWAYS, -1, -1, "change the root file system" },
    { "swapoff", __NR_swapoff, REFUSED_ALWAYS, -1, -1, "turn off swapping" },
    { "settimeofday", __NR_settimeofday, REFUSED_ALWAYS, -1, -1, "set the system clock" },
    { "clock_settime", __NR_clock_settime, REFUSED_ALWAYS, -1, -1, "set the system clock" },
};
#define NREFUSED (sizeof(refused_calls) / sizeof(refused_calls[0]))
/* si_code of a SIGSYS sent by a seccomp filter (the kernel's asm-generic/siginfo.h). */
#define SIGSYS_FROM_SECCOMP 1

/* Fixed at installation, read by the SIGSYS handler. */
static pid_t host_pid, judge_pid, judge_pgid;
static const char *c_library;  /* the module of kill(): its wrappers are not where the driver is */


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
        if (refused_calls[i].nr == info->si_syscall && (uint32_t)info->si_arch == NATIVE_ARCH)
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

/* The table as the filter's rules, the host's pid in those that allow it. */
static size_t rules_of_table(filter_rule *rules)
{
    for (size_t i = 0; i < NREFUSED; i++) {
        const refused_call *c = &refused_calls[i];
        rules[i].nr = c->nr;
        rules[i].arg = c->when == REFUSED_ALWAYS ? -1 : c->arg;
        rules[i].allowed = c->when == REFUSED_UNLESS_SELF ? (uint32_t)host_pid : 0;
    }
    return NREFUSED;
}

/* TRAP (EPERM by the SIGSYS handler, and recorded) where the handler can
 * run; plain EPERM otherwise. Under valgrind the calls are refused but not
 * recorded: valgrind asserts on a SIGSYS raised by a filter. */
static uint32_t refusal_action(int under_valgrind)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_refused_call;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    if (!under_valgrind && sigaction(SIGSYS, &sa, NULL) == 0)
        return SECCOMP_RET_TRAP;
    return SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
}

sandbox_state host_sandbox_install(char *reason, size_t len)
{
    host_pid = getpid();
    judge_pid = getppid();
    judge_pgid = getpgid(judge_pid);
    uintptr_t kill_at = (uintptr_t)&kill;
    dl_iterate_phdr(find_module, &kill_at);
    uint32_t action = refusal_action(RUNNING_ON_VALGRIND);
    filter_rule rules[NREFUSED];
    struct sock_filter code[SANDBOX_FILTER_FIXED + SANDBOX_FILTER_PER_RULE * NREFUSED];
    struct sock_fprog program = { .filter = code };
    program.len = (unsigned short)sandbox_filter_build(rules, rules_of_table(rules), NATIVE_ARCH, action, code,
                                                       sizeof code / sizeof code[0]);
    /* prctl, not seccomp(): valgrind knows only the former. NO_NEW_PRIVS
     * is what lets an ordinary user install a filter. */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) {
        snprintf(reason, len, "the kernel refused the seccomp filter (%s)", strerror(errno));
        return SANDBOX_REFUSED;
    }
    return SANDBOX_ON;
}

#else
sandbox_state host_sandbox_install(char *reason, size_t len)
{
    snprintf(reason, len, "the host has no seccomp filter for this architecture");
    return SANDBOX_REFUSED;
}
#endif
