/* Sizes, member offsets and constant values of the WDK structures the
 * tap-windows6 / TapDriver6 work added, on x86_64 (the Windows x64 layout
 * the shim mirrors).  The expected values are not taken from the shim:
 *   - FILE_OBJECT: the x64 ntoskrnl _FILE_OBJECT type dumps (Vergilius
 *     Project, and github.com/ntdiff/headers for Windows 10 x64: size
 *     0xd8, FsContext 0x18, Flags 0x50, FileName 0x58, Lock 0x80, Event
 *     0x98, IrpList 0xc0, FileObjectExtension 0xd0);
 *   - OBJECT_ATTRIBUTES: the x64 _OBJECT_ATTRIBUTES dump of the same
 *     sources (size 0x30, ObjectName 0x10, Attributes 0x18);
 *   - IO_CSQ and IO_CSQ_IRP_CONTEXT (opaque on their WDK pages): the
 *     member lists of mingw-w64 ddk/wdm.h, a ULONG Type and seven pointers
 *     (0x40) and a ULONG and two pointers (0x18) under x64 alignment;
 *   - KEY_VALUE_PARTIAL_INFORMATION: three ULONGs then the data (the
 *     ZwQueryValueKey page sizes the buffer as sizeof(...) + the data,
 *     0x10 on every Windows target);
 *   - RTL_OSVERSIONINFO(EX)W: the Win32 OSVERSIONINFO(EX)W sizes, 276 and
 *     284 bytes, which a user-mode caller passes as dwOSVersionInfoSize.
 * The constant values come from mingw-w64's ddk headers and winnt.h. */
#include <check.h>
#include <stdlib.h>
#include "ndis.h"

typedef struct {
    const char *what;
    size_t got;
    size_t want;
} layout_fact;

#define SIZE(type, want) { "sizeof(" #type ")", sizeof(type), (want) }
#define OFF(type, member, want) { #type "." #member, __builtin_offsetof(type, member), (want) }

static const layout_fact facts[] = {
    SIZE(FILE_OBJECT, 0xd8), OFF(FILE_OBJECT, DeviceObject, 0x8), OFF(FILE_OBJECT, Vpb, 0x10),
    OFF(FILE_OBJECT, FsContext, 0x18), OFF(FILE_OBJECT, FsContext2, 0x20),
    OFF(FILE_OBJECT, SectionObjectPointer, 0x28), OFF(FILE_OBJECT, PrivateCacheMap, 0x30),
    OFF(FILE_OBJECT, FinalStatus, 0x38), OFF(FILE_OBJECT, RelatedFileObject, 0x40),
    OFF(FILE_OBJECT, LockOperation, 0x48), OFF(FILE_OBJECT, SharedDelete, 0x4f), OFF(FILE_OBJECT, Flags, 0x50),
    OFF(FILE_OBJECT, FileName, 0x58), OFF(FILE_OBJECT, CurrentByteOffset, 0x68), OFF(FILE_OBJECT, Waiters, 0x70),
    OFF(FILE_OBJECT, Busy, 0x74), OFF(FILE_OBJECT, LastLock, 0x78), OFF(FILE_OBJECT, Lock, 0x80),
    OFF(FILE_OBJECT, Event, 0x98), OFF(FILE_OBJECT, CompletionContext, 0xb0), OFF(FILE_OBJECT, IrpListLock, 0xb8),
    OFF(FILE_OBJECT, IrpList, 0xc0), OFF(FILE_OBJECT, FileObjectExtension, 0xd0),
    SIZE(OBJECT_ATTRIBUTES, 0x30), OFF(OBJECT_ATTRIBUTES, RootDirectory, 0x8),
    OFF(OBJECT_ATTRIBUTES, ObjectName, 0x10), OFF(OBJECT_ATTRIBUTES, Attributes, 0x18),
    OFF(OBJECT_ATTRIBUTES, SecurityDescriptor, 0x20), OFF(OBJECT_ATTRIBUTES, SecurityQualityOfService, 0x28),
    SIZE(IO_CSQ, 0x40), OFF(IO_CSQ, CsqInsertIrp, 0x8), OFF(IO_CSQ, CsqRemoveIrp, 0x10),
    OFF(IO_CSQ, CsqPeekNextIrp, 0x18), OFF(IO_CSQ, CsqAcquireLock, 0x20), OFF(IO_CSQ, CsqReleaseLock, 0x28),
    OFF(IO_CSQ, CsqCompleteCanceledIrp, 0x30), OFF(IO_CSQ, ReservePointer, 0x38),
    SIZE(IO_CSQ_IRP_CONTEXT, 0x18), OFF(IO_CSQ_IRP_CONTEXT, Irp, 0x8), OFF(IO_CSQ_IRP_CONTEXT, Csq, 0x10),
    SIZE(KEY_VALUE_PARTIAL_INFORMATION, 0x10), OFF(KEY_VALUE_PARTIAL_INFORMATION, Type, 0x4),
    OFF(KEY_VALUE_PARTIAL_INFORMATION, DataLength, 0x8), OFF(KEY_VALUE_PARTIAL_INFORMATION, Data, 0xc),
    SIZE(RTL_OSVERSIONINFOW, 276), OFF(RTL_OSVERSIONINFOW, dwPlatformId, 0x10),
    OFF(RTL_OSVERSIONINFOW, szCSDVersion, 0x14),
    SIZE(RTL_OSVERSIONINFOEXW, 284), OFF(RTL_OSVERSIONINFOEXW, wServicePackMajor, 0x114),
    OFF(RTL_OSVERSIONINFOEXW, wSuiteMask, 0x118), OFF(RTL_OSVERSIONINFOEXW, wProductType, 0x11a),
};

START_TEST(test_layout_fact)
{
    const layout_fact *f = &facts[_i];
    ck_assert_msg(f->got == f->want, "%s is 0x%zx, want 0x%zx", f->what, f->got, f->want);
}
END_TEST

START_TEST(test_constants)
{
    /* ndis.h */
    ck_assert_int_eq(NDIS_ETH_TYPE_IPV4, 0x0800);
    ck_assert_int_eq(NDIS_ETH_TYPE_ARP, 0x0806);
    ck_assert_int_eq(NDIS_ETH_TYPE_IPV6, 0x86DD);
    ck_assert_uint_eq(NBL_FLAGS_MINIPORT_RESERVED, 0x0000F000u);
    ck_assert_uint_eq(NBL_FLAGS_SCRATCH, 0x000F0000u);
    ck_assert_uint_eq(NDIS_RUNTIME_VERSION_620, 0x00060014u);
    ck_assert_uint_eq(NDIS_RUNTIME_VERSION_630, 0x0006001Eu);
    ck_assert_uint_eq(OID_IP4_OFFLOAD_STATS, 0xFC010209u);
    ck_assert_uint_eq(OID_IP6_OFFLOAD_STATS, 0xFC01020Au);
    /* ntdef.h, wdm.h, winnt.h */
    ck_assert_int_eq(OBJ_CASE_INSENSITIVE, 0x40);
    ck_assert_int_eq(OBJ_KERNEL_HANDLE, 0x200);
    ck_assert_int_eq(KEY_QUERY_VALUE, 1);
    ck_assert_int_eq(KEY_READ, 0x20019);
    ck_assert_int_eq(KEY_WRITE, 0x20006);
    ck_assert_int_eq(REG_DWORD, 4);
    ck_assert_int_eq(REG_MULTI_SZ, 7);
    ck_assert_int_eq(KeyValuePartialInformation, 2);
    ck_assert_int_eq(IO_TYPE_CSQ_IRP_CONTEXT, 1);
    ck_assert_int_eq(IO_TYPE_CSQ, 2);
    ck_assert_int_eq(VER_MAJORVERSION, 2);
    ck_assert_int_eq(VER_GREATER_EQUAL, 3);
    ck_assert_int_eq(EXCEPTION_EXECUTE_HANDLER, 1);
    ck_assert_int_eq(EXCEPTION_CONTINUE_SEARCH, 0);
    ck_assert_int_eq(EXCEPTION_CONTINUE_EXECUTION, -1);
    ck_assert_uint_eq(sizeof(LPTSTR), sizeof(char *));
    ck_assert_uint_eq(sizeof(*(LPTSTR)0), 1);   /* narrow: UNICODE is not defined */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("wdk_layout2");
    TCase *tc = tcase_create("layout2");
    tcase_add_loop_test(tc, test_layout_fact, 0, (int)(sizeof facts / sizeof facts[0]));
    tcase_add_test(tc, test_constants);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
