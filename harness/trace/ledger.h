/* The resource ledger: every resource a miniport holds, with where it came
 * from.  The host keeps one so that a bogus or repeated free never crashes
 * the harness; the judge rebuilds one from the trace to find leaks, frees
 * with the wrong reciprocal, double and foreign frees, and release order. */
#ifndef MPC_LEDGER_H
#define MPC_LEDGER_H

#include <stdint.h>
#include <stddef.h>
#include "event.h"
#include "../input/tables.h"

typedef struct ledger_record {
    uint64_t id;              /* allocation sequence number, from 1 */
    const resource_kind *kind;
    uint64_t handle;
    int adapter;
    const char *alloc_ddi;    /* the event's strings, shared (event.h) */
    const char *callback;     /* callback running at allocation, "" for none */
    const char *state;        /* adapter state at allocation */
    uint64_t event_index;     /* trace index of the allocating call */
    backtrace_t bt;           /* where the miniport allocated it */
    int open;                 /* still held */
    const char *free_ddi;     /* how it was released, when closed */
    uint64_t free_event_index;
    int out_of_order;         /* judge: a release-order analysis reported its release */
    int shadowed;             /* out of its handle's chain: a newer record of its kind took its place */
    event alloc_event;        /* the allocating call as it was, for {resource.arg.X}: its
                               * fields and arguments (in the record's block), its
                               * backtrace the record's, no stack; zero without an event */
    /* The latest earlier record of another kind at the same handle (one
     * of the same kind is shadowed by this one and leaves the chain). Resources of other
     * kinds may share an address: a spin lock whose storage is the first
     * member of a memory block the driver allocated (NDIS_SPIN_LOCK is the
     * caller's storage); each keeps its own record. */
    struct ledger_record *same_handle;
} ledger_record;

typedef enum {
    LEDGER_FREE_OK,
    LEDGER_FREE_UNKNOWN,          /* handle never allocated (foreign free) */
    LEDGER_FREE_DOUBLE,           /* handle was allocated and already released */
    LEDGER_FREE_WRONG_RECIPROCAL  /* released, but by a DDI that is not the kind's reciprocal */
} ledger_free_outcome;

typedef struct ledger ledger;

ledger *ledger_new(void);
/* A ledger that answers lookups (find, record_free's outcome, open_count)
 * and keeps nothing else: a record shadowed by a newer one of its kind at
 * its handle is freed then, and ledger_count/ledger_at see no records.
 * The host's, which allocates at the same addresses again and again. */
ledger *ledger_new_lookup_only(void);
void ledger_free(ledger *l);

/* Records an allocation; the event supplies adapter, callback, state, index and backtrace
 * (without one, ev NULL, the record holds no text: alloc_ddi, callback, state NULL). A handle already open is closed first (NDIS reused it: the old record was leaked or freed). */
ledger_record *ledger_record_alloc(ledger *l, const resource_kind *kind, uint64_t handle,
                                   const event *ev);
/* Records a release of handle by free_ddi (kept in the record when ev is given).  *rec is set to the matching
 * record when there is one (also for DOUBLE and WRONG_RECIPROCAL). */
ledger_free_outcome ledger_record_free(ledger *l, const char *free_ddi, uint64_t handle,
                                       const event *ev, ledger_record **rec);
ledger_record *ledger_find_open(ledger *l, uint64_t handle);
/* The latest record for handle, open or released; NULL when never allocated. */
ledger_record *ledger_find_latest(ledger *l, uint64_t handle);

/* r can be reached by no lookup any more: closed, and shadowed by a newer
 * record of its kind at its handle. */
int ledger_forgettable(const ledger_record *r);
/* Frees the records ledger_forgettable says so of and takes them off the
 * list (ledger_at): memory then follows the resources held and the handles
 * seen, not every allocation. Nothing may point to such a record when it
 * is called. Returns how many were freed. */
size_t ledger_forget_unreachable(ledger *l);

/* All records in allocation order (open and closed, but those forgotten). */
size_t ledger_count(const ledger *l);
ledger_record *ledger_at(ledger *l, size_t i);
size_t ledger_open_count(const ledger *l, int adapter); /* adapter -1: all */

#endif
