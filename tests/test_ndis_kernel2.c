/* The WDK kernel DDIs tap-windows6 and TapDriver6 brought in (csq.c,
 * registry.c, rtl_version.c, rtl_string.c, memory.c): each asserts the
 * behaviour its WDK page documents, the page's sentence quoted. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host/ndis/ndis_internal.h"
#include "host/host_run.h"
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

/* ---- a driver's cancel-safe queue: a FIFO list of IRPs and a log ---- */
typedef struct {
    IO_CSQ csq;
    LIST_ENTRY queue;
    char log[128];
    int locked;
    PIRP completed_canceled;
} test_queue;

static void note(test_queue *q, const char *what)
{
    strncat(q->log, what, sizeof q->log - strlen(q->log) - 1);
}

static VOID q_insert(PIO_CSQ Csq, PIRP Irp)
{
    test_queue *q = CONTAINING_RECORD(Csq, test_queue, csq);
    ck_assert(q->locked);
    note(q, "I");
    InsertTailList(&q->queue, &Irp->Tail.Overlay.ListEntry);
}

static VOID q_remove(PIO_CSQ Csq, PIRP Irp)
{
    test_queue *q = CONTAINING_RECORD(Csq, test_queue, csq);
    ck_assert(q->locked);
    note(q, "R");
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
}

/* PeekContext, when given, is the IoStatus.Information to match. */
static PIRP q_peek(PIO_CSQ Csq, PIRP Irp, PVOID PeekContext)
{
    test_queue *q = CONTAINING_RECORD(Csq, test_queue, csq);
    ck_assert(q->locked);
    PLIST_ENTRY e = Irp ? Irp->Tail.Overlay.ListEntry.Flink : q->queue.Flink;
    for (; e != &q->queue; e = e->Flink) {
        PIRP candidate = CONTAINING_RECORD(e, IRP, Tail.Overlay.ListEntry);
        if (!PeekContext || candidate->IoStatus.Information == (ULONG_PTR)PeekContext)
            return candidate;
    }
    return NULL;
}

static VOID q_acquire(PIO_CSQ Csq, PKIRQL Irql)
{
    test_queue *q = CONTAINING_RECORD(Csq, test_queue, csq);
    note(q, "(");
    q->locked = 1;
    *Irql = PASSIVE_LEVEL;
}

static VOID q_release(PIO_CSQ Csq, KIRQL Irql)
{
    (void)Irql;
    test_queue *q = CONTAINING_RECORD(Csq, test_queue, csq);
    note(q, ")");
    q->locked = 0;
}

static VOID q_complete_canceled(PIO_CSQ Csq, PIRP Irp)
{
    test_queue *q = CONTAINING_RECORD(Csq, test_queue, csq);
    ck_assert(!q->locked);
    note(q, "C");
    q->completed_canceled = Irp;
}

typedef struct {
    IRP irp;
    IO_STACK_LOCATION stack[2];
} test_irp;

static PIRP make_irp(test_irp *t, ULONG_PTR tag)
{
    memset(t, 0, sizeof *t);
    t->irp.Tail.Overlay.CurrentStackLocation = &t->stack[1];
    t->irp.IoStatus.Information = tag;
    return &t->irp;
}

static void queue_init(test_queue *q)
{
    memset(q, 0, sizeof *q);
    InitializeListHead(&q->queue);
    ck_assert_int_eq(IoCsqInitialize(&q->csq, q_insert, q_remove, q_peek, q_acquire, q_release, q_complete_canceled),
                     STATUS_SUCCESS);
    ck_assert_int_eq(ndis_fixture_last_int("IoCsqInitialize", "valid", -1), 1);
}

START_TEST(csq_insert_locks_inserts_marks_pending_unlocks)
{
    test_queue q;
    test_irp t;
    queue_init(&q);
    PIRP irp = make_irp(&t, 1);
    IO_CSQ_IRP_CONTEXT ctx;
    IoCsqInsertIrp(&q.csq, irp, &ctx);
    /* IoCsqInsertIrp Remarks: "1. Calls the queue's CsqAcquireLock routine
     * ... 2. Calls the queue's CsqInsertIrp routine ... 3. Marks the IRP as
     * pending. 4. Calls the queue's CsqReleaseLock routine". */
    ck_assert_str_eq(q.log, "(I)");
    ck_assert(IoGetCurrentIrpStackLocation(irp)->Control & SL_PENDING_RETURNED);
    /* "IoCsqInsertIrp initializes this structure with context information
     * for the inserted IRP"; "the IoCsqXxx routines use the DriverContext[3]
     * member of the IRP to hold IRP context information". */
    ck_assert_int_eq(ctx.Type, IO_TYPE_CSQ_IRP_CONTEXT);
    ck_assert_ptr_eq(ctx.Irp, irp);
    ck_assert_ptr_eq(ctx.Csq, &q.csq);
    ck_assert_ptr_eq(irp->Tail.Overlay.DriverContext[3], &ctx);
    ck_assert_ptr_nonnull((void *)irp->CancelRoutine);   /* the queue owns cancellation */
    /* IoCsqRemoveIrp: "returns a pointer to the IRP" it removes. */
    ck_assert_ptr_eq(IoCsqRemoveIrp(&q.csq, &ctx), irp);
    ck_assert_str_eq(q.log, "(I)(R)");
    ck_assert_ptr_null((void *)irp->CancelRoutine);
    ck_assert_ptr_null(ctx.Irp);
    ck_assert_ptr_null(IoCsqRemoveIrp(&q.csq, &ctx));    /* already gone */
    ck_assert(IsListEmpty(&q.queue));
}
END_TEST

START_TEST(csq_remove_next_follows_the_peek_routine)
{
    test_queue q;
    test_irp t1, t2, t3;
    queue_init(&q);
    PIRP i1 = make_irp(&t1, 1), i2 = make_irp(&t2, 2), i3 = make_irp(&t3, 1);
    IoCsqInsertIrp(&q.csq, i1, NULL);
    IoCsqInsertIrp(&q.csq, i2, NULL);
    IoCsqInsertIrp(&q.csq, i3, NULL);
    ck_assert_ptr_eq(i1->Tail.Overlay.DriverContext[3], &q.csq);
    /* IoCsqRemoveNextIrp: "returns a pointer to the next IRP in the queue
     * that matches PeekContext" ... "or NULL if there are no such IRPs". */
    ck_assert_ptr_eq(IoCsqRemoveNextIrp(&q.csq, (PVOID)2), i2);
    ck_assert_ptr_eq(IoCsqRemoveNextIrp(&q.csq, NULL), i1);
    ck_assert_ptr_eq(IoCsqRemoveNextIrp(&q.csq, NULL), i3);
    ck_assert_ptr_null(IoCsqRemoveNextIrp(&q.csq, NULL));
    ck_assert_int_eq(ndis_fixture_count("IoCsqRemoveNextIrp"), 4);
    ck_assert(!q.locked);
}
END_TEST

START_TEST(csq_canceled_irps_go_to_complete_canceled)
{
    test_queue q;
    test_irp t1, t2;
    queue_init(&q);
    /* IoCsqInsertIrp: "If the IRP to be inserted has already been canceled,
     * IoCsqInsertIrp does not attempt to insert the IRP into the queue." */
    PIRP early = make_irp(&t1, 1);
    early->Cancel = TRUE;
    IoCsqInsertIrp(&q.csq, early, NULL);
    ck_assert_str_eq(q.log, "()C");
    ck_assert_ptr_eq(q.completed_canceled, early);
    ck_assert(IsListEmpty(&q.queue));
    ck_assert_int_eq(ndis_fixture_last_int("IoCsqInsertIrp", "canceled", -1), 1);

    /* Canceled while queued: the I/O manager's part (IoCancelIrp sets Cancel
     * and calls the cancel routine) played by hand; the queue removes the
     * IRP and hands it to CsqCompleteCanceledIrp ("Cancel-Safe IRP Queues":
     * "These routines handle all synchronization and IRP canceling logic"). */
    q.log[0] = 0;
    IO_CSQ_IRP_CONTEXT ctx;
    PIRP late = make_irp(&t2, 2);
    IoCsqInsertIrp(&q.csq, late, &ctx);
    late->Cancel = TRUE;
    PDRIVER_CANCEL cancel = IoSetCancelRoutine(late, NULL);
    ck_assert_ptr_nonnull((void *)cancel);
    /* IoCsqRemoveIrp: NULL "if the IRP has been canceled" (its cancellation began). */
    ck_assert_ptr_null(IoCsqRemoveIrp(&q.csq, &ctx));
    ck_assert_ptr_null(IoCsqRemoveNextIrp(&q.csq, NULL));
    cancel(NULL, late);
    ck_assert_ptr_eq(q.completed_canceled, late);
    ck_assert(IsListEmpty(&q.queue));
    ck_assert_ptr_null(ctx.Irp);
}
END_TEST

/* ---- registry ---- */
START_TEST(registry_is_empty)
{
    UNICODE_STRING path, value;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&path, u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\tap0901");
    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    ck_assert_uint_eq(oa.Length, sizeof(OBJECT_ATTRIBUTES));
    ck_assert_ptr_eq(oa.ObjectName, &path);
    ck_assert_uint_eq(oa.Attributes, 0x240);
    ck_assert_ptr_null(oa.SecurityQualityOfService);
    HANDLE key = (HANDLE)0x1234;
    /* ZwOpenKey: "If the specified key does not exist, ZwOpenKey returns an
     * error status and does not return a key handle." */
    ck_assert_int_eq(ZwOpenKey(&key, KEY_QUERY_VALUE, &oa), STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_ptr_eq(key, (HANDLE)0x1234);
    ndis_fixture_expect_str("ZwOpenKey", "name", "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\tap0901");
    ck_assert_int_eq(ndis_fixture_last_int("ZwOpenKey", "kernel_handle", -1), 1);
    /* ZwClose: "it returns STATUS_INVALID_HANDLE if Handle is not a valid handle". */
    UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    ULONG got = 99;
    RtlInitUnicodeString(&value, u"TapDiag");
    ck_assert_int_eq(ZwQueryValueKey(key, &value, KeyValuePartialInformation, buf, sizeof buf, &got),
                     STATUS_INVALID_HANDLE);
    ck_assert_uint_eq(got, 0);
    ck_assert_int_eq(ZwClose(key), STATUS_INVALID_HANDLE);
    ck_assert_int_eq(KeyValuePartialInformation, 2);
    ck_assert_int_eq(KEY_READ, 0x20019);
    ck_assert_int_eq(KEY_ALL_ACCESS, 0xF003F);
}
END_TEST

/* ---- versions ---- */
START_TEST(get_version_answers_windows_10)
{
    RTL_OSVERSIONINFOEXW ex;
    memset(&ex, 0, sizeof ex);
    ex.dwOSVersionInfoSize = sizeof ex;
    /* RtlGetVersion: "Returns STATUS_SUCCESS." */
    ck_assert_int_eq(RtlGetVersion((PRTL_OSVERSIONINFOW)&ex), STATUS_SUCCESS);
    ck_assert_uint_eq(ex.dwMajorVersion, 10);
    ck_assert_uint_eq(ex.dwMinorVersion, 0);
    ck_assert_uint_eq(ex.dwBuildNumber, 19045);
    ck_assert_uint_eq(ex.dwPlatformId, VER_PLATFORM_WIN32_NT);
    ck_assert_uint_eq(ex.wProductType, VER_NT_WORKSTATION);
    RTL_OSVERSIONINFOW plain;
    memset(&plain, 0xAB, sizeof plain);
    plain.dwOSVersionInfoSize = sizeof plain;
    ck_assert_int_eq(RtlGetVersion(&plain), STATUS_SUCCESS);
    ck_assert_uint_eq(plain.dwMajorVersion, 10);
    ck_assert_uint_eq(plain.szCSDVersion[0], 0);
    ck_assert_int_eq(ndis_fixture_last_int("RtlGetVersion", "ex", -1), 0);
    plain.dwOSVersionInfoSize = 3;
    ck_assert_int_eq(RtlGetVersion(&plain), STATUS_INVALID_PARAMETER);
}
END_TEST

START_TEST(verify_version_is_hierarchical)
{
    ULONGLONG mask = 0;
    VER_SET_CONDITION(mask, VER_MAJORVERSION, VER_GREATER_EQUAL);
    VER_SET_CONDITION(mask, VER_MINORVERSION, VER_GREATER_EQUAL);
    /* VerSetConditionMask: the condition of each type in its own 3 bits. */
    ck_assert_uint_eq(mask, (3ull << 3) | 3ull);
    RTL_OSVERSIONINFOEXW want;
    memset(&want, 0, sizeof want);
    want.dwOSVersionInfoSize = sizeof want;
    want.dwMajorVersion = 6;
    want.dwMinorVersion = 2;
    /* RtlVerifyVersionInfo: "STATUS_SUCCESS: The specified version matches
     * the currently running version of the operating system." */
    ck_assert_int_eq(RtlVerifyVersionInfo(&want, VER_MAJORVERSION | VER_MINORVERSION, mask), STATUS_SUCCESS);
    /* Hierarchical: 10.0 >= 6.2 although minor 0 < 2. */
    want.dwMajorVersion = 10;
    want.dwMinorVersion = 1;
    /* "STATUS_REVISION_MISMATCH: The specified version does not match". */
    ck_assert_int_eq(RtlVerifyVersionInfo(&want, VER_MAJORVERSION | VER_MINORVERSION, mask), STATUS_REVISION_MISMATCH);
    /* "STATUS_INVALID_PARAMETER: The specified parameters are invalid" (a type without a condition). */
    ck_assert_int_eq(RtlVerifyVersionInfo(&want, VER_BUILDNUMBER, mask), STATUS_INVALID_PARAMETER);
}
END_TEST

/* ---- strings ---- */
START_TEST(unicode_to_ansi_allocates_a_ledger_resource)
{
    UNICODE_STRING u;
    ANSI_STRING s;
    RtlInitUnicodeString(&u, u"{4C2E1C1A}\u00e9");
    /* RtlUnicodeStringToAnsiString: "If TRUE, RtlUnicodeStringToAnsiString
     * allocates the buffer space for the DestinationString ... the caller
     * must deallocate the buffer by calling RtlFreeAnsiString." */
    ck_assert_int_eq(RtlUnicodeStringToAnsiString(&s, &u, TRUE), STATUS_SUCCESS);
    ck_assert_str_eq(s.Buffer, "{4C2E1C1A}?");
    ck_assert_uint_eq(s.Length, 11);
    ck_assert_uint_eq(s.MaximumLength, 12);
    ck_assert(host_handle_is_live((uint64_t)(uintptr_t)s.Buffer));
    RtlFreeAnsiString(&s);
    ck_assert_str_eq(ndis_fixture_last_ledger("RtlFreeAnsiString"), "ok");
    ck_assert_ptr_null(s.Buffer);
    RtlFreeAnsiString(&s);   /* nothing left to release: no ledger entry */
    ck_assert_str_eq(ndis_fixture_last_ledger("RtlFreeAnsiString"), "");

    char small[4];
    s.Buffer = small;
    s.Length = 0;
    s.MaximumLength = sizeof small;
    ck_assert_int_eq(RtlUnicodeStringToAnsiString(&s, &u, FALSE), STATUS_BUFFER_OVERFLOW);
    ck_assert_str_eq(small, "{4C");
}
END_TEST

START_TEST(append_unicode_string)
{
    WCHAR buf[8];
    UNICODE_STRING dst = { 0, sizeof buf, buf }, src;
    RtlInitUnicodeString(&src, u"tap");
    ck_assert_int_eq(RtlAppendUnicodeStringToString(&dst, &src), STATUS_SUCCESS);
    ck_assert_int_eq(RtlAppendUnicodeToString(&dst, u"0901"), STATUS_SUCCESS);
    ck_assert_uint_eq(dst.Length, 14);
    ck_assert_int_eq(memcmp(buf, u"tap0901", 16), 0);
    /* "The destination string length is too small to allow the source
     * string to be concatenated. Accordingly, the destination string
     * length is not updated." (STATUS_BUFFER_TOO_SMALL) */
    ck_assert_int_eq(RtlAppendUnicodeStringToString(&dst, &src), STATUS_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(dst.Length, 14);
}
END_TEST

/* ---- NDIS 5 memory form ---- */
START_TEST(allocate_memory_with_tag_is_ndis_memory)
{
    PVOID p = NULL;
    /* NdisAllocateMemoryWithTag (NDIS 5.x page): "NDIS_STATUS_SUCCESS: The
     * caller can use the allocated memory range starting at the value
     * returned at VirtualAddress"; released by NdisFreeMemory. */
    ck_assert_int_eq(NdisAllocateMemoryWithTag(&p, 48, 'PATA'), NDIS_STATUS_SUCCESS);
    ck_assert_ptr_nonnull(p);
    ck_assert(host_handle_is_live((uint64_t)(uintptr_t)p));
    NdisFreeMemory(p, 48, 0);
    ck_assert_str_eq(ndis_fixture_last_ledger("NdisFreeMemory"), "ok");
}
END_TEST

/* ---- structured exception handling (excpt.h) ---- */
static int seh(int leave_early)
{
    int r = 0;
    __try {
        r = 1;
        if (leave_early)
            __leave;
        r = 2;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        r = -1;   /* never runs: the emulation raises no exception */
    }
    __try {
        r += 10;
    } __finally {
        r += 100;
    }
    for (int i = 0; i < 5; i++) {
        __try {
            if (i == 2)
                break;   /* leaves the loop, as under MSVC */
        } __except (GetExceptionCode() == 5 ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH) {
            r = -1;
        }
        r += 1000;
    }
    return r;
}

START_TEST(seh_runs_the_body_never_the_handler)
{
    ck_assert_int_eq(seh(0), 2112);
    ck_assert_int_eq(seh(1), 2111);
}
END_TEST

/* Every DDI added here has its IRQL limit in checks/tables/irql.yaml. */
START_TEST(new_ddis_have_irql_limits)
{
    static const char *const ddis[] = {
        "IoCsqInitialize", "IoCsqInitializeEx", "IoCsqInsertIrp", "IoCsqInsertIrpEx", "IoCsqRemoveNextIrp",
        "IoCsqRemoveIrp", "ZwOpenKey", "ZwQueryValueKey", "ZwClose", "RtlGetVersion", "RtlVerifyVersionInfo",
        "VerSetConditionMask", "RtlUnicodeStringToAnsiString", "RtlFreeAnsiString",
        "RtlAppendUnicodeStringToString", "RtlAppendUnicodeToString", "NdisAllocateMemoryWithTag",
    };
    for (size_t i = 0; i < sizeof ddis / sizeof ddis[0]; i++)
        ck_assert_msg(tables_ddi_max_irql(host_tables(), ddis[i]) >= 0, "%s has no IRQL limit", ddis[i]);
    ck_assert_int_eq(tables_ddi_max_irql(host_tables(), "ZwOpenKey"), PASSIVE_LEVEL);
    ck_assert_int_eq(tables_ddi_max_irql(host_tables(), "IoCsqInsertIrp"), DISPATCH_LEVEL);
    ck_assert_int_eq(tables_ddi_max_irql(host_tables(), "RtlFreeAnsiString"), APC_LEVEL);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_kernel2");
    TCase *tc = tcase_create("kernel2");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, csq_insert_locks_inserts_marks_pending_unlocks);
    tcase_add_test(tc, csq_remove_next_follows_the_peek_routine);
    tcase_add_test(tc, csq_canceled_irps_go_to_complete_canceled);
    tcase_add_test(tc, registry_is_empty);
    tcase_add_test(tc, get_version_answers_windows_10);
    tcase_add_test(tc, verify_version_is_hierarchical);
    tcase_add_test(tc, unicode_to_ansi_allocates_a_ledger_resource);
    tcase_add_test(tc, append_unicode_string);
    tcase_add_test(tc, allocate_memory_with_tag_is_ndis_memory);
    tcase_add_test(tc, seh_runs_the_body_never_the_handler);
    tcase_add_test(tc, new_ddis_have_irql_limits);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
