/* The host: the process that loads the miniport and plays NDIS for it.
 * This is the runtime the emulated DDIs in harness/host/ndis/ are written
 * against: the adapter NDIS keeps for each MiniportAdapterHandle, event
 * emission, the host's resource ledger, simulated IRQL, the virtual clock
 * and the deferred-work queue that stands in for timers, DPCs and work
 * items.  NDIS's own work runs on one thread, the host thread; "other
 * processors" are modelled by running deferred work at the points where
 * real NDIS could (waits, sleeps, scenario steps).  Threads the miniport
 * creates call DDIs under the host lock (host_thread.h). */
#ifndef MPC_HOST_H
#define MPC_HOST_H

#include <stdint.h>
#include <stddef.h>
#include "ndis.h"
#include "../trace/event.h"
#include "../trace/ledger.h"
#include "../input/tables.h"

/* ---- adapter states NDIS enforces (Miniport Adapter States and Operations) ---- */
typedef enum {
    ADAPTER_HALTED,
    ADAPTER_INITIALIZING,
    ADAPTER_PAUSED,
    ADAPTER_RESTARTING,
    ADAPTER_RUNNING,
    ADAPTER_PAUSING,
    ADAPTER_SHUTDOWN,
    ADAPTER_STATE_COUNT
} adapter_state;

const char *adapter_state_name(adapter_state s);

/* Asynchronous operations that end with a completion DDI. */
typedef enum {
    PENDING_NONE = 0,
    PENDING_RESTART = 1 << 0,   /* ends with NdisMRestartComplete */
    PENDING_PAUSE = 1 << 1,     /* ends with NdisMPauseComplete */
    PENDING_RESET = 1 << 2,     /* ends with NdisMResetComplete */
    PENDING_OID = 1 << 3        /* ends with NdisMOidRequestComplete */
} pending_op;

#define HOST_MAX_PORTS 64
#define HOST_MAX_CONFIG 64

typedef enum { PORT_FREE = 0, PORT_ALLOCATED, PORT_ACTIVATED } port_state;

typedef struct {
    NDIS_PORT_NUMBER number;
    port_state state;
} host_port;

typedef struct {
    char *keyword;        /* registry keyword the scenario sets, e.g. "PendingRestart" */
    int is_str;
    int64_t num;
    char *str;
} config_entry;

/* NDIS's record of one miniport adapter.  The MiniportAdapterHandle NDIS
 * passes to the miniport points at one of these. */
typedef struct adapter {
    uint32_t magic;                   /* ADAPTER_MAGIC while valid */
    int index;                        /* 0, 1, ... within the scenario */
    adapter_state state;
    NDIS_HANDLE context;              /* MiniportAdapterContext from the registration attributes */
    int registration_attributes_set;
    int general_attributes_set;
    ULONG check_for_hang_secs;        /* from registration attributes, default 2 */
    UCHAR current_address[6];         /* station address the miniport reported, if any */
    unsigned pending;                 /* pending_op bits */
    NDIS_STATUS completion_status;    /* status passed with the last completion */
    BOOLEAN completion_addressing_reset; /* AddressingReset passed with NdisMResetComplete */
    unsigned completions_seen;        /* pending_op bits completed since the harness last looked */
    host_port ports[HOST_MAX_PORTS];  /* port numbers 1..HOST_MAX_PORTS-1 ... index = number */
    config_entry config[HOST_MAX_CONFIG];
    size_t nconfig;
    int interrupt_registered;
    NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS interrupt;  /* copy of what the miniport registered */
    NDIS_HANDLE interrupt_context;
    unsigned outstanding_sends;       /* NBLs NDIS sent and the miniport has not completed */
    unsigned outstanding_receives;    /* NBLs the miniport indicated and NDIS has not returned */
    int reset_requested;              /* NdisMResetMiniport was called */
    void *oid_request;                /* an NDIS_OID_REQUEST left pending (step oid with wait: false) */
    void *oid_buffer;                 /* its InformationBuffer */
} adapter;

#define ADAPTER_MAGIC 0x4D50434Eu

/* The adapter behind a MiniportAdapterHandle, or NULL when it is not one. */
adapter *host_adapter_from_handle(NDIS_HANDLE handle);
/* The adapter of the callback now running (NULL outside any). */
adapter *host_current_adapter(void);

/* The registered driver: what DriverEntry passed to NdisMRegisterMiniportDriver. */
typedef struct {
    int registered;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;
    NDIS_HANDLE driver_context;       /* MiniportDriverContext */
    PDRIVER_OBJECT driver_object;
    char refusal[256];                /* why NdisMRegisterMiniportDriver refused, "" when it did not */
} host_driver;

host_driver *host_driver_get(void);

/* ---- events ---- */
typedef struct {
    const char *key;
    int is_str;
    int64_t num;
    const char *str;
} trace_arg;

#define TA_INT(k, v) ((trace_arg){ (k), 0, (int64_t)(v), NULL })
#define TA_PTR(k, v) ((trace_arg){ (k), 0, (int64_t)(uintptr_t)(v), NULL })
#define TA_STR(k, v) ((trace_arg){ (k), 1, 0, (v) })
#define TA_COUNT(...) (sizeof((trace_arg[]){ __VA_ARGS__ }) / sizeof(trace_arg))

/* Emits a DDI event with the current context (adapter, callback stack,
 * state, IRQL, time, miniport backtrace).  When the resource table says
 * this DDI allocates a kind and args hold a non-zero "handle" (and status,
 * if any, is success) the host ledger records it; when it frees one, the
 * outcome is added as arg "ledger" (ok, unknown, double, wrong_reciprocal).
 * Returns the event index. */
uint64_t host_emit_ddi(const char *ddi, int has_status, int64_t status,
                       const trace_arg *args, size_t nargs);
#define HOST_DDI(ddi, status, ...) \
    host_emit_ddi((ddi), 1, (int64_t)(status), (trace_arg[]){ __VA_ARGS__ }, TA_COUNT(__VA_ARGS__))
#define HOST_DDI_VOID(ddi, ...) \
    host_emit_ddi((ddi), 0, 0, (trace_arg[]){ __VA_ARGS__ }, TA_COUNT(__VA_ARGS__))
#define HOST_DDI_NOARGS(ddi, has_status, status) host_emit_ddi((ddi), (has_status), (status), NULL, 0)

/* Harness operations and notes (kind EV_OP). */
uint64_t host_emit_op(const char *op, const trace_arg *args, size_t nargs);

/* Is handle an open resource in the host ledger? */
int host_handle_is_live(uint64_t handle);
const ndis_tables *host_tables(void);

/* ---- callbacks into the miniport ---- */
/* Pushes callback name on the callback stack, sets IRQL, emits EV_ENTER. */
void host_callback_enter(const char *name, adapter *a, int irql,
                         const trace_arg *args, size_t nargs);
/* Emits EV_RETURN, pops the stack and restores the previous IRQL and adapter.
 * It must be called from the frame that called host_callback_enter (that
 * is how a callback left by longjmp is told apart): the macro keeps the
 * compiler from making the call a tail call from another frame (-O2). */
void host_callback_return(const char *name, int has_status, int64_t status,
                          const trace_arg *args, size_t nargs);
#define host_callback_return(...) \
    do { (host_callback_return)(__VA_ARGS__); __asm__ volatile("" ::: "memory"); } while (0)
/* The IRQL NDIS calls this callback at (irql table; strict pass takes the top of a range). */
int host_callback_irql(const char *name);

/* ---- IRQL ---- */
int host_irql(void);
void host_set_irql(int irql);
/* Raises the caller's IRQL to DISPATCH_LEVEL, as acquiring a spin lock or
 * KeRaiseIrql does, never lowering it; returns the IRQL it had. */
int host_raise_to_dispatch(void);

/* ---- virtual clock ---- */
uint64_t host_now_us(void);
/* Moves the clock forward without running anything (NdisStallExecution: a busy wait). */
void host_advance_us(uint64_t us);
/* Moves the clock forward, running deferred work that falls due, as a
 * passive wait would let other processors do (NdisMSleep, NdisWaitEvent). */
void host_sleep_us(uint64_t us);

/* ---- deferred work: timers, DPCs, work items ---- */
typedef enum {
    DEFER_TIMER,      /* a timer object's NetTimerCallback; runs at DISPATCH_LEVEL */
    DEFER_DPC,        /* MiniportInterruptDPC; DISPATCH_LEVEL */
    DEFER_WORK_ITEM,  /* NdisQueueIoWorkItem routine; PASSIVE_LEVEL */
    DEFER_INTERNAL    /* harness-side action (e.g. complete a pending operation) */
} defer_kind;

typedef enum {
    DEFER_SCHEDULED,  /* waiting for its due time; cancel succeeds */
    DEFER_QUEUED,     /* due time passed, queued to run; cancel fails */
    DEFER_RUNNING,
    DEFER_DONE
} defer_state;

typedef void (*defer_fn)(void *ctx1, void *ctx2);

/* Schedules fn(ctx1, ctx2) at due_us (absolute virtual time) for adapter a.
 * owner identifies it for cancel (the timer object or work item handle);
 * period_us > 0 re-arms it after each run. Returns an id > 0. */
uint64_t host_defer(defer_kind kind, const char *callback_name, uint64_t due_us,
                    uint64_t period_us, defer_fn fn, void *ctx1, void *ctx2,
                    const void *owner, adapter *a);
/* Cancels owner's scheduled item: 1 when it was removed before it could run,
 * 0 when it was queued, running, or not there. */
int host_defer_cancel(const void *owner);
/* Cancels a periodic owner the way KeCancelTimer + KeFlushQueuedDpcs do:
 * its scheduled and queued runs are removed, a run in progress is not
 * re-armed.  1 when anything of owner's was there (in the timer queue). */
int host_defer_cancel_periodic(const void *owner);
/* Is anything of owner's queued or running? */
int host_defer_active(const void *owner);
/* Moves every scheduled item whose due time has passed to QUEUED without running it. */
void host_defer_expire_due(void);
/* Runs every queued item and every scheduled item due by now. Returns how many ran. */
size_t host_defer_run_due(void);
/* Advances the clock to the next scheduled item and runs it; 0 when none is scheduled. */
int host_defer_run_next(uint64_t limit_us);
/* One step of a wait for something until limit_us: host_defer_run_next, or,
 * when nothing is scheduled and the driver runs threads of its own, a
 * millisecond (real and virtual) in which they may do it. 0: nothing can. */
int host_wait_step(uint64_t limit_us);
/* Drops every item of adapter a (after it is halted) and reports those that were pending. */
void host_defer_drop_adapter(adapter *a);

/* ---- completions from the miniport ---- */
/* Called by NdisMRestartComplete/NdisMPauseComplete/NdisMResetComplete/
 * NdisMOidRequestComplete emulation: returns 1 when op was pending (it is
 * now complete), 0 when nothing was pending (an unsolicited completion). */
int host_complete(adapter *a, pending_op op, NDIS_STATUS status);

/* ---- fault injection ---- */
/* 1 when this call of ddi must fail (the DDI then returns its documented failure). */
int host_should_fail(const char *ddi);

/* ---- hardware behaviour the scenario asks for ---- */
/* 1 when the device raises an interrupt right after registration / just before deregistration. */
int host_interrupt_after_register(void);
int host_interrupt_before_deregister(void);

/* ---- configuration keywords set by the scenario ---- */
const config_entry *host_config_find(adapter *a, const char *keyword);

#endif
