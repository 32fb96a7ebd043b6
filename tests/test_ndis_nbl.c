/* NET_BUFFER_LIST pools, NBLs and MDLs, send completion and receive
 * indication (nbl.c). */
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
    ndis_free_completed_sends(NULL);
    ndis_fixture_end();
}

static NDIS_HANDLE new_pool(USHORT context_size)
{
    NET_BUFFER_LIST_POOL_PARAMETERS p;
    memset(&p, 0, sizeof p);
    p.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    p.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    p.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    p.fAllocateNetBuffer = TRUE;
    p.ContextSize = context_size;
    p.PoolTag = 'lbN ';
    NDIS_HANDLE pool = NdisAllocateNetBufferListPool(a, &p);
    ck_assert_ptr_nonnull(pool);
    return pool;
}

START_TEST(pool_and_nbl_alloc_free)
{
    NDIS_HANDLE pool = new_pool(16);
    event ev;
    ck_assert(ndis_fixture_last("NdisAllocateNetBufferListPool", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "valid_parameters", -1), 1);
    ck_assert_int_eq(event_arg_int(&ev, "ContextSize", -1), 16);
    event_free(&ev);
    ck_assert(host_handle_is_live((uint64_t)(uintptr_t)pool));

    unsigned char data[64];
    PMDL mdl = NdisAllocateMdl(a, data, sizeof data);
    ck_assert_ptr_nonnull(mdl);
    ck_assert_uint_eq(mdl->ByteCount, sizeof data);
    ck_assert_ptr_eq(mdl->MappedSystemVa, data);
    PNET_BUFFER_LIST nbl = NdisAllocateNetBufferAndNetBufferList(pool, 8, 0, mdl, 4, 60);
    ck_assert_ptr_nonnull(nbl);
    ck_assert_ptr_eq(nbl->NdisPoolHandle, pool);
    ck_assert_ptr_eq(nbl->SourceHandle, a);
    PNET_BUFFER nb = nbl->FirstNetBuffer;
    ck_assert_ptr_nonnull(nb);
    ck_assert_ptr_eq(nb->MdlChain, mdl);
    ck_assert_ptr_eq(nb->CurrentMdl, mdl);
    ck_assert_uint_eq(nb->CurrentMdlOffset, 4);
    ck_assert_uint_eq(nb->DataLength, 60);
    ck_assert_ptr_nonnull(nbl->Context);
    ck_assert_uint_ge(nbl->Context->Size, 8);
    ck_assert(host_handle_is_live((uint64_t)(uintptr_t)nbl));

    NdisFreeNetBufferList(nbl);
    ck_assert(ndis_fixture_last("NdisFreeNetBufferList", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    event_free(&ev);
    NdisFreeNetBufferList(nbl);   /* second free: refused, no crash */
    ck_assert(ndis_fixture_last("NdisFreeNetBufferList", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "double");
    event_free(&ev);
    NdisFreeMdl(mdl);
    NdisFreeNetBufferListPool(pool);
    ck_assert(ndis_fixture_last("NdisFreeNetBufferListPool", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    ck_assert_int_eq(event_arg_int(&ev, "outstanding", -1), 0);
    event_free(&ev);
}
END_TEST

START_TEST(pool_freed_with_nbls_out)
{
    NDIS_HANDLE pool = new_pool(0);
    PNET_BUFFER_LIST n1 = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, NULL, 0, 0);
    PNET_BUFFER_LIST n2 = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, NULL, 0, 0);
    ck_assert_ptr_nonnull(n1);
    ck_assert_ptr_nonnull(n2);
    NdisFreeNetBufferList(n1);
    NdisFreeNetBufferListPool(pool);
    event ev;
    ck_assert(ndis_fixture_last("NdisFreeNetBufferListPool", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "outstanding", -1), 1);
    event_free(&ev);
    NdisFreeNetBufferList(n2);   /* its pool is gone: must not crash */
    ck_assert(ndis_fixture_last("NdisFreeNetBufferList", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    event_free(&ev);
    ck_assert_ptr_null(NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, NULL, 0, 0));   /* freed pool */
}
END_TEST

START_TEST(pool_bad_parameters)
{
    NET_BUFFER_LIST_POOL_PARAMETERS p;
    memset(&p, 0, sizeof p);
    p.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    p.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    p.Header.Size = 4;
    ck_assert_ptr_null(NdisAllocateNetBufferListPool(a, &p));
    ck_assert_ptr_null(NdisAllocateNetBufferListPool(a, NULL));
    event ev;
    ck_assert(ndis_fixture_last("NdisAllocateNetBufferListPool", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "valid_parameters", -1), 0);
    event_free(&ev);
}
END_TEST

START_TEST(send_complete_once_and_twice)
{
    a->current_address[0] = 0x02;
    PNET_BUFFER_LIST chain = ndis_alloc_send_nbls(a, 3, 60);
    ck_assert_ptr_nonnull(chain);
    ck_assert_uint_eq(a->outstanding_sends, 3);
    ck_assert_ptr_nonnull(chain->Next);
    ck_assert_ptr_nonnull(chain->Next->Next);
    ck_assert_ptr_null(chain->Next->Next->Next);
    ck_assert_uint_eq(chain->FirstNetBuffer->DataLength, 60);
    NDIS_STATUS st;
    ck_assert_int_eq(ndis_send_status(chain, &st), 0);   /* still with the miniport */

    chain->Status = NDIS_STATUS_SUCCESS;
    chain->Next->Status = NDIS_STATUS_FAILURE;
    chain->Next->Next->Status = NDIS_STATUS_SUCCESS;
    NdisMSendNetBufferListsComplete(a, chain, 0);
    ck_assert_uint_eq(a->outstanding_sends, 0);
    ck_assert_int_eq(ndis_send_status(chain->Next, &st), 1);
    ck_assert_int_eq(st, NDIS_STATUS_FAILURE);
    event ev;
    ck_assert(ndis_fixture_last("NdisMSendNetBufferListsComplete", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "count", -1), 3);
    ck_assert_int_eq(event_arg_int(&ev, "failed", -1), 1);
    ck_assert_int_eq(event_arg_int(&ev, "first_failure", -1), NDIS_STATUS_FAILURE);
    ck_assert_int_eq(event_arg_int(&ev, "double", -1), 0);
    ck_assert_int_eq(event_arg_int(&ev, "wrong_adapter", -1), 0);
    event_free(&ev);

    NdisMSendNetBufferListsComplete(a, chain, 0);   /* the same NBLs again */
    ck_assert(ndis_fixture_last("NdisMSendNetBufferListsComplete", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "double", -1), 3);
    ck_assert_int_eq(event_arg_int(&ev, "failed", -1), 0);
    event_free(&ev);
    ck_assert_uint_eq(a->outstanding_sends, 0);   /* not counted down twice */
}
END_TEST

/* NdisMSendNetBufferListsComplete function (ndis.h),
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-ndismsendnetbufferlistscomplete:
 * NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL "Specifies that the current IRQL
 * is DISPATCH_LEVEL"; Dispatch IRQL Tracking: "If the current IRQL is
 * unknown, or the caller is not running at DISPATCH_LEVEL, the caller
 * should clear this flag."  The call records the flag (arg dispatch_flag)
 * and the caller's IRQL, for SEND-COMPLETE-DISPATCH-FLAG. */
START_TEST(send_complete_records_dispatch_flag)
{
    PNET_BUFFER_LIST one = ndis_alloc_send_nbls(a, 1, 60);
    PNET_BUFFER_LIST two = ndis_alloc_send_nbls(a, 1, 60);
    ck_assert_ptr_nonnull(one);
    ck_assert_ptr_nonnull(two);
    NdisMSendNetBufferListsComplete(a, one, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    ck_assert_int_eq(ndis_fixture_last_int("NdisMSendNetBufferListsComplete", "dispatch_flag", -1), 1);
    ck_assert_int_eq(ndis_fixture_last_int("NdisMSendNetBufferListsComplete", "SendCompleteFlags", -1),
                     NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    NdisMSendNetBufferListsComplete(a, two, 0x2);   /* another flag only */
    ck_assert_int_eq(ndis_fixture_last_int("NdisMSendNetBufferListsComplete", "dispatch_flag", -1), 0);
    ck_assert_uint_eq(a->outstanding_sends, 0);
}
END_TEST

START_TEST(send_complete_foreign_and_wrong_adapter)
{
    adapter *b = host_adapter_new();
    PNET_BUFFER_LIST n = ndis_alloc_send_nbls(a, 1, 14);
    ck_assert_ptr_nonnull(n);
    n->Status = NDIS_STATUS_SUCCESS;
    NdisMSendNetBufferListsComplete(b, n, 0);
    event ev;
    ck_assert(ndis_fixture_last("NdisMSendNetBufferListsComplete", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "wrong_adapter", -1), 1);
    event_free(&ev);

    NET_BUFFER_LIST fake;
    memset(&fake, 0, sizeof fake);
    NdisMSendNetBufferListsComplete(a, &fake, 0);
    ck_assert(ndis_fixture_last("NdisMSendNetBufferListsComplete", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "foreign", -1), 1);
    ck_assert_int_eq(event_arg_int(&ev, "count", -1), 0);
    event_free(&ev);
    ck_assert_int_eq(ndis_send_status(&fake, NULL), -1);
}
END_TEST

START_TEST(receive_held_until_returned)
{
    NDIS_HANDLE pool = new_pool(0);
    PNET_BUFFER_LIST n = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, NULL, 0, 0);
    ck_assert_ptr_nonnull(n);
    NdisMIndicateReceiveNetBufferLists(a, n, 0, 1, 0);
    ck_assert_uint_eq(ndis_held_receives(a), 1);
    ck_assert_uint_eq(a->outstanding_receives, 1);
    NdisFreeNetBufferList(n);   /* NDIS still holds it: not freed */
    event ev;
    ck_assert(ndis_fixture_last("NdisFreeNetBufferList", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "held_by_ndis", -1), 1);
    event_free(&ev);
    NdisMIndicateReceiveNetBufferLists(a, n, 0, 1, 0);   /* indicated again while held */
    ck_assert(ndis_fixture_last("NdisMIndicateReceiveNetBufferLists", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "already_held", -1), 1);
    event_free(&ev);
    ndis_return_receives(a);   /* no driver registered: just released */
    ck_assert_uint_eq(ndis_held_receives(a), 0);
    ck_assert_uint_eq(a->outstanding_receives, 0);
    NdisMIndicateReceiveNetBufferLists(a, n, 0, 1, NDIS_RECEIVE_FLAGS_RESOURCES);
    ck_assert_uint_eq(ndis_held_receives(a), 0);   /* with RESOURCES NDIS keeps nothing */
    ck_assert_uint_eq(ndis_fixture_count("NdisFreeNetBufferList"), 1);
    /* Now the emulation releases it. The refused free above released
     * nothing (its event carries no handle), so this is the real release. */
    NdisFreeNetBufferList(n);
    ck_assert(ndis_fixture_last("NdisFreeNetBufferList", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "held_by_ndis", -1), 0);
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    event_free(&ev);
    NdisFreeNetBufferListPool(pool);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_nbl");
    TCase *tc = tcase_create("nbl");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pool_and_nbl_alloc_free);
    tcase_add_test(tc, pool_freed_with_nbls_out);
    tcase_add_test(tc, pool_bad_parameters);
    tcase_add_test(tc, send_complete_once_and_twice);
    tcase_add_test(tc, send_complete_foreign_and_wrong_adapter);
    tcase_add_test(tc, send_complete_records_dispatch_flag);
    tcase_add_test(tc, receive_held_until_returned);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
