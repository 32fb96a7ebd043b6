/* Kernel DPCs (harness/host/ndis/dpc.c): each test asserts the behaviour its WDK
 * page documents, the page's sentence quoted. */
#include <check.h>
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

static int runs;
static PVOID seen_context, seen_arg1, seen_arg2;
static int seen_irql;

static VOID count_dpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    (void)Dpc;
    runs++;
    seen_context = Context;
    seen_arg1 = Arg1;
    seen_arg2 = Arg2;
    seen_irql = host_irql();
}

static void reset_seen(void)
{
    runs = 0;
    seen_context = seen_arg1 = seen_arg2 = NULL;
    seen_irql = -1;
}

/* KeInsertQueueDpc function (wdm.h),
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keinsertqueuedpc:
 * "If the specified DPC object is not currently in a DPC queue,
 * KeInsertQueueDpc queues the DPC and returns TRUE." and "If the specified
 * DPC object has already been queued, no operation is performed except to
 * return FALSE."  The routine then runs once, with the arguments of the
 * insertion that queued it, at DISPATCH_LEVEL (KDEFERRED_ROUTINE). */
START_TEST(insert_queues_once)
{
    KDPC dpc;
    int context;
    reset_seen();
    KeInitializeDpc(&dpc, count_dpc, &context);
    ck_assert_int_eq(KeInsertQueueDpc(&dpc, (PVOID)0x11, (PVOID)0x22), TRUE);
    ck_assert_int_eq(KeInsertQueueDpc(&dpc, (PVOID)0x33, (PVOID)0x44), FALSE);
    ck_assert_int_eq(ndis_fixture_last_int("KeInsertQueueDpc", "initialized", -1), 1);
    ck_assert_int_eq(runs, 0);             /* queued, not run by the insertion */
    host_defer_run_due();
    ck_assert_int_eq(runs, 1);
    ck_assert_ptr_eq(seen_context, &context);
    ck_assert_ptr_eq(seen_arg1, (PVOID)0x11);
    ck_assert_ptr_eq(seen_arg2, (PVOID)0x22);
    ck_assert_int_eq(seen_irql, DISPATCH_LEVEL);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    /* once run it is no longer in the queue: it can be queued again */
    ck_assert_int_eq(KeInsertQueueDpc(&dpc, NULL, NULL), TRUE);
    host_defer_run_due();
    ck_assert_int_eq(runs, 2);
}
END_TEST

/* KeRemoveQueueDpc function (wdm.h),
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keremovequeuedpc:
 * "KeRemoveQueueDpc returns TRUE if the DPC object is in the DPC queue. If
 * the specified DPC object is not currently in the DPC queue, no operation
 * is performed and FALSE is returned." and "If the specified DPC object is
 * currently queued, it is removed from the queue, canceling a call to the
 * associated DPC routine." */
START_TEST(remove_cancels_the_call)
{
    KDPC dpc;
    reset_seen();
    KeInitializeDpc(&dpc, count_dpc, NULL);
    ck_assert_int_eq(KeRemoveQueueDpc(&dpc), FALSE);     /* never queued */
    ck_assert_int_eq(KeInsertQueueDpc(&dpc, NULL, NULL), TRUE);
    ck_assert_int_eq(KeRemoveQueueDpc(&dpc), TRUE);
    ck_assert_int_eq(KeRemoveQueueDpc(&dpc), FALSE);     /* already removed */
    host_defer_run_due();
    ck_assert_int_eq(runs, 0);
    /* removed, it can be queued again, and a DPC that has run is not in the queue */
    ck_assert_int_eq(KeInsertQueueDpc(&dpc, NULL, NULL), TRUE);
    host_defer_run_due();
    ck_assert_int_eq(runs, 1);
    ck_assert_int_eq(KeRemoveQueueDpc(&dpc), FALSE);
}
END_TEST

/* KeFlushQueuedDpcs function (wdm.h),
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keflushqueueddpcs:
 * "The KeFlushQueuedDpcs routine returns after all currently queued DPCs on
 * all processors have executed their DPC routines to completion." */
START_TEST(flush_runs_queued_dpcs)
{
    KDPC one, two;
    reset_seen();
    KeInitializeDpc(&one, count_dpc, NULL);
    KeInitializeDpc(&two, count_dpc, NULL);
    KeInsertQueueDpc(&one, NULL, NULL);
    KeInsertQueueDpc(&two, NULL, NULL);
    KeFlushQueuedDpcs();
    ck_assert_int_eq(runs, 2);
    ck_assert_int_eq(KeRemoveQueueDpc(&one), FALSE);
    KeFlushQueuedDpcs();                   /* nothing queued: nothing runs */
    ck_assert_int_eq(runs, 2);
    ck_assert_uint_eq(ndis_fixture_count("KeFlushQueuedDpcs"), 2);
}
END_TEST

/* KeSetImportanceDpc function (wdm.h),
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-kesetimportancedpc:
 * "MediumImportance is the default value for Importance."  KeInitializeDpc
 * also keeps the routine and context the DPC later runs with. */
START_TEST(initialize_sets_routine_and_importance)
{
    KDPC dpc;
    memset(&dpc, 0xAB, sizeof dpc);
    KeInitializeDpc(&dpc, count_dpc, (PVOID)0x55);
    ck_assert_ptr_eq((void *)dpc.DeferredRoutine, (void *)count_dpc);
    ck_assert_ptr_eq(dpc.DeferredContext, (PVOID)0x55);
    ck_assert_int_eq(dpc.Importance, MediumImportance);
    ck_assert_ptr_null(dpc.DpcData);       /* not in a queue */
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_dpc");
    TCase *tc = tcase_create("dpc");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, insert_queues_once);
    tcase_add_test(tc, remove_cancels_the_call);
    tcase_add_test(tc, flush_runs_queued_dpcs);
    tcase_add_test(tc, initialize_sets_routine_and_importance);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
