/* The memory and resource-ledger rules (checks/memory.yaml,
 * checks/resources.yaml, HALT-RECIPROCAL and HALT-REVERSE-ORDER of
 * checks/halt.yaml) pinned at their edges: the guard-zone positions, the
 * tag boundary, double versus foreign frees and the spin lock split, the
 * reciprocal, the release order, and the number of findings. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_builder.h"

static size_t corruption(const char *where, const char *id)
{
    trace t;
    tr_init(&t);
    event *e = tr_push(&t, EV_OP, "memory_corruption");
    arg(e, "handle", 0x1000);
    sarg(e, "where", where);
    return tb_judged(&t, id, 1);
}

/* MEM-GUARD-OVERRUN (a write outside the block: before or after it) and
 * MEM-USE-AFTER-FREE (a write to a freed block) split one op by position. */
START_TEST(memory_corruption_positions)
{
    ck_assert_uint_eq(corruption("before", "MEM-GUARD-OVERRUN"), 1);
    ck_assert_uint_eq(corruption("after", "MEM-GUARD-OVERRUN"), 1);
    ck_assert_uint_eq(corruption("after_free", "MEM-USE-AFTER-FREE"), 1);
    ck_assert_uint_eq(corruption("inside", "MEM-GUARD-OVERRUN"), 0);   /* neither rule's position */
}
END_TEST

static size_t tagged(int64_t tag)
{
    trace t;
    tr_init(&t);
    event *e = status(ddi_h(&t, "NdisAllocateMemoryWithTagPriority", 0x1000), SUCCESS);
    arg(e, "Tag", tag);
    ddi_h(&t, "NdisFreeMemory", 0x1000);
    return tb_judged(&t, "MEM-ZERO-TAG", 1);
}

/* NdisAllocateMemoryWithTagPriority: a zero tag is a warning; any other tag
 * (1 included) is not. */
START_TEST(memory_zero_tag_edges)
{
    ck_assert_uint_eq(tagged(0), 1);
    ck_assert_uint_eq(tagged(1), 0);
    ck_assert_uint_eq(tagged(0x43494E56), 0);   /* 'VNIC' */
}
END_TEST

/* MINIPORT_HALT (000): "The driver must call the reciprocals of the
 * NdisXxx functions with which it originally allocated the resources." and
 * the ledger's double and foreign frees. */
START_TEST(bad_free_edges)
{
    trace t;
    tr_init(&t);                      /* freed once: clean */
    status(ddi_h(&t, "NdisAllocateMemoryWithTagPriority", 0x1000), SUCCESS);
    ddi_h(&t, "NdisFreeMemory", 0x1000);
    ck_assert_uint_eq(tb_judged(&t, "RES-DOUBLE-FREE", 1), 0);

    tr_init(&t);                      /* twice: double, not foreign */
    status(ddi_h(&t, "NdisAllocateMemoryWithTagPriority", 0x1000), SUCCESS);
    ddi_h(&t, "NdisFreeMemory", 0x1000);
    ddi_h(&t, "NdisFreeMemory", 0x1000);
    ck_assert_uint_eq(tb_judged(&t, "RES-DOUBLE-FREE", 1), 1);

    tr_init(&t);                      /* never allocated: foreign */
    ddi_h(&t, "NdisFreeMemory", 0x1000);
    ck_assert_uint_eq(tb_judged(&t, "RES-FOREIGN-FREE", 1), 1);

    tr_init(&t);                      /* the allocation failed: the free is foreign */
    status(ddi_h(&t, "NdisAllocateMemoryWithTagPriority", 0x1000), RESOURCES);
    ddi_h(&t, "NdisFreeMemory", 0x1000);
    ck_assert_uint_eq(tb_judged(&t, "RES-FOREIGN-FREE", 1), 1);

    tr_init(&t);                      /* a spin lock never allocated: its own warning */
    ddi_h(&t, "NdisFreeSpinLock", 0x6000);
    ck_assert_uint_eq(tb_judged(&t, "RES-FOREIGN-FREE-SPINLOCK", 1), 1);

    tr_init(&t);                      /* wrong reciprocal */
    status(ddi_h(&t, "NdisMAllocateSharedMemory", 0x2000), SUCCESS);
    ddi_h(&t, "NdisFreeMemory", 0x2000);
    ck_assert_uint_eq(tb_judged(&t, "HALT-RECIPROCAL", 1), 1);

    tr_init(&t);                      /* the other reciprocal of the kind is right */
    status(ddi_h(&t, "NdisAllocateMemoryWithTagPriority", 0x1000), SUCCESS);
    ddi_h(&t, "NdisFreeMemoryWithTagPriority", 0x1000);
    ck_assert_uint_eq(tb_judged(&t, "HALT-RECIPROCAL", 1), 0);
}
END_TEST

static void init_two(trace *t)
{
    t->state = "Initializing";
    enter(t, "MiniportInitializeEx");
    status(ddi_h(t, "NdisAllocateMemoryWithTagPriority", 0x1000), SUCCESS);
    status(ddi_h(t, "NdisAllocateSpinLock", 0x6000), SUCCESS);
    status(ddi_h(t, "NdisAllocateTimerObject", 0x7000), SUCCESS);
    attributes_set(ddi(t, "NdisMSetMiniportAttributes"), 0x9E);
    attributes_set(ddi(t, "NdisMSetMiniportAttributes"), 0x9F);
    status(ret(t, "MiniportInitializeEx"), SUCCESS);
    t->state = "Paused";
    enter(t, "MiniportHaltEx");
}

/* MINIPORT_HALT: "As a general rule, a MiniportHaltEx function should call
 * the reciprocal NdisXxx functions in reverse order to the calls the driver
 * made from MiniportInitializeEx."  One finding per Halt. */
START_TEST(halt_reverse_order_edges)
{
    trace t;
    tr_init(&t);
    init_two(&t);
    ddi_h(&t, "NdisFreeTimerObject", 0x7000);
    ddi_h(&t, "NdisFreeSpinLock", 0x6000);
    ddi_h(&t, "NdisFreeMemory", 0x1000);
    ret(&t, "MiniportHaltEx");
    ck_assert_uint_eq(tb_judged(&t, "HALT-REVERSE-ORDER", 1), 0);

    tr_init(&t);                      /* two pairs out of order: one finding */
    init_two(&t);
    ddi_h(&t, "NdisFreeMemory", 0x1000);
    ddi_h(&t, "NdisFreeSpinLock", 0x6000);
    ddi_h(&t, "NdisFreeTimerObject", 0x7000);
    ret(&t, "MiniportHaltEx");
    ck_assert_uint_eq(tb_judged(&t, "HALT-REVERSE-ORDER", 1), 1);

    tr_init(&t);                      /* a leak never makes the others out of order */
    init_two(&t);
    ddi_h(&t, "NdisFreeTimerObject", 0x7000);
    ddi_h(&t, "NdisFreeMemory", 0x1000);
    ret(&t, "MiniportHaltEx");
    ck_assert_uint_eq(tb_judged(&t, "HALT-REVERSE-ORDER", 0), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rule_edges7");
    TCase *tc = tcase_create("resources");
    tcase_add_checked_fixture(tc, tb_rules_load, tb_rules_unload);
    tcase_add_test(tc, memory_corruption_positions);
    tcase_add_test(tc, memory_zero_tag_edges);
    tcase_add_test(tc, bad_free_edges);
    tcase_add_test(tc, halt_reverse_order_edges);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
