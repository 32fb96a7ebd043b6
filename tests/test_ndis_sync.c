/* Locks and lookaside lists: NDIS spin locks (spinlock.c), read/write locks
 * (rwlock.c), executive spin locks (ke_spinlock.c) and nonpaged lookaside
 * lists (lookaside.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "host/ndis/ndis_internal.h"
#include "ndis_fixture.h"

static adapter *a;

static void setup(void)
{
    a = ndis_fixture_begin(NULL, 0);
    ck_assert_ptr_nonnull(a);
}

static void teardown(void)
{
    ndis_fixture_end();
}

/* ---- NDIS spin locks ---- */

/* NdisMResetComplete function (NDIS 6.x),
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-ndismresetcomplete-r1:
 * "A miniport driver must release any spin lock that it is holding before
 * calling NdisMResetComplete."  The call records how many NDIS spin locks
 * are held (arg spin_locks_held) for RESET-COMPLETE-SPINLOCK. */
START_TEST(reset_complete_records_held_spin_locks)
{
    int base = ndis_spin_locks_held();   /* 0 in a forked test */
    NDIS_SPIN_LOCK one, two;
    NdisAllocateSpinLock(&one);
    NdisAllocateSpinLock(&two);
    a->pending = PENDING_RESET;
    NdisAcquireSpinLock(&one);
    NdisDprAcquireSpinLock(&two);
    NdisDprAcquireSpinLock(&two);        /* a recursive acquire holds it once */
    ck_assert_int_eq(ndis_spin_locks_held(), base + 2);
    NdisMResetComplete(a, NDIS_STATUS_SUCCESS, FALSE);
    ck_assert_int_eq(ndis_fixture_last_int("NdisMResetComplete", "spin_locks_held", -1), base + 2);
    NdisDprReleaseSpinLock(&two);
    NdisDprReleaseSpinLock(&two);        /* not held: changes nothing */
    ck_assert_int_eq(ndis_spin_locks_held(), base + 1);
    NdisFreeSpinLock(&one);              /* freed while held: no longer held */
    ck_assert_int_eq(ndis_spin_locks_held(), base);
    host_set_irql(PASSIVE_LEVEL);
    a->pending = PENDING_RESET;
    NdisMResetComplete(a, NDIS_STATUS_SUCCESS, FALSE);
    ck_assert_int_eq(ndis_fixture_last_int("NdisMResetComplete", "spin_locks_held", -1), base);
    NdisFreeSpinLock(&two);
}
END_TEST

START_TEST(spin_lock_raises_and_restores)
{
    NDIS_SPIN_LOCK lock;
    NdisAllocateSpinLock(&lock);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    NdisAcquireSpinLock(&lock);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    ck_assert_int_eq(lock.OldIrql, PASSIVE_LEVEL);
    NdisReleaseSpinLock(&lock);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);

    host_set_irql(DISPATCH_LEVEL);   /* acquired from a DPC: stays, and is restored to */
    NdisAcquireSpinLock(&lock);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    NdisReleaseSpinLock(&lock);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    host_set_irql(PASSIVE_LEVEL);

    NdisFreeSpinLock(&lock);
    event ev;
    ck_assert(ndis_fixture_last("NdisFreeSpinLock", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    ck_assert_int_eq(event_arg_int(&ev, "held", -1), 0);
    event_free(&ev);
}
END_TEST

START_TEST(spin_lock_nested_restore_order)
{
    NDIS_SPIN_LOCK outer, inner;
    NdisAllocateSpinLock(&outer);
    NdisAllocateSpinLock(&inner);
    NdisAcquireSpinLock(&outer);
    NdisAcquireSpinLock(&inner);
    ck_assert_int_eq(inner.OldIrql, DISPATCH_LEVEL);
    NdisReleaseSpinLock(&inner);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);   /* outer is still held */
    NdisReleaseSpinLock(&outer);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    NdisFreeSpinLock(&inner);
    NdisFreeSpinLock(&outer);
}
END_TEST

START_TEST(dpr_variants_keep_irql)
{
    NDIS_SPIN_LOCK lock;
    NdisAllocateSpinLock(&lock);
    host_set_irql(DISPATCH_LEVEL);
    NdisDprAcquireSpinLock(&lock);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    event ev;
    ck_assert(ndis_fixture_last("NdisDprAcquireSpinLock", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "held", -1), 0);
    event_free(&ev);
    NdisDprReleaseSpinLock(&lock);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    host_set_irql(PASSIVE_LEVEL);
    /* Misused at PASSIVE_LEVEL the Dpr variants still do not touch the IRQL. */
    NdisDprAcquireSpinLock(&lock);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    NdisDprReleaseSpinLock(&lock);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    NdisFreeSpinLock(&lock);
}
END_TEST

START_TEST(spin_lock_misuse_recorded)
{
    NDIS_SPIN_LOCK lock;
    NdisAllocateSpinLock(&lock);
    NdisAcquireSpinLock(&lock);
    NdisAcquireSpinLock(&lock);   /* recursive: would deadlock; recorded */
    event ev;
    ck_assert(ndis_fixture_last("NdisAcquireSpinLock", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "held", -1), 1);
    event_free(&ev);
    NdisReleaseSpinLock(&lock);
    NdisReleaseSpinLock(&lock);   /* not held any more: ignored */
    ck_assert(ndis_fixture_last("NdisReleaseSpinLock", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "held", -1), 0);
    event_free(&ev);
    host_set_irql(PASSIVE_LEVEL);
    NdisAcquireSpinLock(&lock);
    NdisFreeSpinLock(&lock);   /* freed while held */
    ck_assert(ndis_fixture_last("NdisFreeSpinLock", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "held", -1), 1);
    event_free(&ev);
    host_set_irql(PASSIVE_LEVEL);

    NDIS_SPIN_LOCK never;
    memset(&never, 0, sizeof never);
    NdisAcquireSpinLock(&never);   /* never allocated: refused, IRQL unchanged */
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    ck_assert(ndis_fixture_last("NdisAcquireSpinLock", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "allocated", -1), 0);
    event_free(&ev);
    NdisFreeSpinLock(&never);
    ck_assert(ndis_fixture_last("NdisFreeSpinLock", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "unknown");
    event_free(&ev);
}
END_TEST

/* A lock word that says "held by another thread" with no other thread
 * alive (the miniport freed the memory the lock lived in, and the harness
 * poisoned it) is recorded as held, never waited for: ZeroTier's
 * TapDriver6 hung the host that way on its Initialize failure path. */
START_TEST(spin_lock_word_of_a_thread_that_does_not_exist)
{
    NDIS_SPIN_LOCK lock;
    NdisAllocateSpinLock(&lock);
    memset(&lock.SpinLock, 0xDD, sizeof lock.SpinLock);
    NdisAcquireSpinLock(&lock);
    event ev;
    ck_assert(ndis_fixture_last("NdisAcquireSpinLock", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "held", -1), 1);
    event_free(&ev);
    NdisReleaseSpinLock(&lock);
    NdisFreeSpinLock(&lock);
    host_set_irql(PASSIVE_LEVEL);
}
END_TEST

START_TEST(interlocked_lists)
{
    NDIS_SPIN_LOCK lock;
    NdisAllocateSpinLock(&lock);
    LIST_ENTRY head, e1, e2;
    InitializeListHead(&head);
    ck_assert_ptr_null(NdisInterlockedInsertTailList(&head, &e1, &lock));   /* was empty */
    ck_assert_ptr_eq(NdisInterlockedInsertTailList(&head, &e2, &lock), &e1);
    ck_assert_ptr_eq(NdisInterlockedRemoveHeadList(&head, &lock), &e1);
    ck_assert_ptr_eq(NdisInterlockedInsertHeadList(&head, &e1, &lock), &e2);
    ck_assert_ptr_eq(NdisInterlockedRemoveHeadList(&head, &lock), &e1);
    ck_assert_ptr_eq(NdisInterlockedRemoveHeadList(&head, &lock), &e2);
    ck_assert_ptr_null(NdisInterlockedRemoveHeadList(&head, &lock));
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    NdisFreeSpinLock(&lock);
}
END_TEST

/* ---- read/write locks ---- */

START_TEST(rw_lock_readers_and_writer)
{
    NDIS_RW_LOCK lock;
    LOCK_STATE r1, r2, w;
    NdisInitializeReadWriteLock(&lock);
    NdisAcquireReadWriteLock(&lock, FALSE, &r1);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    ck_assert_int_eq(r1.OldIrql, PASSIVE_LEVEL);
    NdisAcquireReadWriteLock(&lock, FALSE, &r2);   /* readers share */
    event ev;
    ck_assert(ndis_fixture_last("NdisAcquireReadWriteLock", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "contended", -1), 0);
    event_free(&ev);
    ck_assert_uint_eq(lock.SharedRefCount, 2);
    NdisReleaseReadWriteLock(&lock, &r2);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    NdisReleaseReadWriteLock(&lock, &r1);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    ck_assert_uint_eq(lock.SharedRefCount, 0);

    NdisAcquireReadWriteLock(&lock, TRUE, &w);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    ck_assert(ndis_fixture_last("NdisAcquireReadWriteLock", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "contended", -1), 0);
    ck_assert_int_eq(event_arg_int(&ev, "fWrite", -1), 1);
    event_free(&ev);
    NdisAcquireReadWriteLock(&lock, FALSE, &r1);   /* would wait for the writer */
    ck_assert(ndis_fixture_last("NdisAcquireReadWriteLock", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "contended", -1), 1);
    event_free(&ev);
    NdisReleaseReadWriteLock(&lock, &r1);
    NdisReleaseReadWriteLock(&lock, &w);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    NdisReleaseReadWriteLock(&lock, &w);   /* second release: not held, IRQL untouched */
    ck_assert(ndis_fixture_last("NdisReleaseReadWriteLock", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "held", -1), 0);
    event_free(&ev);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
}
END_TEST

START_TEST(rw_lock_uninitialized)
{
    /* Static: a stack lock could sit where an earlier test initialized one
     * (the lock has no free DDI, so the emulation never forgets it). */
    static NDIS_RW_LOCK lock;
    LOCK_STATE s;
    NdisAcquireReadWriteLock(&lock, TRUE, &s);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    event ev;
    ck_assert(ndis_fixture_last("NdisAcquireReadWriteLock", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "allocated", -1), 0);
    event_free(&ev);
}
END_TEST

/* ---- executive spin locks ---- */

START_TEST(ke_spin_lock)
{
    KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    host_set_irql(DISPATCH_LEVEL);
    KeAcquireSpinLockAtDpcLevel(&lock);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    ck_assert_int_eq(KeTryToAcquireSpinLockAtDpcLevel(&lock), FALSE);   /* held */
    KeReleaseSpinLockFromDpcLevel(&lock);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    ck_assert_int_eq(KeTryToAcquireSpinLockAtDpcLevel(&lock), TRUE);
    KeReleaseSpinLock(&lock, PASSIVE_LEVEL);   /* restores the IRQL passed */
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    event ev;
    ck_assert(ndis_fixture_last("KeReleaseSpinLock", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "held", -1), 1);
    event_free(&ev);

    host_set_irql(DISPATCH_LEVEL);
    KeReleaseSpinLock(&lock, PASSIVE_LEVEL);   /* not held: the IRQL stays */
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    KeAcquireSpinLockAtDpcLevel(&lock);
    KeAcquireSpinLockAtDpcLevel(&lock);   /* recursive: recorded */
    ck_assert(ndis_fixture_last("KeAcquireSpinLockAtDpcLevel", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "held", -1), 1);
    event_free(&ev);
    KeReleaseSpinLockFromDpcLevel(&lock);
    host_set_irql(PASSIVE_LEVEL);
}
END_TEST

/* ---- lookaside lists ---- */

static struct {
    int allocs, frees;
    SIZE_T size;
    ULONG tag;
    void *last_freed;
} custom;

static PVOID custom_allocate(POOL_TYPE type, SIZE_T bytes, ULONG tag)
{
    (void)type;
    custom.allocs++;
    custom.size = bytes;
    custom.tag = tag;
    return malloc(bytes);
}

static VOID custom_free(PVOID buffer)
{
    custom.frees++;
    custom.last_freed = buffer;
    free(buffer);
}

START_TEST(lookaside_default_entries_are_resources)
{
    NPAGED_LOOKASIDE_LIST list;
    NdisInitializeNPagedLookasideList(&list, NULL, NULL, 0, 48, 'kooL', 0);
    void *e = NdisAllocateFromNPagedLookasideList(&list);
    ck_assert_ptr_nonnull(e);
    memset(e, 0, 48);
    event ev;
    ck_assert(ndis_fixture_last("NdisAllocateFromNPagedLookasideList", &ev));
    ck_assert_int_eq(ev.status, NDIS_STATUS_SUCCESS);
    ck_assert_uint_eq((uint64_t)event_arg_int(&ev, "handle", 0), (uint64_t)(uintptr_t)e);
    event_free(&ev);
    ck_assert(host_handle_is_live((uint64_t)(uintptr_t)e));
    NdisFreeToNPagedLookasideList(&list, e);
    ck_assert(ndis_fixture_last("NdisFreeToNPagedLookasideList", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    event_free(&ev);
    ck_assert(!host_handle_is_live((uint64_t)(uintptr_t)e));
    ck_assert_uint_eq(list.L.TotalAllocates, 1);
    ck_assert_uint_eq(list.L.TotalFrees, 1);
    NdisDeleteNPagedLookasideList(&list);
    ck_assert(ndis_fixture_last("NdisDeleteNPagedLookasideList", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    ck_assert_int_eq(event_arg_int(&ev, "allocated", -1), 1);
    event_free(&ev);
}
END_TEST

START_TEST(lookaside_custom_functions_called)
{
    memset(&custom, 0, sizeof custom);
    NPAGED_LOOKASIDE_LIST list;
    NdisInitializeNPagedLookasideList(&list, custom_allocate, custom_free, 0, 24, 'tsuC', 0);
    void *e = NdisAllocateFromNPagedLookasideList(&list);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(custom.allocs, 1);
    ck_assert_uint_eq(custom.size, 24);
    ck_assert_uint_eq(custom.tag, 'tsuC');
    event ev;
    ck_assert(ndis_fixture_last("NdisAllocateFromNPagedLookasideList", &ev));
    ck_assert_ptr_null(event_arg_get(&ev, "handle"));   /* the driver's own memory: no second resource */
    ck_assert_uint_eq((uint64_t)event_arg_int(&ev, "entry", 0), (uint64_t)(uintptr_t)e);
    event_free(&ev);
    ck_assert(!host_handle_is_live((uint64_t)(uintptr_t)e));
    NdisFreeToNPagedLookasideList(&list, e);
    ck_assert_int_eq(custom.frees, 1);
    ck_assert_ptr_eq(custom.last_freed, e);
    ck_assert(ndis_fixture_last("NdisFreeToNPagedLookasideList", &ev));
    ck_assert_ptr_null(event_arg_get(&ev, "handle"));
    ck_assert_ptr_null(event_arg_get(&ev, "ledger"));
    event_free(&ev);
    NdisDeleteNPagedLookasideList(&list);
}
END_TEST

START_TEST(lookaside_deleted_list_refused)
{
    NPAGED_LOOKASIDE_LIST list;
    NdisInitializeNPagedLookasideList(&list, NULL, NULL, 0, 8, 0, 0);
    NdisDeleteNPagedLookasideList(&list);
    ck_assert_ptr_null(NdisAllocateFromNPagedLookasideList(&list));
    event ev;
    ck_assert(ndis_fixture_last("NdisAllocateFromNPagedLookasideList", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "allocated", -1), 0);
    ck_assert_int_eq(ev.status, NDIS_STATUS_RESOURCES);
    event_free(&ev);
    NdisDeleteNPagedLookasideList(&list);
    ck_assert(ndis_fixture_last("NdisDeleteNPagedLookasideList", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "double");
    event_free(&ev);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_sync");
    struct { const char *name; const TTest *tests[8]; } cases[] = {
        { "spinlock", { spin_lock_raises_and_restores, spin_lock_nested_restore_order, dpr_variants_keep_irql,
                        spin_lock_misuse_recorded, interlocked_lists,
                        reset_complete_records_held_spin_locks, spin_lock_word_of_a_thread_that_does_not_exist } },
        { "rwlock", { rw_lock_readers_and_writer, rw_lock_uninitialized } },
        { "ke_spinlock", { ke_spin_lock } },
        { "lookaside", { lookaside_default_entries_are_resources, lookaside_custom_functions_called,
                         lookaside_deleted_list_refused } },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_checked_fixture(tc, setup, teardown);
        for (size_t k = 0; k < 8 && cases[i].tests[k]; k++)
            tcase_add_test(tc, cases[i].tests[k]);
        suite_add_tcase(s, tc);
    }
    return ndis_fixture_run(s);
}
