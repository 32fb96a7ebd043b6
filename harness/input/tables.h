/* The data NDIS's contracts are judged by, loaded from YAML under checks/
 * (files whose top-level key is `resources:`, `irql:` or `returns:`): which DDI allocates
 * each kind of resource and which DDI is its reciprocal, the highest IRQL
 * each DDI may be called at, and the IRQL NDIS calls each callback at. */
#ifndef MPC_TABLES_H
#define MPC_TABLES_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *kind;           /* "memory", "spin_lock", "timer", "port", ... */
    char **alloc_ddis;    /* DDIs that allocate it; handle in event arg "handle" */
    size_t nalloc;
    char **free_ddis;     /* its reciprocals */
    size_t nfree;
    int init_order;       /* position in the typical MiniportInitializeEx order (004), 0 = none */
} resource_kind;

typedef struct {
    char *name;
    int max_irql;         /* 0 PASSIVE, 1 APC, 2 DISPATCH, higher = DIRQL */
    char *doc;            /* its WDK page under .../drivers/ddi/ ("ndis/nf-ndis-ndismsleep"), NULL when not given */
} ddi_irql;

typedef struct {
    char *name;           /* MiniportResetEx, MiniportInterrupt, ... */
    int irql;             /* IRQL NDIS calls it at */
    int strict_irql;      /* IRQL in the strict pass (the top of a "<= X" range) */
} callback_irql;

/* What a callback may return (checks/tables/returns.yaml): the values its
 * WDK page documents and what NDIS does after each. */
typedef enum { RETURN_SET_CLOSED = 1, RETURN_SET_OPEN = 2 } return_set;

typedef struct {
    char *value;          /* a constant name, a number, `error` (any error status) or `other` */
    char *state;          /* the adapter state once the operation is over, or `completion` */
} return_reaction;

typedef struct {
    char *callback;       /* MiniportPause, ... */
    char *page, *url, *passage;   /* the WDK page that lists the values, and its sentence */
    char *doc;            /* "page: passage", what findings cite (url: the page's address) */
    return_set set;       /* closed: the page lists every value; open: the usual ones */
    int64_t *allowed;     /* documented values */
    size_t nallowed;
    int any_error;        /* every error-class status is a documented failure */
    char *allowed_text;   /* "NDIS_STATUS_SUCCESS, NDIS_STATUS_PENDING", for messages */
    return_reaction *after;
    size_t nafter;
    char *outside;        /* what the host does with a value outside the set, and why */
} callback_returns;

typedef struct {
    resource_kind *kinds;
    size_t nkinds;
    ddi_irql *ddis;
    size_t nddis;
    callback_irql *callbacks;
    size_t ncallbacks;
    callback_returns *returns;
    size_t nreturns;
    /* Name -> its entries, built by tables_seal once loading is over: the
     * host asks about every DDI it emits, and a scan of every list per
     * event cost more than the rest of a tracked allocation. */
    struct tables_lookup *lookup;
} ndis_tables;

const resource_kind *tables_kind_allocated_by(const ndis_tables *t, const char *ddi);
const resource_kind *tables_kind_freed_by(const ndis_tables *t, const char *ddi);
const resource_kind *tables_kind(const ndis_tables *t, const char *kind);
/* -1 when the DDI is not in the table. */
int tables_ddi_max_irql(const ndis_tables *t, const char *ddi);
/* The DDI's page under learn.microsoft.com/windows-hardware/drivers/ddi/
 * as the IRQL table names it, NULL when the table gives none. */
const char *tables_ddi_doc(const ndis_tables *t, const char *ddi);
const callback_irql *tables_callback(const ndis_tables *t, const char *name);
const char *irql_name(int irql);
/* The return table entry of a callback, NULL when it has none. */
const callback_returns *tables_returns(const ndis_tables *t, const char *callback);
/* Is status one of the values the entry documents? */
int returns_allows(const callback_returns *r, int64_t status);
/* -1 when unknown; accepts PASSIVE_LEVEL, APC_LEVEL, DISPATCH_LEVEL, DIRQL, HIGH_LEVEL or a number. */
int irql_from_name(const char *name);
/* Loading is over: builds the index lookups by name use from now on (they
 * scan until then). The tables must not change after. */
void tables_seal(ndis_tables *t);
void tables_free(ndis_tables *t);

#endif
