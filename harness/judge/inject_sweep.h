/* The fault-injection sweep (Driver Verifier's low-resources simulation,
 * done exhaustively): the allocation points a clean run reached in
 * Initialize and Restart, each identified by its DDI and call stack. */
#ifndef MPC_INJECT_SWEEP_H
#define MPC_INJECT_SWEEP_H

#include "../trace/event.h"
#include "../input/tables.h"

typedef struct {
    char *signature;     /* DDI|module+0xoff|... as host_site_signature builds it */
    char *description;   /* "NdisAllocateSpinLock in VnicInitialize (adapter.c:88)" */
    size_t scenario;     /* which scenario reaches it */
} sweep_point;

/* Appends ev's point when it is one not seen before: an allocation made
 * inside callback `within`, or (NULL) inside MiniportInitializeEx or
 * MiniportRestart. A trace's points are its events' in order. */
int sweep_collect_event(const event *ev, size_t scenario, const ndis_tables *t, const char *within,
                        sweep_point **points, size_t *count);
/* Appends copies of the points of more not in *points yet: the points of
 * several traces, each collected apart, merged in trace order are those
 * found over the traces in that order. 0, or -1. */
int sweep_points_merge(sweep_point **points, size_t *count, const sweep_point *more, size_t nmore);
void sweep_points_free(sweep_point *points, size_t count);

/* Parses "DDI" or "DDI:N" (N >= 1). 0, or -1 when malformed. */
int inject_parse(const char *spec, char *ddi, size_t ddilen, unsigned *nth);

#endif
