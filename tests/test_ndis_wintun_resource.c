/* Executive resources and critical regions (harness/host/ndis/ex_resource.c),
 * the synchronization a modern miniport (Wintun) takes outside NDIS's own
 * locks.  Each test names the WDK page its assertions rest on. */
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

/* "ExInitializeResourceLite function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-exinitializeresourcelite:
 * "ExInitializeResourceLite returns STATUS_SUCCESS." and "Call
 * ExDeleteResourceLite before freeing the memory for the resource."
 * (the pair the ledger keeps); "ExDeleteResourceLite function (wdm.h)",
 * .../nf-wdm-exdeleteresourcelite: "ExDeleteResourceLite returns
 * STATUS_SUCCESS if the resource was deleted." */
START_TEST(initialize_and_delete_are_a_ledger_pair)
{
    static ERESOURCE r;
    memset(&r, 0xA5, sizeof r);
    ck_assert_int_eq(ExInitializeResourceLite(&r), STATUS_SUCCESS);
    ck_assert_int_eq(r.ActiveCount, 0);   /* initialized: no holder */
    ck_assert_int_eq(last_arg("ExInitializeResourceLite", "aligned"), 1);
    ck_assert(host_handle_is_live((uint64_t)(uintptr_t)&r));
    ck_assert_int_eq(ExDeleteResourceLite(&r), STATUS_SUCCESS);
    ck_assert_str_eq(ndis_fixture_last_ledger("ExDeleteResourceLite"), "ok");
    ck_assert(!host_handle_is_live((uint64_t)(uintptr_t)&r));
}
END_TEST

/* "ExAcquireResourceExclusiveLite function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-exacquireresourceexclusivelite:
 * "If the resource is currently not owned, exclusive access is granted
 * immediately to the current thread." and "If the caller already had
 * acquired the resource for exclusive access, the current thread is granted
 * the same type of access recursively."; "ExReleaseResourceLite function
 * (wdm.h)", .../nf-wdm-exreleaseresourcelite: "releases a specified
 * executive resource owned by the current thread". */
START_TEST(exclusive_is_granted_and_recursive)
{
    static ERESOURCE r;
    ExInitializeResourceLite(&r);
    KeEnterCriticalRegion();
    ck_assert(ExAcquireResourceExclusiveLite(&r, TRUE));
    ck_assert_int_eq(last_arg("ExAcquireResourceExclusiveLite", "contended"), 0);
    ck_assert(ExAcquireResourceExclusiveLite(&r, FALSE));   /* recursive: no wait needed */
    ck_assert_int_eq(last_arg("ExAcquireResourceExclusiveLite", "recursive"), 1);
    ExReleaseResourceLite(&r);
    ck_assert_int_eq(last_arg("ExReleaseResourceLite", "held"), 1);
    ExReleaseResourceLite(&r);
    ck_assert_int_eq(r.ActiveCount, 0);
    ExReleaseResourceLite(&r);   /* nothing is held any more */
    ck_assert_int_eq(last_arg("ExReleaseResourceLite", "held"), 0);
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&r);
}
END_TEST

/* Same page: "This routine returns FALSE if the input Wait is FALSE and
 * exclusive access cannot be granted immediately." and "If the caller has
 * shared access to the resource, the caller must release the lock before
 * it attempts to reacquire it exclusively."  "ExAcquireResourceSharedLite
 * function (wdm.h)", .../nf-wdm-exacquireresourcesharedlite: "If the
 * resource is currently unowned, shared access is granted immediately to
 * the current thread." */
START_TEST(exclusive_over_shared_fails_without_wait)
{
    static ERESOURCE r;
    ExInitializeResourceLite(&r);
    KeEnterCriticalRegion();
    ck_assert(ExAcquireResourceSharedLite(&r, TRUE));
    ck_assert_int_eq(last_arg("ExAcquireResourceSharedLite", "contended"), 0);
    ck_assert(!ExAcquireResourceExclusiveLite(&r, FALSE));
    ck_assert_int_eq(last_arg("ExAcquireResourceExclusiveLite", "contended"), 1);
    ck_assert_int_eq(r.ActiveCount, 1);   /* the failed acquire took nothing */
    ExReleaseResourceLite(&r);
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&r);
}
END_TEST

/* "ExAcquireSharedStarveExclusive function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-exacquiresharedstarveexclusive:
 * "If the caller already has acquired the resource (for shared or exclusive
 * access), the current thread is granted the same type of access
 * recursively." and "This routine returns FALSE if the input Wait is FALSE
 * and shared access cannot be granted immediately." */
START_TEST(starve_exclusive_shares_and_recurses)
{
    static ERESOURCE r;
    ExInitializeResourceLite(&r);
    KeEnterCriticalRegion();
    ck_assert(ExAcquireSharedStarveExclusive(&r, FALSE));
    ck_assert(ExAcquireSharedStarveExclusive(&r, FALSE));
    ck_assert_int_eq(r.ActiveCount, 2);
    ExReleaseResourceLite(&r);
    ExReleaseResourceLite(&r);
    ck_assert(ExAcquireResourceExclusiveLite(&r, TRUE));
    ck_assert(ExAcquireSharedStarveExclusive(&r, FALSE));   /* own exclusive hold: recursive */
    ck_assert_int_eq(last_arg("ExAcquireSharedStarveExclusive", "recursive"), 1);
    ExReleaseResourceLite(&r);
    ExReleaseResourceLite(&r);
    ck_assert_int_eq(r.ActiveCount, 0);
    ck_assert_int_eq(r.Flag, 0);   /* no longer exclusive */
    KeLeaveCriticalRegion();
    ExDeleteResourceLite(&r);
}
END_TEST

/* "ExAcquireResourceExclusiveLite function (wdm.h)": "Normal kernel APC
 * delivery must be disabled before calling this routine. Disable normal
 * kernel APC delivery by calling KeEnterCriticalRegion."
 * "KeEnterCriticalRegion function (ntddk.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/ntddk/nf-ntddk-keentercriticalregion:
 * "Critical regions can be entered recursively and each call to
 * KeEnterCriticalRegion must have a matching call to KeLeaveCriticalRegion." */
START_TEST(critical_regions_nest_and_are_recorded)
{
    static ERESOURCE r;
    ExInitializeResourceLite(&r);
    host_set_irql(PASSIVE_LEVEL);
    ck_assert(ExAcquireResourceExclusiveLite(&r, TRUE));
    ck_assert_int_eq(last_arg("ExAcquireResourceExclusiveLite", "apcs_disabled"), 0);
    ExReleaseResourceLite(&r);
    KeEnterCriticalRegion();
    KeEnterCriticalRegion();
    ck_assert_int_eq(last_arg("KeEnterCriticalRegion", "depth"), 2);
    ck_assert(ExAcquireResourceExclusiveLite(&r, TRUE));
    ck_assert_int_eq(last_arg("ExAcquireResourceExclusiveLite", "apcs_disabled"), 1);
    ExReleaseResourceLite(&r);
    KeLeaveCriticalRegion();
    KeLeaveCriticalRegion();
    ck_assert_int_eq(last_arg("KeLeaveCriticalRegion", "matched"), 1);
    KeLeaveCriticalRegion();   /* a third leave has no enter to match */
    ck_assert_int_eq(last_arg("KeLeaveCriticalRegion", "matched"), 0);
    ck_assert_int_eq(last_arg("KeLeaveCriticalRegion", "depth"), 0);
    ExDeleteResourceLite(&r);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_wintun_resource");
    TCase *tc = tcase_create("resource");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, initialize_and_delete_are_a_ledger_pair);
    tcase_add_test(tc, exclusive_is_granted_and_recursive);
    tcase_add_test(tc, exclusive_over_shared_fails_without_wait);
    tcase_add_test(tc, starve_exclusive_shares_and_recurses);
    tcase_add_test(tc, critical_regions_nest_and_are_recorded);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
