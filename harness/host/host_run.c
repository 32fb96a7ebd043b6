/* The host: signal handlers first (a crash must still reach the judge),
 * then the driver, then the steps. */
#include "host_run.h"
#include "host_clock.h"
#include "../trace/host_limits.h"
#include "host_sandbox.h"
#include "lifecycle.h"
#include "loader.h"
#include "../trace/wire.h"

#include <signal.h>
#include <ucontext.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t scenario_finished;
static volatile sig_atomic_t in_fatal;

static const char *signal_label(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    case SIGTRAP: return "SIGTRAP";
    default: return "signal";
    }
}

/* The instruction a signal interrupted, from the signal context. */
static uintptr_t interrupted_pc_of(void *uctx)
{
#if defined(__x86_64__)
    return uctx ? (uintptr_t)((ucontext_t *)uctx)->uc_mcontext.gregs[REG_RIP] : 0;
#elif defined(__aarch64__)
    return uctx ? (uintptr_t)((ucontext_t *)uctx)->uc_mcontext.pc : 0;
#else
    (void)uctx;
    return 0;
#endif
}

/* Decimal "N MiB" without stdio: the fatal paths run in signal handlers. */
static void mib_text(char *out, size_t size, uint64_t bytes)
{
    char digits[24];
    size_t n = 0, at = 0;
    uint64_t v = bytes >> 20;
    do
        digits[n++] = (char)('0' + v % 10);
    while ((v /= 10) && n < sizeof digits);
    while (n && at + 1 < size)
        out[at++] = digits[--n];
    for (const char *unit = " MiB"; *unit && at + 1 < size; unit++)
        out[at++] = *unit;
    out[at] = '\0';
}

/* A fatal end with the address space at its limit (--memory-limit): most
 * likely an allocation that failed and was used anyway, or the harness's
 * own allocation failing. Reported as such (HOST-MEMORY-LIMIT). 1 when emitted. */
static int emit_if_out_of_memory(const char *how)
{
    uint64_t peak = 0;
    if (!host_limits_memory_exhausted(&peak))
        return 0;
    char limit[32], peak_text[32];
    mib_text(limit, sizeof limit, host_limits_memory());
    mib_text(peak_text, sizeof peak_text, peak);
    trace_arg args[] = { TA_STR("limit", limit), TA_STR("peak", peak_text), TA_STR("end", how) };
    host_emit_fatal(EV_CRASH, "memory", args, 3);
    return 1;
}

/* The batched events go out first, with async-signal-safe calls only
 * (wire_emit_fatal); the crash event itself carries a backtrace, whose
 * capture (libunwind, dladdr) is the one part that may fault again on a
 * broken heap: then the handler is gone (SA_RESETHAND) and the judge
 * reports the crash from the wait status, with every earlier event. */
static void on_crash(int sig, siginfo_t *info, void *uctx)
{
    host_set_interrupted_pc(interrupted_pc_of(uctx));
    if (!in_fatal) {
        in_fatal = 1;
        trace_arg args[] = { TA_STR("signal", signal_label(sig)), TA_PTR("address", info ? info->si_addr : NULL) };
        if (!emit_if_out_of_memory(signal_label(sig)))
            host_emit_fatal(EV_CRASH, "signal", args, 2);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/* The judge asks for a snapshot before killing a host that stopped making progress. */
static void on_hang(int sig, siginfo_t *info, void *uctx)
{
    (void)sig;
    (void)info;
    host_set_interrupted_pc(interrupted_pc_of(uctx));
    if (!in_fatal) {
        in_fatal = 1;
        if (!emit_if_out_of_memory("hang"))  /* a driver that retries a failing allocation forever */
            host_emit_fatal(EV_HANG, "hang", NULL, 0);
    }
    _exit(HOST_EXIT_HANG);
}

/* --cpu-limit: the kernel's SIGXCPU, reported with where the host was
 * (HOST-CPU-LIMIT); then the host ends on that signal. */
static void on_cpu_limit(int sig, siginfo_t *info, void *uctx)
{
    (void)info;
    host_set_interrupted_pc(interrupted_pc_of(uctx));
    if (!in_fatal) {
        in_fatal = 1;
        char limit[32];
        snprintf(limit, sizeof(limit), "%u s", host_limits_cpu());
        trace_arg args[] = { TA_STR("limit", limit), TA_STR("end", "SIGXCPU") };
        host_emit_fatal(EV_CRASH, "cpu", args, 2);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/* exit() called from inside the miniport. */
static void on_exit_call(void)
{
    if (scenario_finished || in_fatal)
        return;
    in_fatal = 1;
    if (!emit_if_out_of_memory("exit"))
        host_emit_fatal(EV_CRASH, "exit", NULL, 0);  /* the judge adds exit_status */
}

static void install_handlers(void)
{
    host_limits_init();
    static char altstack[64 * 1024];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_crash;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP };
    for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
        sigaction(fatal[i], &sa, NULL);
    sa.sa_sigaction = on_cpu_limit;
    sigaction(SIGXCPU, &sa, NULL);
    struct sigaction hang;
    memset(&hang, 0, sizeof(hang));
    hang.sa_sigaction = on_hang;
    hang.sa_flags = SA_ONSTACK | SA_SIGINFO;
    sigaction(SIGUSR2, &hang, NULL);
    atexit(on_exit_call);
}

static int configure_adapters(const scenario *sc)
{
    for (int i = 0; i < sc->adapters; i++) {
        adapter *a = host_adapter_new();
        if (!a)
            return -1;
        for (size_t k = 0; k < sc->nconfig && k < HOST_MAX_CONFIG; k++) {
            config_entry *c = &a->config[a->nconfig++];
            c->keyword = strdup(sc->config[k].keyword);
            c->is_str = sc->config[k].is_str;
            c->num = sc->config[k].num;
            c->str = sc->config[k].str ? strdup(sc->config[k].str) : NULL;
        }
    }
    return 0;
}

/* Records what the scenario is for, so the judge (and `check` on a saved
 * trace) can tell whether it happened. */
static void emit_intent(const scenario *sc)
{
    for (size_t i = 0; i < sc->nexpects; i++) {
        const scenario_expect *e = &sc->expects[i];
        const char *want = e->kind == EXPECT_CALLED ? "called" : e->kind == EXPECT_FAILURE ? "failure" : "status";
        host_emit_op("expect", (trace_arg[]){ TA_STR("routine", e->name), TA_STR("want", want),
                                              TA_INT("status", e->status) }, 3);
    }
    if (sc->inject.within)
        host_emit_op("inject_plan", (trace_arg[]){ TA_STR("within", sc->inject.within),
                                                   TA_INT("allocation", host_inject_allocation()) }, 2);
}

static int64_t run_step(const step *s)
{
    adapter *a = host_adapter_at(s->adapter);
    host_set_step_adapter(a);
    host_emit_op("step", (trace_arg[]){ TA_STR("op", step_op_name(s->op)), TA_INT("line", s->line),
                                        TA_INT("value", s->value) }, 3);
    switch (s->op) {
    case STEP_INITIALIZE: return lifecycle_initialize(a);
    case STEP_RESTART: {
        restart_options opt = { .null_restart_attributes = s->null_attributes };
        return lifecycle_restart(a, &opt);
    }
    case STEP_PAUSE: return lifecycle_pause(a);
    case STEP_RESET: return lifecycle_reset(a);
    case STEP_RESET_TWICE: return lifecycle_reset_overlapping(a);
    case STEP_CHECK_FOR_HANG: return lifecycle_check_for_hang(a);
    case STEP_OID: {
        oid_options opt = { s->oid_set ? NdisRequestSetInformation : NdisRequestQueryInformation, s->oid, s->length,
                            s->no_wait, NULL };
        return lifecycle_oid(a, &opt);
    }
    case STEP_SEND: return lifecycle_send(a, (unsigned)s->value);
    case STEP_INTERRUPT: return lifecycle_interrupt(a);
    case STEP_RETURN_RECEIVES: return lifecycle_return_receives(a);
    case STEP_WAIT: return lifecycle_wait((uint64_t)s->value);
    case STEP_HALT: return lifecycle_halt(a, (NDIS_HALT_ACTION)s->value);
    case STEP_SHUTDOWN: return lifecycle_shutdown(a, (NDIS_SHUTDOWN_ACTION)s->value);
    case STEP_PNP_EVENT: return lifecycle_pnp_event(a, (NDIS_DEVICE_PNP_EVENT)s->value);
    case STEP_UNLOAD: return lifecycle_unload();
    case STEP_OP_COUNT: break;
    }
    return -1;
}

/* One step NDIS takes on its own at the end of the scenario, marked so. */
static void teardown_step(adapter *a, step_op op, int64_t value)
{
    host_set_step_adapter(a);
    host_emit_op("step", (trace_arg[]){ TA_STR("op", step_op_name(op)), TA_INT("line", 0), TA_INT("value", value),
                                        TA_INT("teardown", 1) }, 4);
}

/* PnP removal: whatever the steps left up is taken down the way NDIS does
 * it, so every adapter reaches the halt-time leak and order checks and the
 * driver is unloaded.  A shut-down adapter is not halted (the system is
 * going down); an adapter stuck in Restarting or Pausing cannot be. */
static void tear_down(int unloaded)
{
    for (size_t i = 0; i < host_adapter_count(); i++) {
        adapter *a = host_adapter_at((int)i);
        if (a->state == ADAPTER_RUNNING) {
            teardown_step(a, STEP_PAUSE, 0);
            lifecycle_pause(a);
        }
        if (a->state == ADAPTER_PAUSED) {
            teardown_step(a, STEP_HALT, NdisHaltDeviceDisabled);
            lifecycle_halt(a, NdisHaltDeviceDisabled);
        } else if (a->state != ADAPTER_HALTED) {
            host_set_step_adapter(a);
            host_emit_op("teardown_skipped", (trace_arg[]){ TA_STR("op", "halt"), TA_STR("reason",
                         a->state == ADAPTER_SHUTDOWN ? "the adapter was shut down: NDIS does not halt it afterwards"
                                                      : "the adapter is stuck between states") }, 2);
        }
    }
    if (!unloaded && host_driver_get()->registered) {
        teardown_step(NULL, STEP_UNLOAD, 0);
        lifecycle_unload();
    }
}

int host_run_scenario(const char *driver_path, const scenario *sc, const host_setup *setup)
{
    install_handlers();
    host_setup with_points = *setup;
    with_points.interrupt_points = sc->interrupt_points;
    /* out of the way of a driver that writes to, closes or reconfigures fd 3 */
    with_points.out_fd = wire_relocate_fd(setup->out_fd);
    if (host_begin(&with_points) != 0)
        return HOST_EXIT_INTERNAL;
    host_clock_reset();
    host_emit_op("scenario_begin", (trace_arg[]){ TA_STR("description", sc->description),
                                                  TA_STR("driver", driver_path) }, 2);
    if (configure_adapters(sc) != 0) {
        host_emit_fatal(EV_ERROR, "error", (trace_arg[]){ TA_STR("message", "too many adapters") }, 1);
        return HOST_EXIT_INTERNAL;
    }
    char err[1024];
    /* Before the driver's first instruction (its constructors run at dlopen). */
    if (host_sandbox_install(err, sizeof(err)) != SANDBOX_ON)
        host_emit_op("sandbox_off", (trace_arg[]){ TA_STR("reason", err) }, 1);
    /* The judge then knows that a host which sent nothing ended before any
     * driver code ran: the harness's own failure (judge/outcome.c). */
    host_flush();
    if (loader_load_driver(driver_path, err, sizeof(err)) != 0) {
        host_emit_fatal(EV_ERROR, "error", (trace_arg[]){ TA_STR("message", err) }, 1);
        scenario_finished = 1;
        return HOST_EXIT_LOAD_ERROR;
    }
    emit_intent(sc);
    int unloaded = 0;
    for (size_t i = 0; i < sc->nsteps; i++) {
        if (run_step(&sc->steps[i]) == 0 && sc->steps[i].op == STEP_UNLOAD)
            unloaded = 1;
        host_flush();  /* the judge sees each step whole, as soon as it ends */
    }
    tear_down(unloaded);
    host_set_step_adapter(NULL);
    host_emit_op("scenario_end", NULL, 0);
    scenario_finished = 1;
    host_flush();
    return HOST_EXIT_OK;
}
