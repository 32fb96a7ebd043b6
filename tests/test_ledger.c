/* The resource ledger: alloc/free bookkeeping and every bad-free outcome. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "trace/ledger.h"

static char *mem_alloc[] = { "NdisAllocateMemoryWithTagPriority" };
static char *mem_free[] = { "NdisFreeMemory" };
static resource_kind memory_kind = { "memory", mem_alloc, 1, mem_free, 1, 1 };

static char *lock_alloc[] = { "NdisAllocateSpinLock" };
static char *lock_free[] = { "NdisFreeSpinLock" };
static resource_kind lock_kind = { "spin_lock", lock_alloc, 1, lock_free, 1, 2 };

static event make_event(const char *name, uint64_t index, int adapter)
{
    event ev;
    memset(&ev, 0, sizeof(ev));
    ev.name = (char *)name;
    ev.index = index;
    ev.adapter = adapter;
    ev.callback = "MiniportInitializeEx";
    ev.state = "Initializing";
    return ev;
}

START_TEST(alloc_then_free_closes_the_record)
{
    ledger *l = ledger_new();
    event a = make_event("NdisAllocateMemoryWithTagPriority", 3, 0);
    ledger_record *r = ledger_record_alloc(l, &memory_kind, 0x1000, &a);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->id, 1);
    ck_assert_str_eq(r->alloc_ddi, "NdisAllocateMemoryWithTagPriority");
    ck_assert_str_eq(r->callback, "MiniportInitializeEx");
    ck_assert_uint_eq(r->event_index, 3);
    ck_assert_uint_eq(ledger_open_count(l, 0), 1);
    event f = make_event("NdisFreeMemory", 9, 0);
    ledger_record *closed = NULL;
    ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x1000, &f, &closed), LEDGER_FREE_OK);
    ck_assert_ptr_eq(closed, r);
    ck_assert_int_eq(r->open, 0);
    ck_assert_str_eq(r->free_ddi, "NdisFreeMemory");
    ck_assert_uint_eq(r->free_event_index, 9);
    ck_assert_uint_eq(ledger_open_count(l, -1), 0);
    ledger_free(l);
}
END_TEST

START_TEST(bad_frees_are_classified)
{
    ledger *l = ledger_new();
    event a = make_event("NdisAllocateMemoryWithTagPriority", 0, 0);
    ledger_record_alloc(l, &memory_kind, 0x2000, &a);
    ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x9999, NULL, NULL), LEDGER_FREE_UNKNOWN);
    ck_assert_int_eq(ledger_record_free(l, "NdisFreeSpinLock", 0x2000, NULL, NULL), LEDGER_FREE_WRONG_RECIPROCAL);
    ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x2000, NULL, NULL), LEDGER_FREE_DOUBLE);
    ledger_free(l);
}
END_TEST

START_TEST(reused_handle_starts_a_new_record)
{
    ledger *l = ledger_new();
    event a = make_event("NdisAllocateMemoryWithTagPriority", 0, 0);
    ledger_record *first = ledger_record_alloc(l, &memory_kind, 0x3000, &a);
    ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x3000, NULL, NULL), LEDGER_FREE_OK);
    ledger_record *second = ledger_record_alloc(l, &memory_kind, 0x3000, &a);
    ck_assert_ptr_ne(first, second);
    ck_assert_ptr_eq(ledger_find_open(l, 0x3000), second);
    ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x3000, NULL, NULL), LEDGER_FREE_OK);
    ck_assert_ptr_null(ledger_find_open(l, 0x3000));
    ledger_free(l);
}
END_TEST

START_TEST(many_records_keep_order_and_index)
{
    ledger *l = ledger_new();
    event a = make_event("NdisAllocateMemoryWithTagPriority", 0, 1);
    for (uint64_t h = 1; h <= 5000; h++)
        ck_assert_ptr_nonnull(ledger_record_alloc(l, &memory_kind, h * 16, &a));
    for (uint64_t h = 1; h <= 5000; h += 2)
        ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", h * 16, NULL, NULL), LEDGER_FREE_OK);
    ck_assert_uint_eq(ledger_count(l), 5000);
    ck_assert_uint_eq(ledger_open_count(l, 1), 2500);
    ck_assert_uint_eq(ledger_open_count(l, 0), 0);
    ck_assert_uint_eq(ledger_at(l, 4999)->handle, 5000 * 16);
    ck_assert_ptr_null(ledger_at(l, 5000));
    ledger_free(l);
}
END_TEST

/* NDIS_SPIN_LOCK is storage the driver supplies: a lock that is the first
 * member of a block the driver allocated has the block's address. Each
 * keeps its own record: freeing both is no double release, and the block
 * left unfreed is still held (SoftEther's Neo6 met both). */
START_TEST(a_resource_inside_a_block_at_its_address_keeps_its_own_record)
{
    ledger *l = ledger_new();
    event a = make_event("NdisAllocateMemoryWithTagPriority", 1, 0);
    event s = make_event("NdisAllocateSpinLock", 2, 0);
    ledger_record *block = ledger_record_alloc(l, &memory_kind, 0x1000, &a);
    ledger_record *lock = ledger_record_alloc(l, &lock_kind, 0x1000, &s);
    ck_assert_int_eq(block->open, 1);
    ck_assert_uint_eq(ledger_open_count(l, 0), 2);
    event fl = make_event("NdisFreeSpinLock", 3, 0), fm = make_event("NdisFreeMemory", 4, 0);
    ledger_record *closed = NULL;
    ck_assert_int_eq(ledger_record_free(l, "NdisFreeSpinLock", 0x1000, &fl, &closed), LEDGER_FREE_OK);
    ck_assert_ptr_eq(closed, lock);
    ck_assert_uint_eq(ledger_open_count(l, 0), 1);   /* the block is still held */
    ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x1000, &fm, &closed), LEDGER_FREE_OK);
    ck_assert_ptr_eq(closed, block);
    /* a second release of the block is a double one, whatever else lived there */
    ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x1000, &fm, &closed), LEDGER_FREE_DOUBLE);
    ck_assert_ptr_eq(closed, block);
    /* a new block at the address replaces the old one of its kind only */
    ledger_record *again = ledger_record_alloc(l, &memory_kind, 0x1000, &a);
    ck_assert_ptr_eq(ledger_find_open(l, 0x1000), again);
    ledger_record *again2 = ledger_record_alloc(l, &memory_kind, 0x1000, &a);
    ck_assert_int_eq(again->open, 0);
    ck_assert_int_eq(again2->open, 1);
    ledger_free(l);
}
END_TEST

/* Records of one kind at a reused address leave the chain as a new one
 * shadows them; a record of another kind there survives every reuse. */
START_TEST(a_reused_address_keeps_the_other_kinds_record_and_the_latest_of_its_own)
{
    ledger *l = ledger_new();
    event s = make_event("NdisAllocateSpinLock", 0, 0);
    ledger_record *lock = ledger_record_alloc(l, &lock_kind, 0x3000, &s);
    ledger_record *last = NULL, *closed = NULL;
    for (uint64_t i = 1; i <= 1000; i++) {
        event a = make_event("NdisAllocateMemoryWithTagPriority", 2 * i, 0);
        event f = make_event("NdisFreeMemory", 2 * i + 1, 0);
        last = ledger_record_alloc(l, &memory_kind, 0x3000, &a);
        ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x3000, &f, &closed), LEDGER_FREE_OK);
        ck_assert_ptr_eq(closed, last);
    }
    ck_assert_uint_eq(ledger_count(l), 1001);   /* every record is still listed, in order */
    ck_assert_ptr_eq(ledger_at(l, 1000), last);
    ck_assert_ptr_eq(ledger_find_open(l, 0x3000), lock);
    /* one more release of the block: a double one, of the latest block */
    ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x3000, NULL, &closed), LEDGER_FREE_DOUBLE);
    ck_assert_ptr_eq(closed, last);
    ck_assert_int_eq(ledger_record_free(l, "NdisFreeSpinLock", 0x3000, NULL, &closed), LEDGER_FREE_OK);
    ck_assert_ptr_eq(closed, lock);
    ledger_free(l);
}
END_TEST

/* The host's ledger keeps only what a lookup can reach: an address reused
 * 1000 times still gives every outcome the full ledger gives. */
START_TEST(a_lookup_only_ledger_classifies_as_the_full_one)
{
    ledger *full = ledger_new(), *lookup = ledger_new_lookup_only();
    ledger *both[] = { full, lookup };
    for (size_t k = 0; k < 2; k++) {
        ledger *l = both[k];
        for (int i = 0; i < 1000; i++) {
            ck_assert_ptr_nonnull(ledger_record_alloc(l, &memory_kind, 0x1000, NULL));
            ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x1000, NULL, NULL), LEDGER_FREE_OK);
        }
        ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x1000, NULL, NULL), LEDGER_FREE_DOUBLE);
        ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x3000, NULL, NULL), LEDGER_FREE_UNKNOWN);
        ledger_record_alloc(l, &memory_kind, 0x1000, NULL);
        ledger_record_alloc(l, &lock_kind, 0x1000, NULL);   /* a lock inside the block */
        ck_assert_ptr_nonnull(ledger_find_open(l, 0x1000));
        ck_assert_uint_eq(ledger_open_count(l, -1), 2);
        ck_assert_int_eq(ledger_record_free(l, "NdisFreeSpinLock", 0x1000, NULL, NULL), LEDGER_FREE_OK);
        ck_assert_int_eq(ledger_record_free(l, "NdisFreeSpinLock", 0x1000, NULL, NULL), LEDGER_FREE_DOUBLE);
        ck_assert_uint_eq(ledger_open_count(l, -1), 1);
    }
    ck_assert_uint_eq(ledger_count(full), 1002);
    ck_assert_uint_eq(ledger_count(lookup), 0);   /* nothing kept beyond the chains */
    ledger_free(full);
    ledger_free(lookup);
}
END_TEST


/* A record keeps a copy of its event's frames (the event is dropped once
 * judged) and shares their text. */
START_TEST(a_record_keeps_a_copy_of_the_allocations_frames)
{
    ledger *l = ledger_new();
    frame frames[2] = { { 0x7f0000001234, 0x1234, "vnic.so", NULL, NULL, 0 },
                        { 0x7f0000005678, 0x5678, "vnic.so", NULL, NULL, 0 } };
    event a = make_event("NdisAllocateMemoryWithTagPriority", 1, 0);
    a.bt.frames = frames;
    a.bt.count = 2;
    ledger_record *r = ledger_record_alloc(l, &memory_kind, 0x1000, &a);
    ck_assert_ptr_nonnull(r);
    frames[0].pc = 0;   /* the event's array changes or goes: the record's does not */
    ck_assert_uint_eq(r->bt.count, 2);
    ck_assert_ptr_ne(r->bt.frames, frames);
    ck_assert_uint_eq(r->bt.frames[0].pc, 0x7f0000001234);
    ck_assert_uint_eq(r->bt.frames[1].offset, 0x5678);
    ck_assert_ptr_eq(r->bt.frames[1].module, frames[1].module);
    ledger_free(l);
}
END_TEST

/* ledger_forget_unreachable frees what no lookup reaches: released and
 * shadowed at its handle by a newer record of its kind. What is held, and
 * the latest record at each handle (a double free still finds it), stay,
 * in allocation order; ids go on. */
START_TEST(forgetting_frees_only_what_no_lookup_reaches)
{
    ledger *l = ledger_new();
    event a = make_event("NdisAllocateMemoryWithTagPriority", 1, 0), f = make_event("NdisFreeMemory", 2, 0);
    ledger_record *held = ledger_record_alloc(l, &memory_kind, 0x9000, &a);
    for (int i = 0; i < 100; i++) {  /* ten addresses, each reused ten times */
        ck_assert_ptr_nonnull(ledger_record_alloc(l, &memory_kind, 0x1000 + (uint64_t)(i % 10) * 0x10, &a));
        ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x1000 + (uint64_t)(i % 10) * 0x10, &f, NULL),
                         LEDGER_FREE_OK);
    }
    ledger_record *lock = ledger_record_alloc(l, &lock_kind, 0x1000, &a);  /* another kind at a reused address */
    ck_assert_uint_eq(ledger_count(l), 102);
    ck_assert_uint_eq(ledger_forget_unreachable(l), 90);
    ck_assert_uint_eq(ledger_count(l), 12);
    ck_assert_ptr_eq(ledger_at(l, 0), held);
    ck_assert_ptr_eq(ledger_at(l, 11), lock);
    for (size_t i = 1; i < 11; i++) {  /* the last record at each address, released */
        ledger_record *r = ledger_at(l, i);
        ck_assert_int_eq(r->open, 0);
        ck_assert_uint_eq(r->id, 91 + i);
        /* at 0x1000 the spin lock is the latest, and links to it */
        ledger_record *latest = ledger_find_latest(l, r->handle);
        ck_assert_ptr_eq(latest, r->handle == 0x1000 ? lock : r);
        if (r->handle == 0x1000)
            ck_assert_ptr_eq(lock->same_handle, r);
    }
    ledger_record *again = NULL;
    ck_assert_int_eq(ledger_record_free(l, "NdisFreeMemory", 0x1050, &f, &again), LEDGER_FREE_DOUBLE);
    ck_assert_ptr_nonnull(again);
    ck_assert_uint_eq(ledger_forget_unreachable(l), 0);
    ck_assert_uint_eq(ledger_open_count(l, -1), 2);
    ck_assert_uint_eq(ledger_record_alloc(l, &memory_kind, 0x2000, &a)->id, 103);
    ledger_free(l);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ledger");
    TCase *tc = tcase_create("ledger");
    tcase_add_test(tc, alloc_then_free_closes_the_record);
    tcase_add_test(tc, bad_frees_are_classified);
    tcase_add_test(tc, reused_handle_starts_a_new_record);
    tcase_add_test(tc, many_records_keep_order_and_index);
    tcase_add_test(tc, a_resource_inside_a_block_at_its_address_keeps_its_own_record);
    tcase_add_test(tc, a_reused_address_keeps_the_other_kinds_record_and_the_latest_of_its_own);
    tcase_add_test(tc, a_lookup_only_ledger_classifies_as_the_full_one);
    tcase_add_test(tc, a_record_keeps_a_copy_of_the_allocations_frames);
    tcase_add_test(tc, forgetting_frees_only_what_no_lookup_reaches);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
