/* The spin lock, pool, MDL-lock, executive-resource and critical-region
 * rules (checks/irql.yaml, checks/pool.yaml, checks/ddi.yaml) pinned
 * at their edges: the IRQL boundary on both sides, the DDI lists, the
 * lock's states, and the number of findings per scenario. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_builder.h"

/* The findings of id in t (freed); no other rule may report. */
static size_t only(trace *t, const char *id)
{
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t->list, &out), 0);
    size_t n = tb_count(&out, id);
    for (size_t i = 0; i < out.count; i++)
        ck_assert_msg(strcmp(out.items[i].rule_id, id) == 0, "unexpected %s: %s", out.items[i].rule_id,
                      out.items[i].message);
    violation_list_free(&out);
    trace_free(t);
    return n;
}

/* ---- IRQL-SPINLOCK-MISMATCH ---- */

/* One lock DDI at irql. */
static void lock_ddi(trace *t, const char *name, int irql)
{
    if (t->list.count == 0)
        ddi_h(t, "NdisAllocateSpinLock", 0x6000);   /* an initialized lock */
    t->irql = irql;
    event *e = ddi(t, name);
    if (strcmp(name, "NdisFreeSpinLock") == 0)
        arg(e, "handle", 0x6000);
    else
        arg(e, "lock", 0x6000);
}

/* NdisAcquireSpinLock / NdisReleaseSpinLock: "Any spin lock acquired with
 * NdisAcquireSpinLock must be released with NdisReleaseSpinLock. Any spin
 * lock acquired with NdisDprAcquireSpinLock must be released with
 * NdisDprReleaseSpinLock." (NdisReleaseSpinLock macro (ndis.h)); the
 * release runs at DISPATCH_LEVEL, where the acquire left the caller. */
START_TEST(spinlock_pairs)
{
    static const struct { const char *acquire, *release; int release_irql; size_t findings; } cases[] = {
        { "NdisAcquireSpinLock", "NdisReleaseSpinLock", 2, 0 },
        { "NdisDprAcquireSpinLock", "NdisDprReleaseSpinLock", 2, 0 },
        { "NdisAcquireSpinLock", "NdisDprReleaseSpinLock", 2, 1 },   /* crossed */
        { "NdisDprAcquireSpinLock", "NdisReleaseSpinLock", 2, 1 },
        { "NdisAcquireSpinLock", "NdisReleaseSpinLock", 1, 1 },      /* below DISPATCH_LEVEL */
        { "NdisDprAcquireSpinLock", "NdisDprReleaseSpinLock", 0, 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        trace t;
        tr_init(&t);
        lock_ddi(&t, cases[i].acquire, 2);
        lock_ddi(&t, cases[i].release, cases[i].release_irql);
        ck_assert_msg(only(&t, "IRQL-SPINLOCK-MISMATCH") == cases[i].findings, "case %zu", i);
    }
}
END_TEST

START_TEST(spinlock_states)
{
    trace t;
    tr_init(&t);                      /* released without being held */
    lock_ddi(&t, "NdisReleaseSpinLock", 2);
    ck_assert_uint_eq(only(&t, "IRQL-SPINLOCK-MISMATCH"), 1);

    tr_init(&t);                      /* released unheld twice: one finding per lock */
    lock_ddi(&t, "NdisReleaseSpinLock", 2);
    lock_ddi(&t, "NdisDprReleaseSpinLock", 2);
    ck_assert_uint_eq(only(&t, "IRQL-SPINLOCK-MISMATCH"), 1);

    tr_init(&t);                      /* acquired twice: a deadlock, then one finding only */
    lock_ddi(&t, "NdisAcquireSpinLock", 2);
    lock_ddi(&t, "NdisAcquireSpinLock", 2);
    lock_ddi(&t, "NdisReleaseSpinLock", 2);
    lock_ddi(&t, "NdisReleaseSpinLock", 2);
    ck_assert_uint_eq(only(&t, "IRQL-SPINLOCK-MISMATCH"), 1);

    tr_init(&t);                      /* freed while held, then reused correctly */
    lock_ddi(&t, "NdisDprAcquireSpinLock", 2);
    lock_ddi(&t, "NdisFreeSpinLock", 2);
    lock_ddi(&t, "NdisAcquireSpinLock", 0);
    lock_ddi(&t, "NdisReleaseSpinLock", 2);
    ck_assert_uint_eq(only(&t, "IRQL-SPINLOCK-MISMATCH"), 1);

    tr_init(&t);                      /* freed when free: fine, and many pairs are fine */
    for (int i = 0; i < 3; i++) {
        lock_ddi(&t, "NdisAcquireSpinLock", 0);
        lock_ddi(&t, "NdisReleaseSpinLock", 2);
    }
    lock_ddi(&t, "NdisFreeSpinLock", 0);
    ck_assert_uint_eq(only(&t, "IRQL-SPINLOCK-MISMATCH"), 0);
}
END_TEST

/* ---- pool ---- */

static size_t pool_call(const char *ddi_name, int irql, int paged, int valid, const char *id)
{
    trace t;
    tr_init(&t);
    t.irql = irql;
    event *e = ddi_h(&t, ddi_name, 0x3000);
    arg(e, "paged", paged);
    if (valid >= 0)
        arg(e, "valid", valid);
    return only(&t, id);
}

/* ExAllocatePoolWithTag function (wdm.h): "A caller executing at
 * DISPATCH_LEVEL must specify a NonPagedXxx value for PoolType."; the same
 * for ExAllocatePool2's POOL_FLAG_PAGED. */
START_TEST(pool_paged_at_dispatch_edges)
{
    ck_assert_uint_eq(pool_call("ExAllocatePoolWithTag", 2, 1, -1, "POOL-PAGED-AT-DISPATCH"), 1);
    ck_assert_uint_eq(pool_call("ExAllocatePoolWithTag", 1, 1, -1, "POOL-PAGED-AT-DISPATCH"), 0);   /* APC_LEVEL */
    ck_assert_uint_eq(pool_call("ExAllocatePoolWithTag", 2, 0, -1, "POOL-PAGED-AT-DISPATCH"), 0);
    ck_assert_uint_eq(pool_call("ExAllocatePool2", 2, 1, 1, "POOL-PAGED-AT-DISPATCH"), 1);
    ck_assert_uint_eq(pool_call("ExAllocatePool2", 0, 1, 1, "POOL-PAGED-AT-DISPATCH"), 0);
}
END_TEST

/* ExAllocatePool2 function (wdm.h): returns NULL when "Tag is set to 0 or
 * invalid POOL_FLAGS are specified". */
START_TEST(pool2_invalid_request_edges)
{
    ck_assert_uint_eq(pool_call("ExAllocatePool2", 0, 0, 0, "POOL2-INVALID-REQUEST"), 1);
    ck_assert_uint_eq(pool_call("ExAllocatePool2", 0, 0, 1, "POOL2-INVALID-REQUEST"), 0);
    ck_assert_uint_eq(pool_call("ExAllocatePoolWithTag", 0, 0, 0, "POOL2-INVALID-REQUEST"), 0);   /* other DDI */
}
END_TEST

/* ---- MDL locks, executive resources, critical regions ---- */

/* One call of ddi_name with an object argument and key = value: the
 * findings of id. */
static size_t one_call(const char *ddi_name, const char *key, int value, const char *id)
{
    trace t;
    tr_init(&t);
    event *e = ddi(&t, ddi_name);
    arg(e, "mdl", 0x7000);
    arg(e, key, value);
    return only(&t, id);
}

/* MmProbeAndLockPages function (wdm.h): "a second call to
 * MmProbeAndLockPages to lock the same MDL is not allowed until
 * MmUnlockPages is first called"; MmUnlockPages function (wdm.h): "The
 * memory described by the specified MDL must have been locked previously by
 * a call to MmProbeAndLockPages." */
START_TEST(mdl_lock_rules_edges)
{
    ck_assert_uint_eq(one_call("MmProbeAndLockPages", "already_locked", 1, "MM-LOCK-TWICE"), 1);
    ck_assert_uint_eq(one_call("MmProbeAndLockPages", "already_locked", 0, "MM-LOCK-TWICE"), 0);
    ck_assert_uint_eq(one_call("MmUnlockPages", "already_locked", 1, "MM-LOCK-TWICE"), 0);   /* other DDI */
    ck_assert_uint_eq(one_call("MmUnlockPages", "locked", 0, "MM-UNLOCK-NOT-LOCKED"), 1);
    ck_assert_uint_eq(one_call("MmUnlockPages", "locked", 1, "MM-UNLOCK-NOT-LOCKED"), 0);
    ck_assert_uint_eq(one_call("MmProbeAndLockPages", "locked", 0, "MM-UNLOCK-NOT-LOCKED"), 0);   /* other DDI */
}
END_TEST

/* IoFreeMdl function (wdm.h): "If the physical pages that are described by
 * the MDL are locked, the driver must unlock the pages before it frees the
 * MDL." */
START_TEST(mdl_free_locked_edges)
{
    ck_assert_uint_eq(one_call("IoFreeMdl", "locked", 1, "MDL-FREE-LOCKED"), 1);
    ck_assert_uint_eq(one_call("IoFreeMdl", "locked", 0, "MDL-FREE-LOCKED"), 0);
    ck_assert_uint_eq(one_call("MmUnlockPages", "locked", 1, "MDL-FREE-LOCKED"), 0);   /* other DDI */
}
END_TEST

/* "ExReleaseResourceLite function (wdm.h)": Resource is "A pointer to an
 * executive resource owned by the current thread."; "KeEnterCriticalRegion
 * function (ntddk.h)": "each call to KeEnterCriticalRegion must have a
 * matching call to KeLeaveCriticalRegion." */
START_TEST(release_and_leave_edges)
{
    ck_assert_uint_eq(one_call("ExReleaseResourceLite", "held", 0, "EX-RESOURCE-RELEASE-NOT-HELD"), 1);
    ck_assert_uint_eq(one_call("ExReleaseResourceLite", "held", 1, "EX-RESOURCE-RELEASE-NOT-HELD"), 0);
    ck_assert_uint_eq(one_call("ExDeleteResourceLite", "held", 0, "EX-RESOURCE-RELEASE-NOT-HELD"), 0);   /* other DDI */
    ck_assert_uint_eq(one_call("KeLeaveCriticalRegion", "matched", 0, "KE-LEAVE-CRITICAL-UNMATCHED"), 1);
    ck_assert_uint_eq(one_call("KeLeaveCriticalRegion", "matched", 1, "KE-LEAVE-CRITICAL-UNMATCHED"), 0);
    ck_assert_uint_eq(one_call("KeEnterCriticalRegion", "matched", 0, "KE-LEAVE-CRITICAL-UNMATCHED"), 0);   /* other DDI */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rule_edges5");
    TCase *tc = tcase_create("locks_pool");
    tcase_add_checked_fixture(tc, tb_rules_load, tb_rules_unload);
    tcase_add_test(tc, spinlock_pairs);
    tcase_add_test(tc, spinlock_states);
    tcase_add_test(tc, pool_paged_at_dispatch_edges);
    tcase_add_test(tc, pool2_invalid_request_edges);
    tcase_add_test(tc, mdl_lock_rules_edges);
    tcase_add_test(tc, mdl_free_locked_edges);
    tcase_add_test(tc, release_and_leave_edges);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
