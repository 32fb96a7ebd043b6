/* KeWaitForMultipleObjects on events (ke_event.c), as Wintun's receive
 * thread waits on its ring's event and its disconnect event.  The page:
 * "KeWaitForMultipleObjects function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-kewaitformultipleobjects */
#include <check.h>
#include <unistd.h>
#include "host/ndis/ndis_internal.h"
#include "host/host_run.h"
#include "ndis_fixture.h"

static void setup(void)
{
    ck_assert_ptr_nonnull(ndis_fixture_begin(NULL, 0));
}

static void teardown(void)
{
    ndis_fixture_end();
}

/* STATUS_WAIT_0 through STATUS_WAIT_63: "The caller specified WaitAny for
 * WaitType and one of the dispatcher objects in the Object array has been
 * set to the signaled state. The lower six bits of the return value encode
 * the zero-based index of the object that satisfied the wait."  A satisfied
 * wait's side effect on a synchronization event is its reset; a
 * notification event stays set. */
START_TEST(wait_any_names_the_index_and_resets_what_it_took)
{
    KEVENT quiet, sync, note;
    KeInitializeEvent(&quiet, NotificationEvent, FALSE);
    KeInitializeEvent(&sync, SynchronizationEvent, TRUE);
    KeInitializeEvent(&note, NotificationEvent, TRUE);
    PVOID objects[] = { &quiet, &sync, &note };
    ck_assert_int_eq(KeWaitForMultipleObjects(3, objects, WaitAny, Executive, KernelMode, FALSE, NULL, NULL),
                     STATUS_WAIT_0 + 1);
    ck_assert_int_eq(KeReadStateEvent(&sync), 0);
    ck_assert_int_eq(KeWaitForMultipleObjects(3, objects, WaitAny, Executive, KernelMode, FALSE, NULL, NULL),
                     STATUS_WAIT_0 + 2);
    ck_assert_int_eq(KeReadStateEvent(&note), 1);
}
END_TEST

/* STATUS_SUCCESS: "The caller specified WaitAll for the WaitType parameter
 * and all dispatcher objects in the Object array have been set to the
 * signaled state."; STATUS_TIMEOUT "can be returned when an explicit
 * time-out value of zero is specified, but the specified set of wait
 * conditions cannot be met immediately." */
START_TEST(wait_all_needs_every_event)
{
    KEVENT a, b;
    KeInitializeEvent(&a, NotificationEvent, TRUE);
    KeInitializeEvent(&b, NotificationEvent, FALSE);
    PVOID objects[] = { &a, &b };
    LARGE_INTEGER zero = { .QuadPart = 0 };
    ck_assert_int_eq(KeWaitForMultipleObjects(2, objects, WaitAll, Executive, KernelMode, FALSE, &zero, NULL),
                     STATUS_TIMEOUT);
    ck_assert_int_eq(ndis_fixture_last_int("KeWaitForMultipleObjects", "timeout_zero", -1), 1);
    KeSetEvent(&b, IO_NO_INCREMENT, FALSE);
    ck_assert_int_eq(KeWaitForMultipleObjects(2, objects, WaitAll, Executive, KernelMode, FALSE, &zero, NULL),
                     STATUS_SUCCESS);
}
END_TEST

/* "If Timeout is specified, the wait will be automatically satisfied if
 * none of the specified wait conditions is met when the given interval
 * expires." (a negative Timeout is relative, in 100 ns units) */
START_TEST(relative_timeout_expires_on_the_virtual_clock)
{
    KEVENT a;
    KeInitializeEvent(&a, NotificationEvent, FALSE);
    PVOID objects[] = { &a };
    LARGE_INTEGER timeout = { .QuadPart = -30000 };   /* 3 ms */
    uint64_t start = host_now_us();
    ck_assert_int_eq(KeWaitForMultipleObjects(1, objects, WaitAny, Executive, KernelMode, FALSE, &timeout, NULL),
                     STATUS_TIMEOUT);
    ck_assert_uint_eq(host_now_us() - start, 3000);
}
END_TEST

/* "If either Count > MAXIMUM_WAIT_OBJECTS or if WaitBlockArray is NULL and
 * Count > THREAD_WAIT_OBJECTS, the system issues Bug Check 0xC
 * (MAXIMUM_WAIT_OBJECTS_EXCEEDED)." */
START_TEST(too_many_objects_without_wait_blocks_is_bug_check_0xc)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        KEVENT e[THREAD_WAIT_OBJECTS + 1];
        PVOID objects[THREAD_WAIT_OBJECTS + 1];
        for (int i = 0; i <= THREAD_WAIT_OBJECTS; i++) {
            KeInitializeEvent(&e[i], NotificationEvent, TRUE);
            objects[i] = &e[i];
        }
        KeWaitForMultipleObjects(THREAD_WAIT_OBJECTS + 1, objects, WaitAny, Executive, KernelMode, FALSE, NULL, NULL);
        _exit(0);   /* not reached when the bug check is issued */
    }
    event ev;
    ndis_fixture_expect_fatal(pid, HOST_EXIT_BUGCHECK, "bugcheck", &ev);
    ck_assert_int_eq(event_arg_int(&ev, "code", -1), 0xC);
    event_free(&ev);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_wintun_wait");
    TCase *tc = tcase_create("wait");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, wait_any_names_the_index_and_resets_what_it_took);
    tcase_add_test(tc, wait_all_needs_every_event);
    tcase_add_test(tc, relative_timeout_expires_on_the_virtual_clock);
    tcase_add_test(tc, too_many_objects_without_wait_blocks_is_bug_check_0xc);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
