/* The NDIS 6.20+ DDIs: NDIS_RW_LOCK_EX (rwlock_ex.c), NdisAllocate/FreeSharedMemory
 * (shared_memory_ex.c), NdisRegister/DeregisterDeviceEx (device_ex.c),
 * NdisGetDataBuffer (databuffer.c), NdisGetRssProcessorInformation
 * (rss_info.c), NdisGetSystemUpTimeEx (time.c) and the processor group
 * routines (procgroup.c).  Each test names the WDK sentence it checks. */
#include <check.h>
#include <string.h>
#include "host/ndis/ndis_internal.h"
#include "host/host_clock.h"
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

/* The ledger outcome the last event named ddi recorded ("ok", "double", ...). */
static void assert_ledger(const char *ddi, const char *outcome)
{
    ndis_fixture_expect_str(ddi, "ledger", outcome);
}

static int64_t last_arg(const char *ddi, const char *key)
{
    return ndis_fixture_last_int(ddi, key, -99);
}

/* ---- NDIS_RW_LOCK_EX ---- */

/* nf-ndis-ndisallocaterwlock: "returns a pointer to an NDIS_RW_LOCK_EX
 * structure if one can be allocated"; nf-ndis-ndisfreerwlock: frees it. */
START_TEST(rwlock_allocate_and_free_are_ledgered)
{
    PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(a);
    ck_assert_ptr_nonnull(lock);
    ck_assert(host_handle_is_live((uint64_t)(uintptr_t)lock));
    NdisFreeRWLock(lock);
    ck_assert(!host_handle_is_live((uint64_t)(uintptr_t)lock));
    assert_ledger("NdisFreeRWLock", "ok");
    NdisFreeRWLock(lock);   /* the second free must not touch the lock */
    assert_ledger("NdisFreeRWLock", "double");
}
END_TEST

/* nf-ndis-ndisacquirerwlockread: the caller may be at IRQL <= DISPATCH_LEVEL
 * and holds the lock at DISPATCH_LEVEL; nf-ndis-ndisreleaserwlock:
 * "NdisReleaseRWLock restores the original IRQL that was used by its caller". */
START_TEST(rwlock_read_raises_to_dispatch_and_release_restores)
{
    PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(a);
    LOCK_STATE_EX first, second;
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    NdisAcquireRWLockRead(lock, &first, 0);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    ck_assert_int_eq(first.OldIrql, PASSIVE_LEVEL);
    NdisAcquireRWLockRead(lock, &second, NDIS_RWL_AT_DISPATCH_LEVEL);   /* readers share */
    ck_assert_int_eq(last_arg("NdisAcquireRWLockRead", "contended"), 0);
    ck_assert_int_eq(last_arg("NdisAcquireRWLockRead", "at_dispatch_flag"), 1);
    NdisReleaseRWLock(lock, &second);
    ck_assert_int_eq(host_irql(), DISPATCH_LEVEL);
    NdisReleaseRWLock(lock, &first);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    ck_assert_int_eq(last_arg("NdisReleaseRWLock", "held"), 1);
    NdisFreeRWLock(lock);
}
END_TEST

/* nf-ndis-ndisallocaterwlock: "NDIS_RW_LOCK_EX structure defines attributes
 * that limit write access to shared resources to one non-ISR driver thread
 * at a time ... Such read access is not allowed during write access." */
START_TEST(rwlock_writer_excludes_readers)
{
    PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(a);
    LOCK_STATE_EX reader, writer;
    NdisAcquireRWLockRead(lock, &reader, 0);
    NdisAcquireRWLockWrite(lock, &writer, NDIS_RWL_AT_DISPATCH_LEVEL);
    ck_assert_int_eq(last_arg("NdisAcquireRWLockWrite", "contended"), 1);
    NdisReleaseRWLock(lock, &writer);
    NdisReleaseRWLock(lock, &reader);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    /* A release without a matching acquire is recorded, not obeyed. */
    NdisReleaseRWLock(lock, &reader);
    ck_assert_int_eq(last_arg("NdisReleaseRWLock", "held"), 0);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    NdisFreeRWLock(lock);
}
END_TEST

/* nf-ndis-ndisfreerwlock: "A driver must call the NdisReleaseRWLock function
 * to release a read/write lock before it calls the NdisFreeRWLock function." */
START_TEST(rwlock_free_while_held_is_recorded)
{
    PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(a);
    LOCK_STATE_EX state;
    NdisAcquireRWLockWrite(lock, &state, 0);
    NdisFreeRWLock(lock);
    ck_assert_int_eq(last_arg("NdisFreeRWLock", "held"), 1);
    host_set_irql(PASSIVE_LEVEL);
}
END_TEST

/* ---- shared memory ---- */

static NDIS_SHARED_MEMORY_PARAMETERS shared_parameters(ULONG length, PSCATTER_GATHER_LIST sg, ULONG sg_length)
{
    NDIS_SHARED_MEMORY_PARAMETERS p;
    memset(&p, 0, sizeof p);
    p.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    p.Header.Revision = NDIS_SHARED_MEMORY_PARAMETERS_REVISION_2;
    p.Header.Size = NDIS_SIZEOF_SHARED_MEMORY_PARAMETERS_REVISION_2;
    p.PreferredNode = MM_ANY_NODE_OK;
    p.Usage = NdisSharedMemoryUsageReceive;
    p.Length = length;
    p.SGListBuffer = sg;
    p.SGListBufferLength = sg_length;
    return p;
}

/* nf-ndis-ndisallocatesharedmemory: the allocation handle "is available when
 * the function returns"; NDIS fills VirtualAddress and SharedMemoryHandle
 * (ns-ndis-_ndis_shared_memory_parameters) and the caller "must use this
 * handle to free the shared memory". */
START_TEST(shared_memory_allocate_and_free)
{
    union {
        SCATTER_GATHER_LIST list;
        UCHAR room[sizeof(SCATTER_GATHER_LIST) + sizeof(SCATTER_GATHER_ELEMENT)];
    } sg;
    NDIS_SHARED_MEMORY_PARAMETERS p = shared_parameters(4096, &sg.list, sizeof sg);
    NDIS_HANDLE allocation = NULL;
    ck_assert_int_eq(NdisAllocateSharedMemory(a, &p, &allocation), NDIS_STATUS_SUCCESS);
    ck_assert_ptr_nonnull(allocation);
    ck_assert_ptr_nonnull(p.VirtualAddress);
    ck_assert_ptr_nonnull(p.SharedMemoryHandle);
    ck_assert_uint_eq(sg.list.NumberOfElements, 1);
    ck_assert_uint_eq(sg.list.Elements[0].Length, 4096);
    memset(p.VirtualAddress, 0x5A, 4096);   /* all of it is usable */
    ck_assert(host_handle_is_live((uint64_t)(uintptr_t)allocation));
    NdisFreeSharedMemory(a, allocation);
    assert_ledger("NdisFreeSharedMemory", "ok");
    ck_assert(!host_handle_is_live((uint64_t)(uintptr_t)allocation));
}
END_TEST

/* nf-ndis-ndisallocatesharedmemory: NDIS_STATUS_INVALID_PARAMETER "because of
 * an invalid input parameter"; the handle "is NULL if the function fails". */
START_TEST(shared_memory_invalid_parameters)
{
    NDIS_SHARED_MEMORY_PARAMETERS p = shared_parameters(0, NULL, 0);
    NDIS_HANDLE allocation = (NDIS_HANDLE)&p;
    ck_assert_int_eq(NdisAllocateSharedMemory(a, &p, &allocation), NDIS_STATUS_INVALID_PARAMETER);
    ck_assert_ptr_null(allocation);
    static char not_shared[8];
    NdisFreeSharedMemory(a, not_shared);
    assert_ledger("NdisFreeSharedMemory", "unknown");
}
END_TEST

/* ---- control device objects ---- */

static NDIS_DEVICE_OBJECT_ATTRIBUTES device_attributes(PNDIS_STRING name, ULONG extension)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES attr;
    memset(&attr, 0, sizeof attr);
    attr.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attr.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attr.Header.Size = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attr.DeviceName = name;
    attr.SymbolicName = name;
    attr.ExtensionSize = extension;
    return attr;
}

/* nf-ndis-ndisregisterdeviceex: on success *pDeviceObject and the device
 * handle are returned; nf-ndis-ndisgetdevicereservedextension returns the
 * ExtensionSize bytes asked for; nf-ndis-ndisderegisterdeviceex removes the
 * device object. */
START_TEST(device_register_and_deregister)
{
    static WCHAR buffer[] = u"\\Device\\Vnic";
    NDIS_STRING name = { sizeof buffer - 2, sizeof buffer, buffer };
    NDIS_DEVICE_OBJECT_ATTRIBUTES attr = device_attributes(&name, 64);
    PDEVICE_OBJECT device = NULL;
    NDIS_HANDLE handle = NULL;
    ck_assert_int_eq(NdisRegisterDeviceEx(a, &attr, &device, &handle), NDIS_STATUS_SUCCESS);
    ck_assert_ptr_nonnull(device);
    ck_assert_ptr_nonnull(handle);
    UCHAR *ext = NdisGetDeviceReservedExtension(device);
    ck_assert_ptr_nonnull(ext);
    ck_assert_int_eq(ext[0], 0);
    ck_assert_int_eq(ext[63], 0);
    ck_assert(host_handle_is_live((uint64_t)(uintptr_t)handle));
    NdisDeregisterDeviceEx(handle);
    assert_ledger("NdisDeregisterDeviceEx", "ok");
    NdisDeregisterDeviceEx(handle);
    assert_ledger("NdisDeregisterDeviceEx", "double");
}
END_TEST

/* nf-ndis-ndisregisterdeviceex: NDIS_STATUS_FAILURE "for reasons other than
 * those that the other status values specify" (here: no device name and a
 * header of the wrong type). */
START_TEST(device_bad_attributes_fail)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES attr = device_attributes(NULL, 0);
    PDEVICE_OBJECT device = (PDEVICE_OBJECT)&attr;
    NDIS_HANDLE handle = (NDIS_HANDLE)&attr;
    ck_assert_int_eq(NdisRegisterDeviceEx(a, &attr, &device, &handle), NDIS_STATUS_FAILURE);
    ck_assert_ptr_null(device);
    ck_assert_ptr_null(handle);
}
END_TEST

/* ---- NdisGetDataBuffer ---- */

static UCHAR frame_bytes[64];
static MDL first_mdl, second_mdl;
static NET_BUFFER nb;

/* A NET_BUFFER over frame_bytes, its data split into MDLs of split and 64 - split bytes. */
static void build_net_buffer(ULONG split, ULONG data_offset)
{
    for (unsigned i = 0; i < sizeof frame_bytes; i++)
        frame_bytes[i] = (UCHAR)i;
    memset(&first_mdl, 0, sizeof first_mdl);
    memset(&second_mdl, 0, sizeof second_mdl);
    memset(&nb, 0, sizeof nb);
    first_mdl.MappedSystemVa = first_mdl.StartVa = frame_bytes;
    first_mdl.ByteCount = split;
    first_mdl.Next = split < sizeof frame_bytes ? &second_mdl : NULL;
    second_mdl.MappedSystemVa = second_mdl.StartVa = frame_bytes + split;
    second_mdl.ByteCount = (ULONG)sizeof frame_bytes - split;
    nb.MdlChain = nb.CurrentMdl = &first_mdl;
    nb.CurrentMdlOffset = data_offset;
    nb.DataOffset = data_offset;
    NET_BUFFER_DATA_LENGTH(&nb) = (ULONG)sizeof frame_bytes - data_offset;
}

/* nf-nblapi-ndisgetdatabuffer: "If the requested data in the buffer is
 * contiguous, the return value is a pointer to a location that NDIS provides." */
START_TEST(data_buffer_contiguous_points_into_mdl)
{
    UCHAR storage[14];
    build_net_buffer(64, 2);
    UCHAR *p = NdisGetDataBuffer(&nb, 14, storage, 1, 0);
    ck_assert_ptr_eq(p, frame_bytes + 2);
    ndis_fixture_expect_str("NdisGetDataBuffer", "result", "contiguous");
}
END_TEST

/* Same page: "If the data is not contiguous ... If the Storage parameter is
 * non-NULL, NDIS copies the data to the buffer at Storage. The return value
 * is the pointer passed to the Storage parameter." and "If the Storage
 * parameter is NULL, the return value is NULL." */
START_TEST(data_buffer_split_is_copied_to_storage)
{
    UCHAR storage[14];
    build_net_buffer(10, 0);
    UCHAR *p = NdisGetDataBuffer(&nb, 14, storage, 1, 0);
    ck_assert_ptr_eq(p, storage);
    for (int i = 0; i < 14; i++)
        ck_assert_int_eq(storage[i], i);
    ck_assert_ptr_null(NdisGetDataBuffer(&nb, 14, NULL, 1, 0));
    ndis_fixture_expect_str("NdisGetDataBuffer", "result", "not_contiguous");
}
END_TEST

/* Same page: "If the DataLength member ... is less than the value in the
 * BytesNeeded parameter, the return value is NULL." */
START_TEST(data_buffer_longer_than_data_is_null)
{
    UCHAR storage[64];
    build_net_buffer(64, 60);
    ck_assert_ptr_null(NdisGetDataBuffer(&nb, 5, storage, 1, 0));
    ck_assert_ptr_nonnull(NdisGetDataBuffer(&nb, 4, storage, 1, 0));
}
END_TEST

/* Same page: "if AlignMultiple is 4 and AlignOffset is 3, then the data
 * address should be a multiple of 4 plus 3": data that is contiguous but
 * misaligned is copied to Storage. */
START_TEST(data_buffer_alignment_is_honoured)
{
    _Alignas(16) UCHAR storage[16];
    build_net_buffer(64, 0);
    /* An offset the data's address does not have, then the one it has. */
    ULONG misalign = (ULONG)(((uintptr_t)frame_bytes + 1) & 3u);
    UCHAR *p = NdisGetDataBuffer(&nb, 8, storage, 4, misalign);
    ck_assert_ptr_eq(p, storage);
    ck_assert_int_eq(storage[7], 7);
    p = NdisGetDataBuffer(&nb, 8, storage, 4, (ULONG)((uintptr_t)frame_bytes & 3u));
    ck_assert_ptr_eq(p, frame_bytes);
}
END_TEST

/* ---- processors and RSS ---- */

/* nf-wdm-kequeryactiveprocessorcountex: ALL_PROCESSOR_GROUPS counts every
 * group; nf-wdm-kegetprocessornumberfromindex: STATUS_INVALID_PARAMETER for
 * an index that names no processor; nf-wdm-kesettargetprocessordpcex returns
 * an NTSTATUS, STATUS_INVALID_PARAMETER for an invalid processor number. */
START_TEST(processor_groups)
{
    ck_assert_uint_eq(KeQueryActiveProcessorCountEx(0), NDIS_HOST_PROCESSORS);
    ck_assert_uint_eq(KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS), NDIS_HOST_PROCESSORS);
    ck_assert_uint_eq(KeQueryActiveProcessorCountEx(1), 0);
    PROCESSOR_NUMBER n = { 7, 7, 7 };
    ck_assert_uint_eq(KeGetCurrentProcessorNumberEx(&n), 0);
    ck_assert_uint_eq(n.Group, 0);
    ck_assert_uint_eq(n.Number, 0);
    ck_assert_int_eq(KeGetProcessorNumberFromIndex(NDIS_HOST_PROCESSORS - 1, &n), STATUS_SUCCESS);
    ck_assert_uint_eq(n.Number, NDIS_HOST_PROCESSORS - 1);
    ck_assert_uint_eq(KeGetProcessorIndexFromNumber(&n), NDIS_HOST_PROCESSORS - 1);
    ck_assert_int_eq(KeGetProcessorNumberFromIndex(NDIS_HOST_PROCESSORS, &n), STATUS_INVALID_PARAMETER);
    KDPC dpc;
    memset(&dpc, 0, sizeof dpc);
    PROCESSOR_NUMBER bad = { 1, 0, 0 };
    ck_assert_int_eq(KeSetTargetProcessorDpcEx(&dpc, &bad), STATUS_INVALID_PARAMETER);
    PROCESSOR_NUMBER good = { 0, 2, 0 };
    ck_assert_int_eq(KeSetTargetProcessorDpcEx(&dpc, &good), STATUS_SUCCESS);
}
END_TEST

/* nf-ndis-ndisgroupactiveprocessormask: "the currently active processor mask
 * for the specified group"; nf-ndis-ndisprocessorindextonumber converts an
 * index back to the number nf-ndis-ndisprocessornumbertoindex gives. */
START_TEST(ndis_processor_groups)
{
    ck_assert_uint_eq(NdisGroupActiveProcessorCount(ALL_PROCESSOR_GROUPS), NDIS_HOST_PROCESSORS);
    ck_assert_uint_eq(NdisGroupActiveProcessorMask(0), (1u << NDIS_HOST_PROCESSORS) - 1);
    ck_assert_uint_eq(NdisGroupActiveProcessorMask(1), 0);
    PROCESSOR_NUMBER n;
    ck_assert_int_eq(NdisProcessorIndexToNumber(2, &n), STATUS_SUCCESS);
    ck_assert_uint_eq(NdisProcessorNumberToIndex(n), 2);
    ck_assert_int_eq(NdisProcessorIndexToNumber(NDIS_HOST_PROCESSORS, &n), STATUS_INVALID_PARAMETER);
    ck_assert_uint_eq(NdisCurrentGroupAndProcessor().Number, NdisCurrentProcessorIndex());
    ck_assert_int_eq(NdisSystemProcessorCount(), NDIS_HOST_PROCESSORS);
}
END_TEST

/* nf-ndis-ndisgetrssprocessorinformation: NDIS_STATUS_BUFFER_TOO_SHORT "The
 * size that was specified in Size parameter was too small. In this case,
 * NDIS provides the required buffer size in the Size parameter." */
START_TEST(rss_processor_information)
{
    SIZE_T size = 0;
    ck_assert_int_eq(NdisGetRssProcessorInformation(a, NULL, &size), NDIS_STATUS_BUFFER_TOO_SHORT);
    ck_assert_uint_ge(size, sizeof(NDIS_RSS_PROCESSOR_INFO) + NDIS_HOST_PROCESSORS * sizeof(NDIS_RSS_PROCESSOR));
    _Alignas(8) UCHAR buffer[512];
    ck_assert_uint_le(size, sizeof buffer);
    SIZE_T given = sizeof buffer;
    ck_assert_int_eq(NdisGetRssProcessorInformation(a, (PNDIS_RSS_PROCESSOR_INFO)buffer, &given), NDIS_STATUS_SUCCESS);
    ck_assert_uint_eq(given, size);
    PNDIS_RSS_PROCESSOR_INFO info = (PNDIS_RSS_PROCESSOR_INFO)buffer;
    ck_assert_uint_eq(info->Header.Type, NDIS_OBJECT_TYPE_RSS_PROCESSOR_INFO);
    ck_assert_uint_eq(info->RssProcessorCount, NDIS_HOST_PROCESSORS);
    PNDIS_RSS_PROCESSOR p = (PNDIS_RSS_PROCESSOR)(buffer + info->RssProcessorArrayOffset);
    ck_assert_uint_eq(p[NDIS_HOST_PROCESSORS - 1].ProcNum.Number, NDIS_HOST_PROCESSORS - 1);
}
END_TEST

/* nf-ndis-ndisgetsystemuptimeex: "the number of milliseconds that have
 * elapsed since the computer was restarted". */
START_TEST(system_up_time_in_milliseconds)
{
    LARGE_INTEGER before, after;
    NdisGetSystemUpTimeEx(&before);
    host_advance_us(25000);
    NdisGetSystemUpTimeEx(&after);
    ck_assert_int_eq(after.QuadPart - before.QuadPart, 25);
}
END_TEST

/* ---- fault injection ---- */

static void setup_inject(void)
{
    a = ndis_fixture_begin("NdisAllocateRWLock", 1);
    ck_assert_ptr_nonnull(a);
}

/* nf-ndis-ndisallocaterwlock: "otherwise it returns NULL". */
START_TEST(injected_rwlock_failure_returns_null)
{
    ck_assert_ptr_null(NdisAllocateRWLock(a));
    PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(a);
    ck_assert_ptr_nonnull(lock);
    NdisFreeRWLock(lock);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_ndis6x");
    TCase *tc = tcase_create("ndis6x");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, rwlock_allocate_and_free_are_ledgered);
    tcase_add_test(tc, rwlock_read_raises_to_dispatch_and_release_restores);
    tcase_add_test(tc, rwlock_writer_excludes_readers);
    tcase_add_test(tc, rwlock_free_while_held_is_recorded);
    tcase_add_test(tc, shared_memory_allocate_and_free);
    tcase_add_test(tc, shared_memory_invalid_parameters);
    tcase_add_test(tc, device_register_and_deregister);
    tcase_add_test(tc, device_bad_attributes_fail);
    tcase_add_test(tc, data_buffer_contiguous_points_into_mdl);
    tcase_add_test(tc, data_buffer_split_is_copied_to_storage);
    tcase_add_test(tc, data_buffer_longer_than_data_is_null);
    tcase_add_test(tc, data_buffer_alignment_is_honoured);
    tcase_add_test(tc, processor_groups);
    tcase_add_test(tc, ndis_processor_groups);
    tcase_add_test(tc, rss_processor_information);
    tcase_add_test(tc, system_up_time_in_milliseconds);
    suite_add_tcase(s, tc);
    TCase *inj = tcase_create("injection");
    tcase_add_checked_fixture(inj, setup_inject, teardown);
    tcase_add_test(inj, injected_rwlock_failure_returns_null);
    suite_add_tcase(s, inj);
    return ndis_fixture_run(s);
}
