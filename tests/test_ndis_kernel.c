/* The emulated kernel DDIs (pool.c, mdl.c, ke_event.c, ke_spinlock.c,
 * bugcheck.c, irp.c, rtl_string.c): what each returns, what it records,
 * and how the ledger judges the pool blocks and MDLs. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "host/ndis/ndis_internal.h"
#include "host/host_clock.h"
#include "host/host_run.h"
#include "ndis_fixture.h"

#define TAG 'tseT'

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

static int64_t last_arg(const char *ddi, const char *key)
{
    event ev;
    ck_assert_msg(ndis_fixture_last(ddi, &ev), "no %s event", ddi);
    int64_t v = event_arg_int(&ev, key, -12345);
    event_free(&ev);
    return v;
}

START_TEST(pool2_zeroes_and_is_a_ledger_resource)
{
    unsigned char *p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, TAG);
    ck_assert_ptr_nonnull(p);
    for (int i = 0; i < 64; i++)
        ck_assert_int_eq(p[i], 0);   /* zeroed unless POOL_FLAG_UNINITIALIZED */
    ck_assert(host_handle_is_live((uint64_t)(uintptr_t)p));
    ck_assert_int_eq(last_arg("ExAllocatePool2", "valid"), 1);
    ExFreePoolWithTag(p, TAG);
    ck_assert_str_eq(ndis_fixture_last_ledger("ExFreePoolWithTag"), "ok");
    ck_assert_int_eq(last_arg("ExFreePoolWithTag", "tag_matches"), 1);
    ck_assert(!host_handle_is_live((uint64_t)(uintptr_t)p));
    ExFreePoolWithTag(p, TAG);
    ck_assert_str_eq(ndis_fixture_last_ledger("ExFreePoolWithTag"), "double");
}
END_TEST

START_TEST(pool2_refuses_tag_zero_and_bad_flags)
{
    /* ExAllocatePool2: NULL when "Tag is set to 0 or invalid POOL_FLAGS are specified". */
    ck_assert_ptr_null(ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 0));
    ck_assert_int_eq(last_arg("ExAllocatePool2", "valid"), 0);
    ck_assert_ptr_null(ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED, 16, TAG));
    ck_assert_ptr_null(ExAllocatePool2(POOL_FLAG_CACHE_ALIGNED, 16, TAG));
    unsigned char *p = ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_UNINITIALIZED, 16, TAG);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(last_arg("ExAllocatePool2", "paged"), 1);
    ExFreePool(p);
    ck_assert_str_eq(ndis_fixture_last_ledger("ExFreePool"), "ok");
}
END_TEST

START_TEST(pool_with_tag_reciprocals)
{
    void *p = ExAllocatePoolWithTag(NonPagedPoolNx, 32, TAG);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(last_arg("ExAllocatePoolWithTag", "paged"), 0);
    NdisFreeMemory(p, 32, 0);   /* NDIS's free on a pool block: not its reciprocal */
    ck_assert_str_eq(ndis_fixture_last_ledger("NdisFreeMemory"), "wrong_reciprocal");
    ExFreePoolWithTag(p, 'gorW');
    ck_assert_int_eq(last_arg("ExFreePoolWithTag", "tag_matches"), 0);
    void *q = ExAllocatePoolZero(NonPagedPoolNx, 8, TAG);
    ck_assert_ptr_nonnull(q);
    ExFreePool(q);
    ck_assert_str_eq(ndis_fixture_last_ledger("ExFreePool"), "ok");
    static char stack_like[8];
    ExFreePool(stack_like);
    ck_assert_str_eq(ndis_fixture_last_ledger("ExFreePool"), "unknown");
}
END_TEST

START_TEST(pool_injection_fails_the_allocation)
{
    ndis_fixture_end();
    a = ndis_fixture_begin("ExAllocatePoolWithTag", 1);
    ck_assert_ptr_null(ExAllocatePoolWithTag(NonPagedPoolNx, 32, TAG));
    void *p = ExAllocatePoolWithTag(NonPagedPoolNx, 32, TAG);
    ck_assert_ptr_nonnull(p);
    ExFreePoolWithTag(p, TAG);
}
END_TEST

START_TEST(io_mdl_describes_the_buffer_and_joins_the_irp)
{
    static UCHAR buffer[0x3000];
    PUCHAR va = buffer + 0x10;
    IRP irp;
    memset(&irp, 0, sizeof irp);
    PMDL m = IoAllocateMdl(va, 0x1800, FALSE, FALSE, &irp);
    ck_assert_ptr_nonnull(m);
    ck_assert_ptr_eq(irp.MdlAddress, m);
    ck_assert_uint_eq(MmGetMdlByteCount(m), 0x1800);
    ck_assert_ptr_eq(MmGetMdlVirtualAddress(m), va);
    ck_assert_int_eq(m->Size, (CSHORT)MmSizeOfMdl(va, 0x1800));
    PMDL second = IoAllocateMdl(buffer, 16, TRUE, FALSE, &irp);
    ck_assert_ptr_eq(m->Next, second);   /* secondary buffers are appended */
    MmBuildMdlForNonPagedPool(m);
    ck_assert(m->MdlFlags & MDL_SOURCE_IS_NONPAGED_POOL);
    ck_assert_ptr_eq(MmGetSystemAddressForMdlSafe(m, NormalPagePriority), va);
    ck_assert_uint_eq(MmGetMdlPfnArray(m)[1], MmGetMdlPfnArray(m)[0] + 1);
    IoFreeMdl(second);
    IoFreeMdl(m);
    ck_assert_str_eq(ndis_fixture_last_ledger("IoFreeMdl"), "ok");
    IoFreeMdl(m);
    ck_assert_str_eq(ndis_fixture_last_ledger("IoFreeMdl"), "double");
}
END_TEST

START_TEST(events_wait_on_the_virtual_clock)
{
    KEVENT ev;
    LARGE_INTEGER timeout;
    KeInitializeEvent(&ev, SynchronizationEvent, FALSE);
    timeout.QuadPart = -20000;   /* 2 ms, relative */
    uint64_t start = host_now_us();
    ck_assert_int_eq(KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &timeout), STATUS_TIMEOUT);
    ck_assert_uint_eq(host_now_us() - start, 2000);
    ck_assert_int_eq(KeSetEvent(&ev, IO_NO_INCREMENT, FALSE), 0);
    ck_assert_int_eq(KeReadStateEvent(&ev), 1);
    ck_assert_int_eq(KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, NULL), STATUS_SUCCESS);
    ck_assert_int_eq(KeReadStateEvent(&ev), 0);   /* a synchronization event resets */
    KeInitializeEvent(&ev, NotificationEvent, TRUE);
    timeout.QuadPart = 0;
    ck_assert_int_eq(KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &timeout), STATUS_SUCCESS);
    ck_assert_int_eq(last_arg("KeWaitForSingleObject", "timeout_zero"), 1);
    ck_assert_int_eq(KeResetEvent(&ev), 1);
    LARGE_INTEGER delay = { .QuadPart = -10000 };
    start = host_now_us();
    ck_assert_int_eq(KeDelayExecutionThread(KernelMode, FALSE, &delay), STATUS_SUCCESS);
    ck_assert_uint_eq(host_now_us() - start, 1000);
    ck_assert_uint_eq(KeQueryInterruptTime(), host_now_us() * 10);
}
END_TEST

START_TEST(spin_lock_raises_to_dispatch_and_restores)
{
    KSPIN_LOCK lock;
    KIRQL old;
    KeInitializeSpinLock(&lock);
    host_set_irql(PASSIVE_LEVEL);
    KeAcquireSpinLock(&lock, &old);
    ck_assert_int_eq(old, PASSIVE_LEVEL);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    ck_assert_int_eq(last_arg("KeAcquireSpinLockRaiseToDpc", "held"), 0);
    KeReleaseSpinLock(&lock, old);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
}
END_TEST

START_TEST(counted_strings)
{
    UNICODE_STRING us;
    RtlInitUnicodeString(&us, u"abc");
    ck_assert_uint_eq(us.Length, 6);
    ck_assert_uint_eq(us.MaximumLength, 8);
    RtlInitUnicodeString(&us, NULL);
    ck_assert_uint_eq(us.Length, 0);
    ck_assert_uint_eq(us.MaximumLength, 0);
    ANSI_STRING as;
    RtlInitAnsiString(&as, "hello");
    ck_assert_uint_eq(as.Length, 5);
    ck_assert_uint_eq(as.MaximumLength, 6);
    WCHAR buf[2];
    UNICODE_STRING dest = { 0, sizeof buf, buf };
    UNICODE_STRING src = RTL_CONSTANT_STRING(u"xyz");
    RtlCopyUnicodeString(&dest, &src);   /* min(source Length, destination MaximumLength) */
    ck_assert_uint_eq(dest.Length, 4);
    ck_assert_int_eq(buf[0], 'x');
    ck_assert_int_eq(buf[1], 'y');
    RtlCopyUnicodeString(&dest, NULL);
    ck_assert_uint_eq(dest.Length, 0);
    ck_assert_uint_eq(RtlCompareMemory("abcd", "abXd", 4), 2);
}
END_TEST

START_TEST(io_complete_request_is_recorded)
{
    IRP irp;
    memset(&irp, 0, sizeof irp);
    irp.IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    irp.IoStatus.Information = 7;
    IoCompleteRequest(&irp, IO_NO_INCREMENT);
    ck_assert_int_eq(last_arg("IoCompleteRequest", "status"), STATUS_INVALID_DEVICE_REQUEST);
    ck_assert_int_eq(last_arg("IoCompleteRequest", "information"), 7);
}
END_TEST

/* KeBugCheckEx ends the host with its own status after a crash event. */
START_TEST(bugcheck_is_a_crash_event_not_an_exit)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        KeBugCheckEx(DRIVER_IRQL_NOT_LESS_OR_EQUAL, 1, 2, 3, 4);   /* never returns */
    event ev;
    ndis_fixture_expect_fatal(pid, HOST_EXIT_BUGCHECK, "bugcheck", &ev);
    ck_assert_int_eq(event_arg_int(&ev, "code", -1), 0xD1);
    ck_assert_int_eq(event_arg_int(&ev, "p4", -1), 4);
    event_free(&ev);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_kernel");
    TCase *tc = tcase_create("kernel");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pool2_zeroes_and_is_a_ledger_resource);
    tcase_add_test(tc, pool2_refuses_tag_zero_and_bad_flags);
    tcase_add_test(tc, pool_with_tag_reciprocals);
    tcase_add_test(tc, pool_injection_fails_the_allocation);
    tcase_add_test(tc, io_mdl_describes_the_buffer_and_joins_the_irp);
    tcase_add_test(tc, events_wait_on_the_virtual_clock);
    tcase_add_test(tc, spin_lock_raises_to_dispatch_and_restores);
    tcase_add_test(tc, counted_strings);
    tcase_add_test(tc, io_complete_request_is_recorded);
    tcase_add_test(tc, bugcheck_is_a_crash_event_not_an_exit);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
