/* The NET_BUFFER DDIs SoftEther VPN's Neo6 needs (nbl.c, nb_data.c):
 * NdisAllocateNetBufferList and NdisRetreat/AdvanceNetBufferDataStart.
 * Pages:
 *  - "NdisAllocateNetBufferList function (ndis/nblapi.h)",
 *    https://learn.microsoft.com/windows-hardware/drivers/ddi/nblapi/nf-nblapi-ndisallocatenetbufferlist
 *  - "NET_BUFFER_LIST_POOL_PARAMETERS structure (ndis/nblapi.h)",
 *    https://learn.microsoft.com/windows-hardware/drivers/ddi/nblapi/ns-nblapi-net_buffer_list_pool_parameters
 *  - "NdisRetreatNetBufferDataStart function (ndis/nblapi.h)",
 *    https://learn.microsoft.com/windows-hardware/drivers/ddi/nblapi/nf-nblapi-ndisretreatnetbufferdatastart
 *  - "NdisAdvanceNetBufferDataStart function (ndis/nblapi.h)",
 *    https://learn.microsoft.com/windows-hardware/drivers/ddi/nblapi/nf-nblapi-ndisadvancenetbufferdatastart */
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

static NDIS_HANDLE new_pool(BOOLEAN with_nb, ULONG data_size)
{
    NET_BUFFER_LIST_POOL_PARAMETERS p;
    memset(&p, 0, sizeof p);
    p.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    p.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    p.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    p.fAllocateNetBuffer = with_nb;
    p.DataSize = data_size;
    p.PoolTag = 'HTES';
    NDIS_HANDLE pool = NdisAllocateNetBufferListPool(a, &p);
    ck_assert_ptr_nonnull(pool);
    return pool;
}

/* "If you call NdisAllocateNetBufferList and the NET_BUFFER_LIST structure
 * pool was allocated ... with the fAllocateNetBuffer member ... set to TRUE,
 * NDIS allocates a NET_BUFFER_LIST, NET_BUFFER, MDL, and data."  The pool
 * parameters page: a nonzero DataSize "causes NDIS to allocate the
 * NET_BUFFER structure with a data buffer of the specified size". */
START_TEST(allocate_list_from_a_data_pool_gives_nb_mdl_and_data)
{
    NDIS_HANDLE pool = new_pool(TRUE, 1600);
    PNET_BUFFER_LIST nbl = NdisAllocateNetBufferList(pool, 0, 0);
    ck_assert_ptr_nonnull(nbl);
    ck_assert_ptr_eq(nbl->NdisPoolHandle, pool);
    PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
    ck_assert_ptr_nonnull(nb);
    ck_assert_ptr_nonnull(nb->MdlChain);
    ck_assert_uint_eq(nb->MdlChain->ByteCount, 1600);
    ck_assert_ptr_nonnull(nb->MdlChain->MappedSystemVa);
    /* The whole buffer starts as unused data space (the emulation's choice
     * where the pages are silent: a driver retreats into it). */
    ck_assert_uint_eq(nb->DataOffset, 1600);
    ck_assert_uint_eq(nb->DataLength, 0);
    memset(nb->MdlChain->MappedSystemVa, 0x5A, 1600);   /* all of it is the driver's to write */
    ck_assert_int_eq(ndis_fixture_last_int("NdisAllocateNetBufferList", "DataSize", -1), 1600);
    ck_assert(host_handle_is_live((uint64_t)(uintptr_t)nbl));
    /* "Call the NdisFreeNetBufferList function to free a NET_BUFFER_LIST structure." */
    NdisFreeNetBufferList(nbl);
    ck_assert_str_eq(ndis_fixture_last_ledger("NdisFreeNetBufferList"), "ok");
    ck_assert(!host_handle_is_live((uint64_t)(uintptr_t)nbl));
    ck_assert_uint_eq(ndis_fixture_count("memory_corruption"), 0);
    NdisFreeNetBufferListPool(pool);
}
END_TEST

/* Pool parameters page: with fAllocateNetBuffer FALSE "Each allocated
 * NET_BUFFER_LIST structure is not initialized to contain any NET_BUFFER
 * structures"; with DataSize zero "NDIS allocates the NET_BUFFER structure
 * but not the data buffer". */
START_TEST(allocate_list_follows_the_pool_parameters)
{
    NDIS_HANDLE bare = new_pool(FALSE, 0), nb_only = new_pool(TRUE, 0);
    PNET_BUFFER_LIST l1 = NdisAllocateNetBufferList(bare, 16, 0);
    PNET_BUFFER_LIST l2 = NdisAllocateNetBufferList(nb_only, 0, 0);
    ck_assert_ptr_nonnull(l1);
    ck_assert_ptr_nonnull(l2);
    ck_assert_ptr_null(NET_BUFFER_LIST_FIRST_NB(l1));
    ck_assert_int_eq(ndis_fixture_count("NdisAllocateNetBufferList"), 2);
    PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(l2);
    ck_assert_ptr_nonnull(nb);
    ck_assert_ptr_null(nb->MdlChain);
    ck_assert_uint_eq(nb->DataLength, 0);
    ck_assert_int_eq(ndis_fixture_last_int("NdisAllocateNetBufferList", "net_buffer", -1), 1);
    NdisFreeNetBufferList(l1);
    NdisFreeNetBufferList(l2);
    NdisFreeNetBufferListPool(bare);
    NdisFreeNetBufferListPool(nb_only);
}
END_TEST

/* "If the allocation was unsuccessful, this pointer is NULL." An unknown
 * pool handle, and an injected failure, both give NULL and no ledger handle. */
START_TEST(allocate_list_failure_is_null)
{
    ck_assert_ptr_null(NdisAllocateNetBufferList((NDIS_HANDLE)&a, 0, 0));
    ndis_fixture_end();
    a = ndis_fixture_begin("NdisAllocateNetBufferList", 1);
    NDIS_HANDLE pool = new_pool(TRUE, 64);
    ck_assert_ptr_null(NdisAllocateNetBufferList(pool, 0, 0));
    ck_assert_int_eq(ndis_fixture_last_int("NdisAllocateNetBufferList", "handle", -1), 0);
    PNET_BUFFER_LIST second = NdisAllocateNetBufferList(pool, 0, 0);   /* only the 1st was injected */
    ck_assert_ptr_nonnull(second);
    NdisFreeNetBufferList(second);
    NdisFreeNetBufferListPool(pool);
}
END_TEST

/* Retreat: "NdisRetreatNetBufferDataStart attempts to satisfy the request by
 * reducing the value of the DataOffset member"; Advance: "Otherwise, the
 * memory remains in the MDL and only the value of the DataOffset member of
 * the NET_BUFFER structure is modified." (Neo6's receive path.) */
START_TEST(retreat_within_backfill_moves_offset_and_length)
{
    NDIS_HANDLE pool = new_pool(TRUE, 1600);
    PNET_BUFFER_LIST nbl = NdisAllocateNetBufferList(pool, 0, 0);
    PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
    PMDL mdl = nb->MdlChain;
    ck_assert_int_eq(NdisRetreatNetBufferDataStart(nb, 60, 0, NULL), NDIS_STATUS_SUCCESS);
    ck_assert_uint_eq(nb->DataOffset, 1540);
    ck_assert_uint_eq(nb->DataLength, 60);
    ck_assert_ptr_eq(nb->MdlChain, mdl);   /* nothing allocated */
    ck_assert_ptr_eq(nb->CurrentMdl, mdl);
    ck_assert_uint_eq(nb->CurrentMdlOffset, 1540);
    ck_assert_int_eq(ndis_fixture_last_int("NdisRetreatNetBufferDataStart", "allocated", -1), 0);
    UCHAR *data = NdisGetDataBuffer(nb, 60, NULL, 1, 0);
    ck_assert_ptr_eq(data, (UCHAR *)mdl->MappedSystemVa + 1540);
    NdisAdvanceNetBufferDataStart(nb, 60, FALSE, NULL);
    ck_assert_uint_eq(nb->DataOffset, 1600);
    ck_assert_uint_eq(nb->DataLength, 0);
    ck_assert_ptr_eq(nb->MdlChain, mdl);
    ck_assert_int_eq(ndis_fixture_last_int("NdisAdvanceNetBufferDataStart", "freed_mdls", -1), 0);
    NdisFreeNetBufferList(nbl);
    NdisFreeNetBufferListPool(pool);
}
END_TEST

/* "If there isn't enough unused data space, this function allocates a new
 * buffer and an MDL to describe the new buffer and chains the new MDL to
 * the beginning of the MDL chain"; DataBackFill is "the amount of data
 * space, in addition to the value of the DataOffsetDelta parameter, to
 * allocate".  Advance with FreeMdl: "NdisAdvanceNetBufferDataStart frees
 * the memory that NdisRetreatNetBufferDataStart allocated." */
START_TEST(retreat_past_backfill_chains_an_ndis_mdl_that_advance_frees)
{
    NDIS_HANDLE pool = new_pool(TRUE, 0);
    unsigned char payload[100];
    PMDL own = NdisAllocateMdl(a, payload, sizeof payload);
    PNET_BUFFER_LIST nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, own, 0, sizeof payload);
    PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
    ck_assert_int_eq(NdisRetreatNetBufferDataStart(nb, 14, 32, NULL), NDIS_STATUS_SUCCESS);
    PMDL added = nb->MdlChain;
    ck_assert_ptr_ne(added, own);
    ck_assert_ptr_eq(added->Next, own);
    ck_assert_uint_eq(added->ByteCount, 14 + 32);
    ck_assert_uint_eq(nb->DataOffset, 32);
    ck_assert_uint_eq(nb->DataLength, 114);
    ck_assert_ptr_eq(nb->CurrentMdl, added);
    ck_assert_int_eq(ndis_fixture_last_int("NdisRetreatNetBufferDataStart", "allocated", -1), 46);
    memset((UCHAR *)added->MappedSystemVa + 32, 0xEE, 14);   /* the header space is writable */

    NdisAdvanceNetBufferDataStart(nb, 14, TRUE, NULL);
    ck_assert_ptr_eq(nb->MdlChain, own);
    ck_assert_uint_eq(nb->DataOffset, 0);
    ck_assert_uint_eq(nb->DataLength, 100);
    ck_assert_ptr_eq(nb->CurrentMdl, own);
    ck_assert_int_eq(ndis_fixture_last_int("NdisAdvanceNetBufferDataStart", "freed_mdls", -1), 1);

    /* "If FreeMdl is FALSE, NDIS retains unused MDLs for use in subsequent
     * retreat operations": the MDL stays chained (freed with the NBL). */
    ck_assert_int_eq(NdisRetreatNetBufferDataStart(nb, 8, 0, NULL), NDIS_STATUS_SUCCESS);
    PMDL kept = nb->MdlChain;
    NdisAdvanceNetBufferDataStart(nb, 8, FALSE, NULL);
    ck_assert_ptr_eq(nb->MdlChain, kept);
    ck_assert_uint_eq(nb->DataOffset, 8);
    ck_assert_ptr_eq(nb->CurrentMdl, own);
    ck_assert_uint_eq(nb->CurrentMdlOffset, 0);
    NdisFreeNetBufferList(nbl);
    NdisFreeMdl(own);
    NdisFreeNetBufferListPool(pool);
}
END_TEST

static int driver_allocs, driver_frees;
static struct {
    MDL mdl;
    UCHAR data[64];
} driver_store;

static PMDL driver_allocate_mdl(PULONG BufferSize)
{
    driver_allocs++;
    memset(&driver_store.mdl, 0, sizeof driver_store.mdl);
    driver_store.mdl.ByteCount = *BufferSize;
    driver_store.mdl.MappedSystemVa = driver_store.data;
    return &driver_store.mdl;
}

static VOID driver_free_mdl(PMDL Mdl)
{
    ck_assert_ptr_eq(Mdl, &driver_store.mdl);
    driver_frees++;
}

/* "If the caller specifies an entry point for the NetAllocateMdl function,
 * NDIS calls NetAllocateMdl to allocate an MDL and memory"; the advance
 * page: "NDIS calls NetFreeMdl only to free the MDLs and memory that the
 * driver allocated in the NetAllocateMdl function." */
START_TEST(retreat_uses_the_drivers_allocator_and_advance_its_free)
{
    driver_allocs = driver_frees = 0;
    NDIS_HANDLE pool = new_pool(TRUE, 0);
    PNET_BUFFER_LIST nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, NULL, 0, 0);
    PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
    ck_assert_int_eq(NdisRetreatNetBufferDataStart(nb, 20, 12, driver_allocate_mdl), NDIS_STATUS_SUCCESS);
    ck_assert_int_eq(driver_allocs, 1);
    ck_assert_ptr_eq(nb->MdlChain, &driver_store.mdl);
    ck_assert_uint_eq(nb->DataOffset, 12);
    ck_assert_uint_eq(nb->DataLength, 20);
    /* No NetFreeMdl given: NDIS does not free the driver's MDL its own way. */
    NdisAdvanceNetBufferDataStart(nb, 20, TRUE, NULL);
    ck_assert_int_eq(driver_frees, 0);
    ck_assert_ptr_eq(nb->MdlChain, &driver_store.mdl);
    ck_assert_int_eq(ndis_fixture_last_int("NdisAdvanceNetBufferDataStart", "kept_driver_mdl", -1), 1);
    ck_assert_int_eq(NdisRetreatNetBufferDataStart(nb, 20, 0, NULL), NDIS_STATUS_SUCCESS);
    NdisAdvanceNetBufferDataStart(nb, 20, TRUE, driver_free_mdl);
    ck_assert_int_eq(driver_frees, 1);
    ck_assert_ptr_null(nb->MdlChain);
    NdisFreeNetBufferList(nbl);
    NdisFreeNetBufferListPool(pool);
}
END_TEST

/* Return codes: NDIS_STATUS_RESOURCES "failed due to insufficient
 * resources" (an allocation that fails, injected here), NDIS_STATUS_FAILURE
 * "failed for reasons other than insufficient resources" (a NET_BUFFER NDIS
 * never handed out). Neither changes the NET_BUFFER. */
START_TEST(retreat_without_memory_is_resources_and_changes_nothing)
{
    ndis_fixture_end();
    a = ndis_fixture_begin("NdisRetreatNetBufferDataStart", 1);
    NDIS_HANDLE pool = new_pool(TRUE, 0);
    PNET_BUFFER_LIST nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, NULL, 0, 0);
    PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
    ck_assert_int_eq(NdisRetreatNetBufferDataStart(nb, 20, 0, NULL), NDIS_STATUS_RESOURCES);
    ck_assert_ptr_null(nb->MdlChain);
    ck_assert_uint_eq(nb->DataOffset, 0);
    ck_assert_uint_eq(nb->DataLength, 0);
    NET_BUFFER foreign;
    memset(&foreign, 0, sizeof foreign);
    foreign.DataOffset = 100;
    ck_assert_int_eq(NdisRetreatNetBufferDataStart(&foreign, 20, 0, NULL), NDIS_STATUS_FAILURE);
    ck_assert_uint_eq(foreign.DataOffset, 100);
    ck_assert_int_eq(ndis_fixture_last_int("NdisRetreatNetBufferDataStart", "foreign", -1), 1);
    NdisFreeNetBufferList(nbl);
    NdisFreeNetBufferListPool(pool);
}
END_TEST

/* Advance releases "the used data space": more than the NET_BUFFER holds
 * is refused and recorded, leaving the NET_BUFFER as it was. */
START_TEST(advance_beyond_the_data_is_recorded)
{
    NDIS_HANDLE pool = new_pool(TRUE, 64);
    PNET_BUFFER_LIST nbl = NdisAllocateNetBufferList(pool, 0, 0);
    PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
    ck_assert_int_eq(NdisRetreatNetBufferDataStart(nb, 10, 0, NULL), NDIS_STATUS_SUCCESS);
    NdisAdvanceNetBufferDataStart(nb, 11, FALSE, NULL);
    ck_assert_int_eq(ndis_fixture_last_int("NdisAdvanceNetBufferDataStart", "beyond_data", -1), 1);
    ck_assert_uint_eq(nb->DataOffset, 54);
    ck_assert_uint_eq(nb->DataLength, 10);
    NdisFreeNetBufferList(nbl);
    NdisFreeNetBufferListPool(pool);
}
END_TEST

/* Tables: NdisFreeNetBufferList pairs with both allocators (the pages'
 * "Call the NdisFreeNetBufferList function"); IRQL "<= DISPATCH_LEVEL" on
 * all three pages. */
START_TEST(tables_pair_and_limit_the_new_nbl_ddis)
{
    const ndis_tables *t = host_tables();
    ck_assert_str_eq(tables_kind_allocated_by(t, "NdisAllocateNetBufferList")->kind, "nbl");
    ck_assert_ptr_eq(tables_kind_allocated_by(t, "NdisAllocateNetBufferList"),
                     tables_kind_freed_by(t, "NdisFreeNetBufferList"));
    ck_assert_int_eq(tables_ddi_max_irql(t, "NdisAllocateNetBufferList"), DISPATCH_LEVEL);
    ck_assert_int_eq(tables_ddi_max_irql(t, "NdisRetreatNetBufferDataStart"), DISPATCH_LEVEL);
    ck_assert_int_eq(tables_ddi_max_irql(t, "NdisAdvanceNetBufferDataStart"), DISPATCH_LEVEL);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_neo6_nbl");
    TCase *tc = tcase_create("neo6_nbl");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, allocate_list_from_a_data_pool_gives_nb_mdl_and_data);
    tcase_add_test(tc, allocate_list_follows_the_pool_parameters);
    tcase_add_test(tc, allocate_list_failure_is_null);
    tcase_add_test(tc, retreat_within_backfill_moves_offset_and_length);
    tcase_add_test(tc, retreat_past_backfill_chains_an_ndis_mdl_that_advance_frees);
    tcase_add_test(tc, retreat_uses_the_drivers_allocator_and_advance_its_free);
    tcase_add_test(tc, retreat_without_memory_is_resources_and_changes_nothing);
    tcase_add_test(tc, advance_beyond_the_data_is_recorded);
    tcase_add_test(tc, tables_pair_and_limit_the_new_nbl_ddis);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
