/* NdisAllocateMemoryWithTagPriority / NdisFreeMemory (memory.c): guard
 * zones, ledger outcome of bad frees, corruption reports and injection. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/memcheck.h>
#include "host/ndis/arena.h"
#include "host/ndis/ndis_internal.h"
#include "ndis_fixture.h"

#define GUARD 32   /* memory.c's GUARD_SIZE */

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

static void *alloc(UINT length)
{
    return NdisAllocateMemoryWithTagPriority(a, length, 'tseT', NormalPoolPriority);
}

/* Reads bytes the emulation made inaccessible, without a valgrind error. */
static int all_equal(const unsigned char *p, size_t n, unsigned char v)
{
    VALGRIND_DISABLE_ERROR_REPORTING;
    int same = 1;
    for (size_t i = 0; i < n; i++)
        if (p[i] != v)
            same = 0;
    VALGRIND_ENABLE_ERROR_REPORTING;
    return same;
}

/* Writes where the miniport must not (a deliberate overrun or use after free). */
static void scribble(unsigned char *p, unsigned char v)
{
    VALGRIND_DISABLE_ERROR_REPORTING;
    *(volatile unsigned char *)p = v;
    VALGRIND_ENABLE_ERROR_REPORTING;
}

/* The latest memory_corruption: an operation saying where, about block p
 * (not looked at when p is NULL). */
static void assert_last_corruption(const char *where, const void *p)
{
    event ev;
    ck_assert(ndis_fixture_last("memory_corruption", &ev));
    ck_assert_int_eq(ev.kind, EV_OP);
    ck_assert_str_eq(ndis_fixture_str(&ev, "where"), where);
    if (p)
        ck_assert_uint_eq((uint64_t)event_arg_int(&ev, "handle", 0), (uint64_t)(uintptr_t)p);
    event_free(&ev);
}

/* The one memory_corruption so far: a write after free of block p. */
static void assert_one_write_after_free_of(const unsigned char *p)
{
    ck_assert_uint_eq(ndis_fixture_count("memory_corruption"), 1);
    assert_last_corruption("after_free", p);
}

START_TEST(allocation_has_size_and_guards)
{
    unsigned char *p = alloc(100);
    ck_assert_ptr_nonnull(p);
    memset(p, 0x11, 100);   /* the whole block is writable */
    ck_assert_int_eq(p[0], 0x11);
    ck_assert_int_eq(p[99], 0x11);
    ck_assert(all_equal(p - GUARD, GUARD, 0xFD));
    ck_assert(all_equal(p + 100, GUARD, 0xFD));
    event ev;
    ck_assert(ndis_fixture_last("NdisAllocateMemoryWithTagPriority", &ev));
    ck_assert_int_eq(ev.kind, EV_DDI);
    ck_assert_int_eq(event_arg_int(&ev, "Length", -1), 100);
    ck_assert_int_eq(event_arg_int(&ev, "Tag", -1), 'tseT');
    ck_assert_uint_eq((uint64_t)event_arg_int(&ev, "handle", 0), (uint64_t)(uintptr_t)p);
    event_free(&ev);
    ck_assert(host_handle_is_live((uint64_t)(uintptr_t)p));

    NdisFreeMemory(p, 100, 0);
    ck_assert(!host_handle_is_live((uint64_t)(uintptr_t)p));
    ck_assert(ndis_fixture_last("NdisFreeMemory", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    ck_assert_int_eq(event_arg_int(&ev, "allocated_length", -2), 100);
    event_free(&ev);
    ck_assert_uint_eq(ndis_fixture_count("memory_corruption"), 0);
}
END_TEST

START_TEST(bogus_pointer_is_unknown)
{
    static char not_ndis_memory[16];
    NdisFreeMemory(not_ndis_memory, sizeof not_ndis_memory, 0);
    event ev;
    ck_assert(ndis_fixture_last("NdisFreeMemory", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "unknown");
    ck_assert_int_eq(event_arg_int(&ev, "allocated_length", 0), -1);
    event_free(&ev);
    NdisFreeMemory(NULL, 0, 0);
    ck_assert_uint_eq(ndis_fixture_count("NdisFreeMemory"), 2);
}
END_TEST

START_TEST(second_free_is_double)
{
    void *p = alloc(8);
    ck_assert_ptr_nonnull(p);
    NdisFreeMemory(p, 8, 0);
    NdisFreeMemory(p, 8, 0);   /* quarantined: must not touch or crash */
    event ev;
    ck_assert(ndis_fixture_last("NdisFreeMemory", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "double");
    ck_assert_int_eq(event_arg_int(&ev, "allocated_length", 0), -1);
    event_free(&ev);
}
END_TEST

START_TEST(overrun_by_one_reported_after)
{
    unsigned char *p = alloc(10);
    ck_assert_ptr_nonnull(p);
    scribble(p + 10, 0);
    ck_assert_uint_eq(ndis_fixture_count("memory_corruption"), 0);   /* found at free */
    NdisFreeMemory(p, 10, 0);
    ck_assert_uint_eq(ndis_fixture_count("memory_corruption"), 1);
    assert_last_corruption("after", p);
}
END_TEST

START_TEST(underrun_reported_before)
{
    unsigned char *p = alloc(10);
    ck_assert_ptr_nonnull(p);
    scribble(p - 1, 0);
    NdisFreeMemory(p, 10, 0);
    assert_last_corruption("before", NULL);
}
END_TEST

START_TEST(write_after_free_found_by_audit)
{
    unsigned char *p = alloc(24);
    ck_assert_ptr_nonnull(p);
    NdisFreeMemory(p, 24, 0);
    ck_assert_uint_eq(ndis_memory_audit(), 0);
    scribble(p + 5, 0x42);
    ck_assert_uint_eq(ndis_memory_audit(), 1);
    ck_assert_uint_eq(ndis_memory_audit(), 0);   /* reported once per block */
    ck_assert_uint_eq(ndis_fixture_count("memory_corruption"), 1);
    assert_last_corruption("after_free", p);
}
END_TEST

/* A 1000-byte block, freed, then written at offset (a use after free). */
static unsigned char *freed_and_written_at(size_t offset)
{
    unsigned char *p = alloc(1000);
    ck_assert_ptr_nonnull(p);
    NdisFreeMemory(p, 1000, 0);
    scribble(p + offset, 0x42);
    return p;
}


/* Between audits, each allocation checks the first 64 bytes of one
 * quarantined block, round robin (memory.c, AUDIT_HEAD_BYTES): a write to
 * a freed structure's first fields is found while the quarantine still
 * holds the block, within as many allocations as it holds blocks. Nothing
 * is freed meanwhile, so the round robin passes every block. */
START_TEST(write_after_free_at_a_blocks_start_found_by_the_next_allocations)
{
    unsigned char *p = freed_and_written_at(63);
    void *kept[256];
    size_t n = 0;
    while (n < 256 && ndis_fixture_count("memory_corruption") == 0)
        kept[n++] = alloc(16);
    assert_one_write_after_free_of(p);
    ck_assert_uint_eq(ndis_memory_audit(), 0);   /* reported once */
    while (n > 0)
        NdisFreeMemory(kept[--n], 16, 0);
}
END_TEST

/* A write further in waits for the block's whole audit: when it leaves the
 * quarantine (here, pushed out by 256 later frees) or at the next audit
 * point, whichever comes first. */
START_TEST(write_after_free_past_a_blocks_start_found_when_it_leaves_the_quarantine)
{
    unsigned char *p = freed_and_written_at(64);
    void *kept[256];
    for (size_t i = 0; i < 256; i++)
        kept[i] = alloc(16);
    ck_assert_uint_eq(ndis_fixture_count("memory_corruption"), 0);
    for (size_t i = 0; i < 256; i++)
        NdisFreeMemory(kept[i], 16, 0);
    assert_one_write_after_free_of(p);
}
END_TEST

/* Strides (arena.c): exact multiples of 64 bytes up to 4 KiB, then eight
 * an octave, so the tail after a block's guard, which is filled and checked
 * as guard too, is under an eighth of the stride, while a freed block still
 * serves every request of its eighth: 32 lists for everything from 4 to
 * 64 KiB. From 512 KiB a block has a mapping of its own, page-rounded. */
START_TEST(strides_leave_an_eighth_at_most_on_few_lists)
{
    ck_assert_uint_eq(arena_stride(4096), 4096);
    ck_assert_uint_eq(arena_stride(4097), 4608);
    ck_assert_uint_eq(arena_stride(5128), 5632);
    ck_assert_uint_eq(arena_stride(8192), 8192);
    ck_assert_uint_eq(arena_stride(8193), 9216);
    ck_assert_uint_eq(arena_stride(65537), 73728);
    ck_assert_uint_eq(arena_stride(600000), 602112);
    size_t distinct = 0, last = 0;
    for (size_t need = 1; need <= 700000; need++) {
        size_t stride = arena_stride(need);
        ck_assert_uint_ge(stride, need);
        ck_assert_uint_eq(stride % 64, 0);
        size_t most = need <= 4096 ? 64 : need >= 512 * 1024 ? 4096 : stride / 8;
        ck_assert_msg(stride - need < most || (need <= 72 && stride == 128), "need %zu: stride %zu", need, stride);   /* room for the free list's link */
        if (need > 4096 && need <= 65536 && stride != last)
            distinct++;
        last = stride;
    }
    ck_assert_uint_eq(distinct, 32);
    unsigned char *p = alloc(5000);
    ck_assert_ptr_nonnull(p);
    size_t stride = arena_stride(32 + 2 * GUARD + 5000);   /* header, guards, data */
    ck_assert(all_equal(p + 5000, stride - 32 - GUARD - 5000, 0xFD));
    scribble(p + 5000 + GUARD + 3, 0);   /* past the guard, in the slack */
    NdisFreeMemory(p, 5000, 0);
    assert_last_corruption("after", NULL);
}
END_TEST

START_TEST(free_with_tag_priority)
{
    void *p = alloc(4);
    ck_assert_ptr_nonnull(p);
    NdisFreeMemoryWithTagPriority(a, p, 'tseT');
    event ev;
    ck_assert(ndis_fixture_last("NdisFreeMemoryWithTagPriority", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "allocated_length", -2), 4);
    ck_assert_int_eq(event_arg_int(&ev, "Tag", -2), 'tseT');
    event_free(&ev);
    /* The block is released: the emulation no longer knows it. (The ledger
     * outcome is not asserted: checks/tables/resources.yaml does not list
     * this DDI as a reciprocal of memory.) */
    NdisFreeMemoryWithTagPriority(a, p, 'tseT');
    ck_assert(ndis_fixture_last("NdisFreeMemoryWithTagPriority", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "allocated_length", -2), -1);
    event_free(&ev);
}
END_TEST

START_TEST(zero_length_allocation)
{
    unsigned char *p = alloc(0);
    ck_assert_ptr_nonnull(p);
    ck_assert(all_equal(p - GUARD, 2 * GUARD, 0xFD));
    NdisFreeMemory(p, 0, 0);
    ck_assert_uint_eq(ndis_fixture_count("memory_corruption"), 0);
}
END_TEST

START_TEST(shared_data_alignment)
{
    ck_assert_uint_eq(NdisGetSharedDataAlignment(), 64);
}
END_TEST

/* A block still held at an audit (end of Halt) has its guards checked too:
 * the overrun is reported once, not again when the block is freed. */
START_TEST(overrun_of_a_live_block_found_by_audit)
{
    unsigned char *p = alloc(10);
    ck_assert_ptr_nonnull(p);
    scribble(p + 10 + GUARD + 3, 0);   /* past the guard, in the slack up to the next block */
    ck_assert_uint_eq(ndis_memory_audit(), 1);
    assert_last_corruption("after", p);
    ck_assert_uint_eq(ndis_memory_audit(), 0);
    NdisFreeMemory(p, 10, 0);
    ck_assert_uint_eq(ndis_fixture_count("memory_corruption"), 1);
}
END_TEST

/* Blocks share pre-mapped chunks: each is 64-byte aligned, and a freed
 * block is handed out again only after 256 later frees pushed it out of
 * the quarantine (so a write after free is still seen). */
START_TEST(freed_block_reused_only_after_the_quarantine)
{
    /* Fill the quarantine with blocks of another size first, so that the
     * count holds whatever earlier tests (CK_FORK=no) left there. */
    for (int i = 0; i < 256; i++)
        NdisFreeMemory(alloc(2000), 2000, 0);
    unsigned char *first = alloc(40);
    ck_assert_ptr_nonnull(first);
    ck_assert_uint_eq((uintptr_t)first % 64, 0);
    NdisFreeMemory(first, 40, 0);
    for (int i = 0; i < 256; i++) {
        unsigned char *q = alloc(40);
        ck_assert_ptr_nonnull(q);
        ck_assert_ptr_ne(q, first);
        ck_assert_uint_eq((uintptr_t)q % 64, 0);
        NdisFreeMemory(q, 40, 0);
    }
    unsigned char *again = alloc(40);
    ck_assert_ptr_eq(again, first);
    NdisFreeMemory(again, 40, 0);
    ck_assert_uint_eq(ndis_fixture_count("memory_corruption"), 0);
}
END_TEST

/* An underrun through the guard into the block's header: reported as a
 * damaged guard before the block, without trusting the header, and the
 * block is not handed out again. */
START_TEST(overwritten_header_reported_and_not_reused)
{
    unsigned char *p = alloc(16);
    ck_assert_ptr_nonnull(p);
    for (int i = 1; i <= 2 * GUARD; i++)
        scribble(p - i, 0x41);
    NdisFreeMemory(p, 16, 0);
    ck_assert_uint_eq(ndis_fixture_count("memory_corruption"), 1);
    assert_last_corruption("before", NULL);
    for (int i = 0; i < 300; i++) {
        unsigned char *q = alloc(16);
        ck_assert_ptr_ne(q, p);
        NdisFreeMemory(q, 16, 0);
    }
}
END_TEST

/* Injection: the second allocation fails, the others do not. */
static void setup_inject(void)
{
    a = ndis_fixture_begin("NdisAllocateMemoryWithTagPriority", 2);
    ck_assert_ptr_nonnull(a);
}

START_TEST(injected_failure_returns_null)
{
    void *first = alloc(16);
    void *second = alloc(16);
    void *third = alloc(16);
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_null(second);
    ck_assert_ptr_nonnull(third);
    event ev;
    ck_assert_uint_eq(ndis_fixture_count("fault_injected"), 1);
    ck_assert(ndis_fixture_last("fault_injected", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ddi"), "NdisAllocateMemoryWithTagPriority");
    event_free(&ev);
    NdisFreeMemory(first, 16, 0);
    NdisFreeMemory(third, 16, 0);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_memory");
    TCase *tc = tcase_create("memory");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, allocation_has_size_and_guards);
    tcase_add_test(tc, bogus_pointer_is_unknown);
    tcase_add_test(tc, second_free_is_double);
    tcase_add_test(tc, overrun_by_one_reported_after);
    tcase_add_test(tc, underrun_reported_before);
    tcase_add_test(tc, write_after_free_found_by_audit);
    tcase_add_test(tc, write_after_free_at_a_blocks_start_found_by_the_next_allocations);
    tcase_add_test(tc, write_after_free_past_a_blocks_start_found_when_it_leaves_the_quarantine);
    tcase_add_test(tc, strides_leave_an_eighth_at_most_on_few_lists);
    tcase_add_test(tc, overrun_of_a_live_block_found_by_audit);
    tcase_add_test(tc, freed_block_reused_only_after_the_quarantine);
    tcase_add_test(tc, overwritten_header_reported_and_not_reused);
    tcase_add_test(tc, free_with_tag_priority);
    tcase_add_test(tc, zero_length_allocation);
    tcase_add_test(tc, shared_data_alignment);
    suite_add_tcase(s, tc);
    TCase *inj = tcase_create("injection");
    tcase_add_checked_fixture(inj, setup_inject, teardown);
    tcase_add_test(inj, injected_failure_returns_null);
    suite_add_tcase(s, inj);
    return ndis_fixture_run(s);
}
