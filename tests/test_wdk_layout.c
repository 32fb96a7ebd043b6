/* Sizes and member offsets of the kernel structures a driver fills in or
 * reads, on x86_64 (LP64 host, the Windows x64 layout the shim mirrors).
 * The expected values are not taken from the shim: they are the x64
 * ntoskrnl type dumps published in github.com/ntdiff/headers (e.g.
 * Win10_1903_19H1_18362.30/x64/System32/ntoskrnl.exe, the _IRP,
 * _DEVICE_OBJECT, _DRIVER_OBJECT, _IO_STACK_LOCATION, _KAPC and
 * _KDEVICE_QUEUE_ENTRY dumps, "offset: member" lines), and for the small
 * ntdef types the WDK's documented definitions (two USHORTs and a pointer
 * for UNICODE_STRING, two pointers for LIST_ENTRY).  -fshort-wchar does not
 * change any of them: WCHAR is a 16-bit integer type either way. */
#include <check.h>
#include <stdlib.h>
#include "ntddk.h"
#include "netioapi.h"

typedef struct {
    const char *what;
    size_t got;
    size_t want;
} layout_fact;

#define SIZE(type, want) { "sizeof(" #type ")", sizeof(type), (want) }
#define OFF(type, member, want) { #type "." #member, __builtin_offsetof(type, member), (want) }

static const layout_fact facts[] = {
    /* ntdef.h */
    SIZE(UNICODE_STRING, 0x10), OFF(UNICODE_STRING, Length, 0), OFF(UNICODE_STRING, MaximumLength, 2),
    OFF(UNICODE_STRING, Buffer, 8),
    SIZE(ANSI_STRING, 0x10), OFF(ANSI_STRING, Buffer, 8),
    SIZE(LIST_ENTRY, 0x10), OFF(LIST_ENTRY, Blink, 8),
    SIZE(SINGLE_LIST_ENTRY, 8),
    SIZE(LARGE_INTEGER, 8), OFF(LARGE_INTEGER, HighPart, 4),
    SIZE(GUID, 0x10), OFF(GUID, Data2, 4), OFF(GUID, Data3, 6), OFF(GUID, Data4, 8),
    SIZE(NET_LUID, 8),
    /* _MDL */
    SIZE(MDL, 0x30), OFF(MDL, Size, 8), OFF(MDL, MdlFlags, 0xa), OFF(MDL, Process, 0x10),
    OFF(MDL, MappedSystemVa, 0x18), OFF(MDL, StartVa, 0x20), OFF(MDL, ByteCount, 0x28), OFF(MDL, ByteOffset, 0x2c),
    /* _IO_STATUS_BLOCK */
    SIZE(IO_STATUS_BLOCK, 0x10), OFF(IO_STATUS_BLOCK, Status, 0), OFF(IO_STATUS_BLOCK, Information, 8),
    /* dispatcher objects */
    SIZE(KEVENT, 0x18), SIZE(KDPC, 0x40), SIZE(KAPC, 0x58), OFF(KAPC, NormalContext, 0x38), OFF(KAPC, Inserted, 0x52),
    SIZE(KDEVICE_QUEUE_ENTRY, 0x18), OFF(KDEVICE_QUEUE_ENTRY, SortKey, 0x10), SIZE(KDEVICE_QUEUE, 0x28),
    SIZE(WAIT_CONTEXT_BLOCK, 0x48),
    /* _IRP */
    SIZE(IRP, 0xd0), OFF(IRP, MdlAddress, 8), OFF(IRP, Flags, 0x10), OFF(IRP, AssociatedIrp, 0x18),
    OFF(IRP, ThreadListEntry, 0x20), OFF(IRP, IoStatus, 0x30), OFF(IRP, RequestorMode, 0x40),
    OFF(IRP, PendingReturned, 0x41), OFF(IRP, StackCount, 0x42), OFF(IRP, CurrentLocation, 0x43),
    OFF(IRP, Cancel, 0x44), OFF(IRP, CancelIrql, 0x45), OFF(IRP, UserIosb, 0x48), OFF(IRP, UserEvent, 0x50),
    OFF(IRP, Overlay, 0x58), OFF(IRP, CancelRoutine, 0x68), OFF(IRP, UserBuffer, 0x70), OFF(IRP, Tail, 0x78),
    OFF(IRP, Tail.Overlay.DriverContext, 0x78), OFF(IRP, Tail.Overlay.Thread, 0x98),
    OFF(IRP, Tail.Overlay.AuxiliaryBuffer, 0xa0), OFF(IRP, Tail.Overlay.ListEntry, 0xa8),
    OFF(IRP, Tail.Overlay.CurrentStackLocation, 0xb8), OFF(IRP, Tail.Overlay.OriginalFileObject, 0xc0),
    /* _IO_STACK_LOCATION */
    SIZE(IO_STACK_LOCATION, 0x48), OFF(IO_STACK_LOCATION, Control, 3), OFF(IO_STACK_LOCATION, Parameters, 8),
    OFF(IO_STACK_LOCATION, Parameters.DeviceIoControl.OutputBufferLength, 8),
    OFF(IO_STACK_LOCATION, Parameters.DeviceIoControl.InputBufferLength, 0x10),
    OFF(IO_STACK_LOCATION, Parameters.DeviceIoControl.IoControlCode, 0x18),
    OFF(IO_STACK_LOCATION, Parameters.DeviceIoControl.Type3InputBuffer, 0x20),
    OFF(IO_STACK_LOCATION, Parameters.Read.Key, 0x10), OFF(IO_STACK_LOCATION, Parameters.Read.ByteOffset, 0x18),
    OFF(IO_STACK_LOCATION, Parameters.Others.Argument4, 0x20),
    OFF(IO_STACK_LOCATION, DeviceObject, 0x28), OFF(IO_STACK_LOCATION, FileObject, 0x30),
    OFF(IO_STACK_LOCATION, CompletionRoutine, 0x38), OFF(IO_STACK_LOCATION, Context, 0x40),
    /* _DEVICE_OBJECT */
    SIZE(DEVICE_OBJECT, 0x150), OFF(DEVICE_OBJECT, DriverObject, 8), OFF(DEVICE_OBJECT, AttachedDevice, 0x18),
    OFF(DEVICE_OBJECT, CurrentIrp, 0x20), OFF(DEVICE_OBJECT, Flags, 0x30), OFF(DEVICE_OBJECT, Characteristics, 0x34),
    OFF(DEVICE_OBJECT, DeviceExtension, 0x40), OFF(DEVICE_OBJECT, DeviceType, 0x48),
    OFF(DEVICE_OBJECT, StackSize, 0x4c), OFF(DEVICE_OBJECT, Queue, 0x50),
    OFF(DEVICE_OBJECT, AlignmentRequirement, 0x98), OFF(DEVICE_OBJECT, DeviceQueue, 0xa0),
    OFF(DEVICE_OBJECT, Dpc, 0xc8), OFF(DEVICE_OBJECT, ActiveThreadCount, 0x108),
    OFF(DEVICE_OBJECT, SecurityDescriptor, 0x110), OFF(DEVICE_OBJECT, DeviceLock, 0x118),
    OFF(DEVICE_OBJECT, SectorSize, 0x130), OFF(DEVICE_OBJECT, DeviceObjectExtension, 0x138),
    OFF(DEVICE_OBJECT, Reserved, 0x140),
    /* _DRIVER_OBJECT */
    SIZE(DRIVER_OBJECT, 0x150), OFF(DRIVER_OBJECT, DeviceObject, 8), OFF(DRIVER_OBJECT, Flags, 0x10),
    OFF(DRIVER_OBJECT, DriverStart, 0x18), OFF(DRIVER_OBJECT, DriverSize, 0x20),
    OFF(DRIVER_OBJECT, DriverExtension, 0x30), OFF(DRIVER_OBJECT, DriverName, 0x38),
    OFF(DRIVER_OBJECT, HardwareDatabase, 0x48), OFF(DRIVER_OBJECT, DriverInit, 0x58),
    OFF(DRIVER_OBJECT, DriverStartIo, 0x60), OFF(DRIVER_OBJECT, DriverUnload, 0x68),
    OFF(DRIVER_OBJECT, MajorFunction, 0x70),
};

START_TEST(test_layout_fact)
{
    const layout_fact *f = &facts[_i];
    ck_assert_msg(f->got == f->want, "%s is 0x%zx, the x64 layout has 0x%zx", f->what, f->got, f->want);
}
END_TEST

/* Values drivers compare against (mingw-w64 ddk/wdm.h and ntstatus.h,
 * independent of the WDK's text). */
START_TEST(test_kernel_constants)
{
    ck_assert_int_eq(IRP_MJ_CREATE, 0x00);
    ck_assert_int_eq(IRP_MJ_CLOSE, 0x02);
    ck_assert_int_eq(IRP_MJ_DEVICE_CONTROL, 0x0e);
    ck_assert_int_eq(IRP_MJ_CLEANUP, 0x12);
    ck_assert_int_eq(IRP_MJ_MAXIMUM_FUNCTION, 0x1b);
    ck_assert_uint_eq(CTL_CODE(FILE_DEVICE_NETWORK, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS), 0x00122000u);
    ck_assert_uint_eq(CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_OUT_DIRECT, FILE_READ_ACCESS), 0x00226006u);
    ck_assert_int_eq(DO_BUFFERED_IO, 0x4);
    ck_assert_int_eq(DO_DEVICE_INITIALIZING, 0x80);
    ck_assert_int_eq(MDL_SOURCE_IS_NONPAGED_POOL, 0x4);
    ck_assert_int_eq(PAGE_SIZE, 0x1000);
    ck_assert_uint_eq(POOL_FLAG_NON_PAGED, 0x40u);
    ck_assert_uint_eq(POOL_FLAG_PAGED, 0x100u);
    ck_assert_uint_eq(POOL_FLAG_UNINITIALIZED, 0x2u);
    ck_assert_int_eq(NonPagedPoolNx, 512);
    ck_assert_int_eq((ULONG)STATUS_TIMEOUT, 0x102);
    ck_assert_uint_eq((ULONG)STATUS_INTEGER_OVERFLOW, 0xC0000095u);
    ck_assert_uint_eq((ULONG)STATUS_INVALID_DEVICE_REQUEST, 0xC0000010u);
    ck_assert_uint_eq((ULONG)STATUS_CANCELLED, 0xC0000120u);
    ck_assert_int_eq(DRIVER_IRQL_NOT_LESS_OR_EQUAL, 0xD1);
    ck_assert_int_eq(NotificationEvent, 0);
    ck_assert_int_eq(SynchronizationEvent, 1);
    ck_assert_int_eq(IfOperStatusLowerLayerDown, 7);
    ck_assert_int_eq(TUNNEL_TYPE_IPHTTPS, 15);
    ck_assert_int_eq(IF_MAX_STRING_SIZE, 256);
}
END_TEST

/* MmInitializeMdl and the page macros describe a buffer as the WDK's do:
 * page-aligned StartVa, offset within the page, one PFN per page spanned. */
START_TEST(test_mdl_page_macros)
{
    PVOID va = (PVOID)(ULONG_PTR)0x12345FF0u;
    ck_assert_uint_eq(BYTE_OFFSET(va), 0xFF0u);
    ck_assert_ptr_eq(PAGE_ALIGN(va), (PVOID)(ULONG_PTR)0x12345000u);
    ck_assert_uint_eq(ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, 0x20), 2u);
    ck_assert_uint_eq(ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, 0x10), 1u);
    ck_assert_uint_eq(MmSizeOfMdl(va, 0x20), sizeof(MDL) + 2 * sizeof(PFN_NUMBER));
    union { MDL mdl; UCHAR storage[sizeof(MDL) + 2 * sizeof(PFN_NUMBER)]; } m;
    MmInitializeMdl(&m.mdl, va, 0x20);
    ck_assert_ptr_eq(m.mdl.StartVa, (PVOID)(ULONG_PTR)0x12345000u);
    ck_assert_uint_eq(m.mdl.ByteOffset, 0xFF0u);
    ck_assert_uint_eq(MmGetMdlByteCount(&m.mdl), 0x20u);
    ck_assert_ptr_eq(MmGetMdlVirtualAddress(&m.mdl), va);
    ck_assert_int_eq(m.mdl.Size, (CSHORT)sizeof m.storage);
}
END_TEST

/* intrin.h: MSVC's results (bit index, 0 for an empty mask, byte order, old values). */
START_TEST(test_intrinsics)
{
    unsigned int index = 99;
    ck_assert_int_eq(_BitScanForward(&index, 0), 0);
    ck_assert_uint_eq(index, 99);
    ck_assert_int_eq(_BitScanForward(&index, 0x50u), 1);
    ck_assert_uint_eq(index, 4);
    ck_assert_int_eq(_BitScanReverse(&index, 0x50u), 1);
    ck_assert_uint_eq(index, 6);
    ck_assert_int_eq(_BitScanReverse64(&index, 1ul << 40), 1);
    ck_assert_uint_eq(index, 40);
    ck_assert_uint_eq(_byteswap_ulong(0x11223344u), 0x44332211u);
    ck_assert_uint_eq(_byteswap_ushort(0x1122), 0x2211);
    LONG v = 5;
    ck_assert_int_eq(InterlockedIncrement(&v), 6);
    ck_assert_int_eq(InterlockedExchangeAdd(&v, 4), 6);
    ck_assert_int_eq(InterlockedAdd(&v, 1), 11);
    ck_assert_int_eq(InterlockedCompareExchange(&v, 0, 11), 11);
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(RtlFindLeastSignificantBit(0x28), 3);
    ck_assert_int_eq(RtlFindLeastSignificantBit(0), -1);
    ck_assert_uint_eq(RtlNumberOfSetBitsUlongPtr(0xF0F0), 8);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("wdk_layout");
    TCase *tc = tcase_create("layout");
    tcase_add_loop_test(tc, test_layout_fact, 0, (int)(sizeof facts / sizeof facts[0]));
    tcase_add_test(tc, test_kernel_constants);
    tcase_add_test(tc, test_mdl_page_macros);
    tcase_add_test(tc, test_intrinsics);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
