/* The thread identity, priority and performance counter DDIs (ke_thread.c)
 * Wintun's receive thread calls.  Each test names the WDK page its
 * assertions rest on. */
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

/* "KeGetCurrentThread function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-kegetcurrentthread:
 * "The KeGetCurrentThread routine identifies the current thread." (the
 * same pointer each time on one thread); "KeSetPriorityThread function
 * (wdm.h)", .../nf-wdm-kesetprioritythread: "KeSetPriorityThread returns
 * the old priority of the thread." */
START_TEST(priority_round_trips_through_the_current_thread)
{
    PKTHREAD self = KeGetCurrentThread();
    ck_assert_ptr_nonnull(self);
    ck_assert_ptr_eq(KeGetCurrentThread(), self);
    KPRIORITY first = KeSetPriorityThread(self, 1);
    ck_assert_int_eq(KeSetPriorityThread(self, LOW_REALTIME_PRIORITY), 1);
    ck_assert_int_eq(KeSetPriorityThread(self, first), LOW_REALTIME_PRIORITY);
    ck_assert_int_eq(ndis_fixture_last_int("KeSetPriorityThread", "own_thread", -1), 1);
}
END_TEST

/* "KeQueryPerformanceCounter function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-kequeryperformancecounter:
 * "KeQueryPerformanceCounter returns the performance counter value in
 * units of ticks." and PerformanceFrequency receives "the performance
 * counter frequency, in ticks per second"; "This parameter is optional and
 * can be NULL".  One virtual second is one frequency's worth of ticks. */
START_TEST(counter_advances_with_the_clock_at_its_frequency)
{
    LARGE_INTEGER freq = { .QuadPart = 0 };
    LARGE_INTEGER start = KeQueryPerformanceCounter(&freq);
    ck_assert_int_gt(freq.QuadPart, 0);
    host_advance_us(1000000);
    LARGE_INTEGER end = KeQueryPerformanceCounter(NULL);
    ck_assert_int_eq(end.QuadPart - start.QuadPart, freq.QuadPart);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_wintun_thread");
    TCase *tc = tcase_create("thread");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, priority_round_trips_through_the_current_thread);
    tcase_add_test(tc, counter_advances_with_the_clock_at_its_frequency);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
