/* One test per rule: IRQL limits and spin locks (IRQL-*), pool and guarded
 * memory (POOL-*, POOL2-*, MEM-*), each broken by a small synthesized trace. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules_fixture.h"

START_TEST(irql_ddi_max)
{
    trace t;
    tr_init(&t);
    t.irql = 2;
    arg(ddi(&t, "NdisMSleep"), "MicrosecondsToSleep", 10);
    expect_only(&t, "IRQL-DDI-MAX");
}
END_TEST

START_TEST(irql_spinlock_mismatch)
{
    trace t;
    tr_init(&t);
    arg(ddi(&t, "NdisAcquireSpinLock"), "SpinLock", 0x20000);
    t.irql = 2;
    arg(ddi(&t, "NdisDprReleaseSpinLock"), "SpinLock", 0x20000);
    expect_only(&t, "IRQL-SPINLOCK-MISMATCH");
}
END_TEST

START_TEST(irql_spinlock_acquired_twice)
{
    trace t;
    tr_init(&t);
    arg(ddi(&t, "NdisAcquireSpinLock"), "lock", 0x20000);
    t.irql = 2;
    arg(ddi(&t, "NdisDprAcquireSpinLock"), "lock", 0x20000);
    expect_only(&t, "IRQL-SPINLOCK-MISMATCH");
}
END_TEST

START_TEST(irql_spinlock_freed_while_held)
{
    trace t;
    tr_init(&t);
    arg(ddi(&t, "NdisAllocateSpinLock"), "handle", 0x20000);
    arg(ddi(&t, "NdisAcquireSpinLock"), "lock", 0x20000);
    arg(ddi(&t, "NdisFreeSpinLock"), "handle", 0x20000);
    expect_only(&t, "IRQL-SPINLOCK-MISMATCH");
}
END_TEST

/* Paged pool at DISPATCH_LEVEL is a finding; nonpaged there, or paged at PASSIVE_LEVEL, is not. */
START_TEST(pool_paged_at_dispatch)
{
    trace t;
    tr_init(&t);
    event *e = tr_push(&t, EV_DDI, "ExAllocatePoolWithTag");
    arg(e, "paged", 1);
    e->irql = 2;
    e = tr_push(&t, EV_DDI, "ExAllocatePool2");
    arg(e, "paged", 0);
    arg(e, "valid", 1);
    e->irql = 2;
    e = tr_push(&t, EV_DDI, "ExAllocatePool2");
    arg(e, "paged", 1);
    arg(e, "valid", 1);
    e->irql = 0;
    expect_only(&t, "POOL-PAGED-AT-DISPATCH");
}
END_TEST

START_TEST(pool2_invalid_request)
{
    trace t;
    tr_init(&t);
    event *e = tr_push(&t, EV_DDI, "ExAllocatePool2");
    arg(e, "paged", 0);
    arg(e, "valid", 0);
    expect_only(&t, "POOL2-INVALID-REQUEST");
}
END_TEST

START_TEST(mem_guard_overrun)
{
    trace t;
    tr_init(&t);
    event *e = tr_push(&t, EV_OP, "memory_corruption");
    arg(e, "handle", 0x10000);
    sarg(e, "where", "after");
    expect_only(&t, "MEM-GUARD-OVERRUN");
}
END_TEST

START_TEST(mem_use_after_free)
{
    trace t;
    tr_init(&t);
    event *e = tr_push(&t, EV_OP, "memory_corruption");
    arg(e, "handle", 0x10000);
    sarg(e, "where", "after_free");
    expect_only(&t, "MEM-USE-AFTER-FREE");
}
END_TEST

START_TEST(mem_zero_tag)
{
    trace t;
    tr_init(&t);
    arg(ddi_h(&t, "NdisAllocateMemoryWithTagPriority", 0x10000), "Tag", 0);
    expect_only(&t, "MEM-ZERO-TAG");
}
END_TEST

START_TEST(spinlock_lock_arg)
{
    violation_list out = { 0 };
    trace t;
    /* the host's shape: acquire/release carry `lock`; Dpr acquire, plain release */
    tr_init(&t);
    ddi_h(&t, "NdisAllocateSpinLock", 0x20000);
    t.irql = 2;
    arg(enter(&t, "NetTimerCallback"), "timer", 0x40000);
    arg(ddi(&t, "NdisDprAcquireSpinLock"), "lock", 0x20000);
    arg(ddi(&t, "NdisReleaseSpinLock"), "lock", 0x20000);
    ret(&t, "NetTimerCallback");
    expect_set(&t, "IRQL-SPINLOCK-MISMATCH", &out);
    violation_list_free(&out);
    /* matched pairs, with the lock freed by `handle` */
    tr_init(&t);
    ddi_h(&t, "NdisAllocateSpinLock", 0x20000);
    arg(ddi(&t, "NdisAcquireSpinLock"), "lock", 0x20000);
    t.irql = 2;
    arg(ddi(&t, "NdisReleaseSpinLock"), "lock", 0x20000);
    arg(ddi(&t, "NdisDprAcquireSpinLock"), "lock", 0x20000);
    arg(ddi(&t, "NdisDprReleaseSpinLock"), "lock", 0x20000);
    t.irql = 0;
    ddi_h(&t, "NdisFreeSpinLock", 0x20000);
    expect_set(&t, "", &out);
    violation_list_free(&out);
}
END_TEST

static Suite *rules_irql_memory_suite(void)
{
    Suite *s = suite_create("rules_irql_memory");
    TCase *per_rule = tcase_create("per_rule");
    tcase_add_checked_fixture(per_rule, load_checks, unload_checks);
    tcase_add_test(per_rule, irql_ddi_max);
    tcase_add_test(per_rule, irql_spinlock_mismatch);
    tcase_add_test(per_rule, pool_paged_at_dispatch);
    tcase_add_test(per_rule, pool2_invalid_request);
    tcase_add_test(per_rule, irql_spinlock_acquired_twice);
    tcase_add_test(per_rule, irql_spinlock_freed_while_held);
    tcase_add_test(per_rule, mem_guard_overrun);
    tcase_add_test(per_rule, mem_use_after_free);
    tcase_add_test(per_rule, mem_zero_tag);
    tcase_add_test(per_rule, spinlock_lock_arg);
    suite_add_tcase(s, per_rule);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rules_irql_memory_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
