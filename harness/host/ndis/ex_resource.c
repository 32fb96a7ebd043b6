/* Executive resources (ERESOURCE) and the critical regions their callers
 * must be in.  One thread runs the driver's NDIS callbacks, so a resource
 * counts its holds: the exclusive owner (the host thread number + 1 in
 * OwnerEntry.OwnerThread, its recursion in OwnerEntry.OwnerCount) or the
 * shared holders (ActiveCount).  An acquire that would have to wait is
 * recorded (contended=1): with Wait FALSE it fails as the pages say, with
 * Wait TRUE it is granted, as the read/write locks of rw_counts.c do.
 * Each acquire and release records whether normal kernel APCs were off
 * (apcs_disabled: a critical region, or IRQL >= APC_LEVEL), which the
 * pages require. */
#include "ndis_internal.h"
#include "../host_thread.h"

#define RESOURCE_EXCLUSIVE 0x0080u   /* ERESOURCE.Flag: held exclusively */

static __thread int critical_region_depth;

static ERESOURCE_THREAD current_owner(void)
{
    return (ERESOURCE_THREAD)host_thread_number() + 1;
}

static int apcs_disabled(void)
{
    return critical_region_depth > 0 || host_irql() >= APC_LEVEL;
}

NTSTATUS ExInitializeResourceLite(PERESOURCE Resource)
{
    int aligned = ((uintptr_t)Resource & 7u) == 0;   /* "8-byte aligned on 64-bit platforms" */
    if (Resource)
        memset(Resource, 0, sizeof *Resource);
    HOST_DDI("ExInitializeResourceLite", STATUS_SUCCESS, TA_PTR("handle", Resource), TA_INT("aligned", aligned));
    return STATUS_SUCCESS;
}

NTSTATUS ExDeleteResourceLite(PERESOURCE Resource)
{
    int held = Resource && Resource->ActiveCount != 0;
    HOST_DDI("ExDeleteResourceLite", STATUS_SUCCESS, TA_PTR("handle", Resource), TA_INT("held", held));
    return STATUS_SUCCESS;
}

static BOOLEAN acquire(const char *ddi, PERESOURCE r, BOOLEAN Wait, int exclusive)
{
    ERESOURCE_THREAD me = current_owner();
    int owned_exclusive = r && (r->Flag & RESOURCE_EXCLUSIVE);
    int mine = owned_exclusive && r->OwnerEntry.OwnerThread == me;
    int contended = 0;
    if (r && !mine)
        contended = exclusive ? r->ActiveCount != 0 : owned_exclusive;
    BOOLEAN granted = r && (!contended || Wait);
    HOST_DDI(ddi, granted, TA_PTR("resource", r), TA_INT("Wait", Wait), TA_INT("contended", contended),
             TA_INT("recursive", mine), TA_INT("apcs_disabled", apcs_disabled()));
    if (!granted)
        return FALSE;
    r->ActiveCount++;
    if (mine) {
        /* "granted the same type of access recursively" */
        r->OwnerEntry.OwnerCount++;
    } else if (exclusive) {
        r->Flag |= RESOURCE_EXCLUSIVE;
        r->OwnerEntry.OwnerThread = me;
        r->OwnerEntry.OwnerCount = 1;
    }
    return TRUE;
}

BOOLEAN ExAcquireResourceExclusiveLite(PERESOURCE Resource, BOOLEAN Wait)
{
    return acquire("ExAcquireResourceExclusiveLite", Resource, Wait, 1);
}

BOOLEAN ExAcquireResourceSharedLite(PERESOURCE Resource, BOOLEAN Wait)
{
    return acquire("ExAcquireResourceSharedLite", Resource, Wait, 0);
}

/* Differs from ExAcquireResourceSharedLite only for exclusive waiters,
 * which one thread never has. */
BOOLEAN ExAcquireSharedStarveExclusive(PERESOURCE Resource, BOOLEAN Wait)
{
    return acquire("ExAcquireSharedStarveExclusive", Resource, Wait, 0);
}

VOID ExReleaseResourceLite(PERESOURCE Resource)
{
    int held = Resource && Resource->ActiveCount > 0;
    HOST_DDI_VOID("ExReleaseResourceLite", TA_PTR("resource", Resource), TA_INT("held", held),
                  TA_INT("apcs_disabled", apcs_disabled()));
    if (!held)
        return;
    Resource->ActiveCount--;
    if ((Resource->Flag & RESOURCE_EXCLUSIVE) && --Resource->OwnerEntry.OwnerCount == 0) {
        Resource->Flag &= (USHORT)~RESOURCE_EXCLUSIVE;
        Resource->OwnerEntry.OwnerThread = 0;
    }
}

VOID KeEnterCriticalRegion(void)
{
    critical_region_depth++;
    HOST_DDI_VOID("KeEnterCriticalRegion", TA_INT("depth", critical_region_depth));
}

VOID KeLeaveCriticalRegion(void)
{
    int matched = critical_region_depth > 0;   /* "must have a matching call" */
    if (matched)
        critical_region_depth--;
    HOST_DDI_VOID("KeLeaveCriticalRegion", TA_INT("depth", critical_region_depth), TA_INT("matched", matched));
}
