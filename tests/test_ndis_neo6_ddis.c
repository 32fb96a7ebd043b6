/* The kernel and string DDIs SoftEther VPN's Neo6 needs: PsGetVersion
 * (rtl_version.c), NdisInitializeString (ndis_string.c),
 * MmProbeAndLockPages / MmUnlockPages (mdl.c), IoCreateNotificationEvent
 * with ZwClose (named_event.c, registry.c), ProbeForRead / ProbeForWrite
 * (probe.c).  Each test names its page and quotes the sentence. */
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

static int live(const void *handle)
{
    return host_handle_is_live((uint64_t)(uintptr_t)handle);
}

/* "PsGetVersion function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-psgetversion
 * (obsolete; its parameters and return as the older page,
 * http://msdn.microsoft.com/en-us/library/ms802950.aspx, gives them):
 * "PsGetVersion returns whether the system is a checked or free build"
 * (FALSE: free), and of each variable "This optional parameter can be NULL." */
START_TEST(ps_get_version_is_a_free_windows_10)
{
    ULONG major = 0, minor = 99, build = 0;
    ck_assert_int_eq(PsGetVersion(&major, &minor, &build, NULL), FALSE);
    ck_assert_uint_eq(major, 10);
    ck_assert_uint_eq(minor, 0);
    ck_assert_uint_eq(build, 19045);   /* the build RtlGetVersion reports */
    ULONG only = 0;
    ck_assert_int_eq(PsGetVersion(NULL, NULL, &only, NULL), FALSE);
    ck_assert_uint_eq(only, 19045);
    ck_assert_int_eq(ndis_fixture_last_int("PsGetVersion", "MajorVersion", -1), 0);
    ck_assert_int_eq(ndis_fixture_last_int("PsGetVersion", "BuildNumber", -1), 1);
    WCHAR csd[8] = { 'x', 'x' };
    UNICODE_STRING s = { 4, sizeof csd, csd };
    PsGetVersion(NULL, NULL, NULL, &s);   /* no service pack on Windows 10 */
    ck_assert_uint_eq(s.Length, 0);
    ck_assert_uint_eq(csd[0], 0);
}
END_TEST

/* "NdisInitializeString function (ndis.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-ndisinitializestring:
 * "NdisInitializeString sets the Length and MaximumLength members of
 * NDIS_STRING for the destination string and terminates the destination
 * string with zero", and "converts the supplied source string to Unicode
 * characters".  "NdisFreeString macro (ndis.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-ndisfreestring:
 * "For each call that the driver makes to NdisInitializeString, the driver
 * must make a corresponding call to NdisFreeString." */
START_TEST(initialize_string_allocates_a_unicode_copy_freed_by_free_string)
{
    NDIS_STRING s = { 0, 0, NULL };
    NdisInitializeString(&s, (PUCHAR) "\\BaseNamedObjects\\NEO_EVENT");
    ck_assert_ptr_nonnull(s.Buffer);
    ck_assert_uint_eq(s.Length, 27 * sizeof(WCHAR));
    ck_assert_uint_eq(s.MaximumLength, 28 * sizeof(WCHAR));
    ck_assert_int_eq(memcmp(s.Buffer, u"\\BaseNamedObjects\\NEO_EVENT", 28 * sizeof(WCHAR)), 0);
    ck_assert(live(s.Buffer));
    ck_assert_str_eq(tables_kind_allocated_by(host_tables(), "NdisInitializeString")->kind, "ndis_string");
    NdisFreeString(s);
    ck_assert_str_eq(ndis_fixture_last_ledger("NdisFreeMemory"), "ok");
    ck_assert(!live(s.Buffer));
    NdisFreeString(s);   /* a second release is a double free */
    ck_assert_str_eq(ndis_fixture_last_ledger("NdisFreeMemory"), "double");
}
END_TEST

/* A string not yet freed stays open in the ledger, whatever else is freed
 * (what HALT-FREE-ALL reports at halt); a failed allocation (injected)
 * leaves no buffer and nothing open. */
START_TEST(initialize_string_leak_stays_open_and_failure_leaves_no_buffer)
{
    NDIS_STRING kept = { 0, 0, NULL }, other = { 0, 0, NULL };
    NdisInitializeString(&kept, (PUCHAR) "x");
    NdisInitializeString(&other, (PUCHAR) "y");
    NdisFreeString(other);
    ck_assert(live(kept.Buffer));
    ck_assert(!live(other.Buffer));
    NdisFreeString(kept);   /* released so valgrind's leak check of this test stays clean */
    ndis_fixture_end();
    a = ndis_fixture_begin("NdisInitializeString", 1);
    NDIS_STRING s = { 0, 0, NULL };
    NdisInitializeString(&s, (PUCHAR) "abc");
    ck_assert_ptr_null(s.Buffer);
    ck_assert_uint_eq(s.Length, 0);
    ck_assert_uint_eq(s.MaximumLength, 0);
    ck_assert_int_eq(ndis_fixture_last_int("NdisInitializeString", "handle", -1), 0);
}
END_TEST

/* "MmProbeAndLockPages function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmprobeandlockpages:
 * "the routine updates the page frame number (PFN) array in the MDL";
 * "Every such call must be matched by a corresponding call to
 * MmUnlockPages"; "a second call to MmProbeAndLockPages to lock the same
 * MDL is not allowed until MmUnlockPages is first called".
 * "MmUnlockPages function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-mmunlockpages:
 * the memory "must have been locked previously by a call to MmProbeAndLockPages". */
START_TEST(probe_and_lock_is_a_pair_the_ledger_tracks)
{
    static UCHAR buffer[3 * 4096];
    PMDL mdl = IoAllocateMdl(buffer + 100, 8192, FALSE, FALSE, NULL);
    ck_assert_ptr_nonnull(mdl);
    MmProbeAndLockPages(mdl, KernelMode, IoWriteAccess);
    ck_assert(mdl->MdlFlags & MDL_PAGES_LOCKED);
    PPFN_NUMBER pfn = MmGetMdlPfnArray(mdl);
    ck_assert_uint_eq(pfn[0], (ULONG_PTR)PAGE_ALIGN(buffer + 100) >> PAGE_SHIFT);
    ck_assert_uint_eq(pfn[1], pfn[0] + 1);
    ck_assert_ptr_eq(MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority), buffer + 100);
    ck_assert_int_eq(ndis_fixture_last_int("MmProbeAndLockPages", "handle", 0), (int64_t)(uintptr_t)mdl);

    MmProbeAndLockPages(mdl, KernelMode, IoWriteAccess);   /* not allowed: locks nothing more */
    ck_assert_int_eq(ndis_fixture_last_int("MmProbeAndLockPages", "already_locked", -1), 1);
    ck_assert_int_eq(ndis_fixture_last_int("MmProbeAndLockPages", "handle", -1), -1);

    MmUnlockPages(mdl);
    ck_assert_str_eq(ndis_fixture_last_ledger("MmUnlockPages"), "ok");
    ck_assert(!(mdl->MdlFlags & MDL_PAGES_LOCKED));
    ck_assert(live(mdl));   /* the MDL itself is still allocated */
    /* Unbalanced: nothing to release (no ledger handle, so the MDL's io_mdl
     * record is untouched); the event says so for MM-UNLOCK-NOT-LOCKED. */
    MmUnlockPages(mdl);
    ck_assert_int_eq(ndis_fixture_last_int("MmUnlockPages", "locked", -1), 0);
    ck_assert_int_eq(ndis_fixture_last_int("MmUnlockPages", "handle", -1), -1);
    ck_assert_str_eq(ndis_fixture_last_ledger("MmUnlockPages"), "");
    IoFreeMdl(mdl);
    ck_assert_str_eq(ndis_fixture_last_ledger("IoFreeMdl"), "ok");
    ck_assert(!live(mdl));
}
END_TEST

/* A lock never undone stays open though its MDL is freed (IoFreeMdl closes
 * only the io_mdl record); an MDL MmBuildMdlForNonPagedPool built may not be
 * locked: "A call to MmProbeAndLockPages or MmUnlockPages to lock or unlock
 * such an MDL is not allowed." */
START_TEST(probe_and_lock_leak_and_nonpaged_mdl)
{
    static UCHAR buffer[64];
    PMDL mdl = IoAllocateMdl(buffer, sizeof buffer, FALSE, FALSE, NULL);
    /* allocated now, so that it cannot take the address of the MDL freed
     * below, whose lock is still recorded there */
    PMDL built = IoAllocateMdl(buffer, sizeof buffer, FALSE, FALSE, NULL);
    MmProbeAndLockPages(mdl, KernelMode, IoReadAccess);
    IoFreeMdl(mdl);
    ck_assert_str_eq(ndis_fixture_last_ledger("IoFreeMdl"), "ok");
    ck_assert(live(mdl));   /* the locked_pages record is still open */

    MmBuildMdlForNonPagedPool(built);
    MmProbeAndLockPages(built, KernelMode, IoReadAccess);
    ck_assert_int_eq(ndis_fixture_last_int("MmProbeAndLockPages", "nonpaged_mdl", -1), 1);
    ck_assert(!(built->MdlFlags & MDL_PAGES_LOCKED));
    IoFreeMdl(built);
    ck_assert(!live(built));
    const ndis_tables *t = host_tables();
    ck_assert_str_eq(tables_kind_allocated_by(t, "MmProbeAndLockPages")->kind, "locked_pages");
    ck_assert_int_eq(tables_ddi_max_irql(t, "MmProbeAndLockPages"), DISPATCH_LEVEL);
    ck_assert_int_eq(tables_ddi_max_irql(t, "MmUnlockPages"), DISPATCH_LEVEL);
}
END_TEST

/* "IoFreeMdl function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-iofreemdl:
 * "If the physical pages that are described by the MDL are locked, the
 * driver must unlock the pages before it frees the MDL." The free records
 * whether they were (MDL-FREE-LOCKED); the freed MDL waits in quarantine, so
 * a late MmUnlockPages on it finds it unlocked (MM-UNLOCK-NOT-LOCKED) and
 * writes nothing into memory the host reused. */
START_TEST(io_free_mdl_of_a_locked_mdl_is_recorded)
{
    static UCHAR buffer[64];
    PMDL mdl = IoAllocateMdl(buffer, sizeof buffer, FALSE, FALSE, NULL);
    ck_assert_ptr_nonnull(mdl);
    MmProbeAndLockPages(mdl, KernelMode, IoReadAccess);
    IoFreeMdl(mdl);
    ck_assert_int_eq(ndis_fixture_last_int("IoFreeMdl", "locked", -1), 1);
    MmUnlockPages(mdl);   /* on the freed MDL: neither read nor written (valgrind would see either) */
    ck_assert_int_eq(ndis_fixture_last_int("MmUnlockPages", "locked", -1), 0);
    ck_assert_int_eq(ndis_fixture_last_int("MmUnlockPages", "freed", -1), 1);
    ck_assert_uint_eq(ndis_memory_audit(), 0);   /* the quarantined MDL was not written */

    PMDL unlocked = IoAllocateMdl(buffer, sizeof buffer, FALSE, FALSE, NULL);
    IoFreeMdl(unlocked);
    ck_assert_int_eq(ndis_fixture_last_int("IoFreeMdl", "locked", -1), 0);
}
END_TEST

/* "IoCreateNotificationEvent function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-iocreatenotificationevent:
 * "IoCreateNotificationEvent sets the state of a new notification event to
 * Signaled. If the event object already exists, IoCreateNotificationEvent
 * just opens the event object."; "Close the handle to the notification event
 * with ZwClose when access to the event is no longer needed." */
START_TEST(notification_event_is_named_signaled_and_closed_by_zwclose)
{
    UNICODE_STRING name;
    RtlInitUnicodeString(&name, u"\\BaseNamedObjects\\NEO_EVENT_VPN");
    HANDLE h1 = NULL, h2 = NULL;
    PKEVENT e1 = IoCreateNotificationEvent(&name, &h1);
    ck_assert_ptr_nonnull(e1);
    ck_assert_ptr_nonnull(h1);
    ck_assert_int_eq(KeReadStateEvent(e1), 1);
    ck_assert_int_eq(e1->Header.Type, NotificationEvent);
    ck_assert_int_eq(ndis_fixture_last_int("IoCreateNotificationEvent", "created", -1), 1);
    ndis_fixture_expect_str("IoCreateNotificationEvent", "name", "\\BaseNamedObjects\\NEO_EVENT_VPN");
    KeClearEvent(e1);
    PKEVENT e2 = IoCreateNotificationEvent(&name, &h2);   /* opens the same object */
    ck_assert_ptr_eq(e2, e1);
    ck_assert_ptr_ne(h2, h1);
    ck_assert_int_eq(KeReadStateEvent(e2), 0);   /* an opened event keeps its state */
    ck_assert_int_eq(ndis_fixture_last_int("IoCreateNotificationEvent", "created", -1), 0);
    ck_assert(live(h1));
    ck_assert_int_eq(ZwClose(h1), STATUS_SUCCESS);
    ck_assert_str_eq(ndis_fixture_last_ledger("ZwClose"), "ok");
    ck_assert(!live(h1));
    KeSetEvent(e2, 0, FALSE);   /* h2 still holds the object */
    ck_assert_int_eq(ZwClose(h2), STATUS_SUCCESS);
    /* ZwClose: "it returns STATUS_INVALID_HANDLE if Handle is not a valid handle". */
    ck_assert_int_eq(ZwClose(h2), STATUS_INVALID_HANDLE);
    ck_assert_uint_eq(ndis_fixture_count("memory_corruption"), 0);
    ck_assert_str_eq(tables_kind_allocated_by(host_tables(), "IoCreateNotificationEvent")->kind, "event_handle");
    ck_assert_int_eq(tables_ddi_max_irql(host_tables(), "IoCreateNotificationEvent"), PASSIVE_LEVEL);
}
END_TEST

/* "NULL if the event object could not be created or opened": no name, or
 * an injected failure; *EventHandle is not written and no handle is open. */
START_TEST(notification_event_failure_is_null)
{
    HANDLE h = (HANDLE)0x1;
    ck_assert_ptr_null(IoCreateNotificationEvent(NULL, &h));
    ck_assert_ptr_eq(h, (HANDLE)0x1);
    ndis_fixture_end();
    a = ndis_fixture_begin("IoCreateNotificationEvent", 1);
    UNICODE_STRING name;
    RtlInitUnicodeString(&name, u"\\BaseNamedObjects\\X");
    ck_assert_ptr_null(IoCreateNotificationEvent(&name, &h));
    ck_assert_ptr_eq(h, (HANDLE)0x1);
    ck_assert_int_eq(ndis_fixture_last_int("IoCreateNotificationEvent", "handle", -1), 0);
}
END_TEST

/* "ProbeForRead function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-probeforread, and
 * "ProbeForWrite function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-probeforwrite:
 * "If the beginning of the address range is not aligned on the byte
 * boundary that is specified by Alignment, ProbeForRead raises the
 * STATUS_DATATYPE_MISALIGNMENT exception."; "If Length = 0, ProbeForRead
 * does no checking of the address."  The emulation cannot raise
 * (excpt.h): the exception is the event's argument `raised`. */
START_TEST(probe_checks_alignment_unless_length_is_zero)
{
    static ULONG words[4];
    UCHAR *odd = (UCHAR *)words + 1;
    ProbeForRead(words, sizeof words, sizeof(ULONG));
    ck_assert_int_eq(ndis_fixture_last_int("ProbeForRead", "raised", -1), 0);
    ProbeForRead(odd, 4, sizeof(ULONG));
    ck_assert_int_eq(ndis_fixture_last_int("ProbeForRead", "raised", -1), STATUS_DATATYPE_MISALIGNMENT);
    ProbeForRead(odd, 0, sizeof(ULONG));
    ck_assert_int_eq(ndis_fixture_last_int("ProbeForRead", "raised", -1), 0);
    ProbeForWrite(odd, 4, 2);
    ck_assert_int_eq(ndis_fixture_last_int("ProbeForWrite", "raised", -1), STATUS_DATATYPE_MISALIGNMENT);
    ProbeForWrite(odd, 4, 1);
    ck_assert_int_eq(ndis_fixture_last_int("ProbeForWrite", "raised", -1), 0);
    /* "If the specified range of memory is not a valid user-mode address
     * range ... ProbeForWrite raises the STATUS_ACCESS_VIOLATION exception":
     * a range that wraps past the top of the address space. */
    ProbeForWrite((void *)(UINTPTR_MAX - 3), 8, 1);
    ck_assert_int_eq(ndis_fixture_last_int("ProbeForWrite", "raised", -1), STATUS_ACCESS_VIOLATION);
    ck_assert_int_eq(ndis_fixture_count("ProbeForRead"), 3);
    ck_assert_int_eq(tables_ddi_max_irql(host_tables(), "ProbeForRead"), APC_LEVEL);
    ck_assert_int_eq(tables_ddi_max_irql(host_tables(), "ProbeForWrite"), APC_LEVEL);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_neo6_ddis");
    TCase *tc = tcase_create("neo6_ddis");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ps_get_version_is_a_free_windows_10);
    tcase_add_test(tc, initialize_string_allocates_a_unicode_copy_freed_by_free_string);
    tcase_add_test(tc, initialize_string_leak_stays_open_and_failure_leaves_no_buffer);
    tcase_add_test(tc, probe_and_lock_is_a_pair_the_ledger_tracks);
    tcase_add_test(tc, probe_and_lock_leak_and_nonpaged_mdl);
    tcase_add_test(tc, io_free_mdl_of_a_locked_mdl_is_recorded);
    tcase_add_test(tc, notification_event_is_named_signaled_and_closed_by_zwclose);
    tcase_add_test(tc, notification_event_failure_is_null);
    tcase_add_test(tc, probe_checks_alignment_unless_length_is_zero);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
