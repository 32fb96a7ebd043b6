/* Reader/writer spin locks (ex_spinlock.c) and in-stack queued spin locks
 * (ke_queued_spinlock.c), as Wintun's send and receive paths take them.
 * Each test names the WDK page its assertions rest on. */
#include <check.h>
#include "host/ndis/ndis_internal.h"
#include "ndis_fixture.h"

static void setup(void)
{
    ck_assert_ptr_nonnull(ndis_fixture_begin(NULL, 0));
}

static void teardown(void)
{
    ndis_fixture_end();
}

static int64_t last_arg(const char *ddi, const char *key)
{
    return ndis_fixture_last_int(ddi, key, -12345);
}

/* "ExAcquireSpinLockExclusive function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-exacquirespinlockexclusive:
 * "This routine raises the IRQL to DISPATCH_LEVEL and returns the original
 * (on-entry) IRQL value."; "ExReleaseSpinLockExclusive function (wdm.h)",
 * .../nf-wdm-exreleasespinlockexclusive: "Before exiting,
 * ExReleaseSpinLockExclusive restores the IRQL to the value specified by
 * the OldIrql parameter." */
START_TEST(exclusive_raises_and_restores)
{
    EX_SPIN_LOCK lock = 0;
    host_set_irql(PASSIVE_LEVEL);
    KIRQL old = ExAcquireSpinLockExclusive(&lock);
    ck_assert_int_eq(old, PASSIVE_LEVEL);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    ck_assert_int_eq(last_arg("ExAcquireSpinLockExclusive", "held"), 0);
    ExReleaseSpinLockExclusive(&lock, old);
    ck_assert_int_eq(last_arg("ExReleaseSpinLockExclusive", "held"), 1);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    ck_assert_int_eq(lock, 0);
}
END_TEST

/* "ExAcquireSpinLockShared function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-exacquirespinlockshared:
 * "This routine raises the IRQL to DISPATCH_LEVEL and returns the original
 * (on-entry) IRQL value." and "ExReleaseSpinLockShared restores the IRQL to
 * the original value that it had on entry to ExAcquireSpinLockShared."
 * Shared holders share: the second acquire finds no exclusive holder. */
START_TEST(shared_holders_share_and_restore)
{
    EX_SPIN_LOCK lock = 0;
    host_set_irql(PASSIVE_LEVEL);
    KIRQL first = ExAcquireSpinLockShared(&lock);
    KIRQL second = ExAcquireSpinLockShared(&lock);
    ck_assert_int_eq(first, PASSIVE_LEVEL);
    ck_assert_int_eq(second, DISPATCH_LEVEL);
    ck_assert_int_eq(last_arg("ExAcquireSpinLockShared", "held"), 0);
    ExReleaseSpinLockShared(&lock, second);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    ExReleaseSpinLockShared(&lock, first);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    ck_assert_int_eq(lock, 0);
    ExReleaseSpinLockShared(&lock, PASSIVE_LEVEL);   /* not held: recorded, nothing changes */
    ck_assert_int_eq(last_arg("ExReleaseSpinLockShared", "held"), 0);
}
END_TEST

/* "ExAcquireSpinLockExclusive function (wdm.h)": "Recursive acquisition
 * of a spin lock causes deadlock and is not allowed." — a second acquire
 * of a held lock is recorded as such. */
START_TEST(acquiring_a_held_lock_is_recorded)
{
    EX_SPIN_LOCK lock = 0;
    host_set_irql(PASSIVE_LEVEL);
    KIRQL old = ExAcquireSpinLockShared(&lock);
    ExAcquireSpinLockExclusive(&lock);
    ck_assert_int_eq(last_arg("ExAcquireSpinLockExclusive", "held"), 1);
    ExReleaseSpinLockExclusive(&lock, old);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
}
END_TEST

/* "KeAcquireInStackQueuedSpinLock function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keacquireinstackqueuedspinlock:
 * "This routine raises the IRQL level to DISPATCH_LEVEL when acquiring the
 * spin lock."; "KeReleaseInStackQueuedSpinLock function (wdm.h)",
 * .../nf-wdm-kereleaseinstackqueuedspinlock: "This routine restores the
 * original IRQL that the operating system saved at the beginning of the
 * KeAcquireInStackQueuedSpinLock call." */
START_TEST(queued_lock_keeps_the_irql_in_its_handle)
{
    KSPIN_LOCK lock;
    KLOCK_QUEUE_HANDLE handle;
    KeInitializeSpinLock(&lock);
    host_set_irql(PASSIVE_LEVEL);
    KeAcquireInStackQueuedSpinLock(&lock, &handle);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    ck_assert_int_eq(handle.OldIrql, PASSIVE_LEVEL);
    ck_assert_ptr_eq(handle.LockQueue.Lock, &lock);
    ck_assert_int_eq(last_arg("KeAcquireInStackQueuedSpinLock", "held"), 0);
    KeReleaseInStackQueuedSpinLock(&handle);
    ck_assert_int_eq(last_arg("KeReleaseInStackQueuedSpinLock", "held"), 1);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    ck_assert_uint_eq(lock, 0);
}
END_TEST

/* Same page: "If a driver acquires multiple queued spin locks in series,
 * it must release them in reverse order to properly restore the original
 * IRQL." — each handle restores its own on-entry IRQL. */
START_TEST(nested_queued_locks_restore_in_reverse)
{
    KSPIN_LOCK a = 0, b = 0;
    KLOCK_QUEUE_HANDLE ha, hb;
    host_set_irql(PASSIVE_LEVEL);
    KeAcquireInStackQueuedSpinLock(&a, &ha);
    KeAcquireInStackQueuedSpinLock(&b, &hb);
    ck_assert_int_eq(hb.OldIrql, DISPATCH_LEVEL);
    KeReleaseInStackQueuedSpinLock(&hb);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    KeReleaseInStackQueuedSpinLock(&ha);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_wintun_spinlock");
    TCase *tc = tcase_create("spinlock");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, exclusive_raises_and_restores);
    tcase_add_test(tc, shared_holders_share_and_restore);
    tcase_add_test(tc, acquiring_a_held_lock_is_recorded);
    tcase_add_test(tc, queued_lock_keeps_the_irql_in_its_handle);
    tcase_add_test(tc, nested_queued_locks_restore_in_reverse);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
