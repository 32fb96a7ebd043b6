/* Process-creation notify routines (ps_notify.c), which Wintun registers in
 * DriverEntry and removes in its unload routine.  Each test names the WDK
 * page its assertions rest on: "PsSetCreateProcessNotifyRoutine function
 * (ntddk.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/ntddk/nf-ntddk-pssetcreateprocessnotifyroutine */
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

static VOID notify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    (void)ParentId, (void)ProcessId, (void)Create;
}

/* "If FALSE, the specified routine is added to the list. If TRUE, the
 * specified routine is removed from the list." and STATUS_INVALID_PARAMETER:
 * "The given NotifyRoutine has already been registered, so this call is a
 * redundant call". */
START_TEST(register_twice_is_refused_and_remove_frees_the_slot)
{
    ck_assert_int_eq(PsSetCreateProcessNotifyRoutine(notify, FALSE), STATUS_SUCCESS);
    ck_assert_int_eq(PsSetCreateProcessNotifyRoutine(notify, FALSE), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(PsSetCreateProcessNotifyRoutine(notify, TRUE), STATUS_SUCCESS);
    ck_assert_int_eq(ndis_fixture_last_int("PsSetCreateProcessNotifyRoutine", "Remove", -1), 1);
    /* removed: it may be added again */
    ck_assert_int_eq(PsSetCreateProcessNotifyRoutine(notify, FALSE), STATUS_SUCCESS);
    ck_assert_int_eq(PsSetCreateProcessNotifyRoutine(notify, TRUE), STATUS_SUCCESS);
    /* the page lists no status for this; it is not success */
    ck_assert_int_ne(PsSetCreateProcessNotifyRoutine(notify, TRUE), STATUS_SUCCESS);
}
END_TEST

/* "For Windows Vista and later versions of Windows, the system can register
 * up to 64 process-creation callback routines." and STATUS_INVALID_PARAMETER
 * when "the system has reached its limit for registering process-creation
 * callbacks". Distinct addresses inside one function stand for 65 routines
 * (they are only compared, never called). */
START_TEST(the_65th_routine_is_refused)
{
    const char *base = (const char *)(uintptr_t)notify;
    for (int i = 0; i < 64; i++)
        ck_assert_int_eq(PsSetCreateProcessNotifyRoutine((PCREATE_PROCESS_NOTIFY_ROUTINE)(uintptr_t)(base + i), FALSE),
                         STATUS_SUCCESS);
    ck_assert_int_eq(PsSetCreateProcessNotifyRoutine((PCREATE_PROCESS_NOTIFY_ROUTINE)(uintptr_t)(base + 64), FALSE),
                     STATUS_INVALID_PARAMETER);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_wintun_ps");
    TCase *tc = tcase_create("ps");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, register_twice_is_refused_and_remove_frees_the_slot);
    tcase_add_test(tc, the_65th_routine_is_refused);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
