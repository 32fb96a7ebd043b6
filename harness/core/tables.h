/* The data NDIS's contracts are judged by, loaded from YAML under checks/
 * (files whose top-level key is `resources:` or `irql:`): which DDI allocates
 * each kind of resource and which DDI is its reciprocal, the highest IRQL
 * each DDI may be called at, and the IRQL NDIS calls each callback at. */
#ifndef MPC_TABLES_H
#define MPC_TABLES_H

#include <stddef.h>

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
} ddi_irql;

typedef struct {
    char *name;           /* MiniportResetEx, MiniportInterrupt, ... */
    int irql;             /* IRQL NDIS calls it at */
    int strict_irql;      /* IRQL in the strict pass (the top of a "<= X" range) */
} callback_irql;

typedef struct {
    resource_kind *kinds;
    size_t nkinds;
    ddi_irql *ddis;
    size_t nddis;
    callback_irql *callbacks;
    size_t ncallbacks;
} ndis_tables;

const resource_kind *tables_kind_allocated_by(const ndis_tables *t, const char *ddi);
const resource_kind *tables_kind_freed_by(const ndis_tables *t, const char *ddi);
const resource_kind *tables_kind(const ndis_tables *t, const char *kind);
/* -1 when the DDI is not in the table. */
int tables_ddi_max_irql(const ndis_tables *t, const char *ddi);
const callback_irql *tables_callback(const ndis_tables *t, const char *name);
const char *irql_name(int irql);
/* -1 when unknown; accepts PASSIVE_LEVEL, APC_LEVEL, DISPATCH_LEVEL, DIRQL, HIGH_LEVEL or a number. */
int irql_from_name(const char *name);
void tables_free(ndis_tables *t);

#endif
