/* The initialization rules (checks/initialize.yaml) pinned at their edges:
 * the status that makes the attributes mandatory (SUCCESS, not a failure),
 * the attribute type and its status, the allocation order boundaries, and
 * the number of findings per MiniportInitializeEx. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_builder.h"

#define REGISTRATION 0x9E
#define GENERAL 0x9F

static void set_attributes(trace *t, int64_t type, int64_t answer)
{
    event *e = ddi(t, "NdisMSetMiniportAttributes");
    arg(e, "Type", type);
    status(e, answer);
}

/* MiniportInitializeEx that sets registration (reg) and general (gen)
 * attributes, answered with each given status (0 = not called), and
 * returns st. */
static trace initialize(int64_t reg, int64_t gen, int64_t st)
{
    trace t;
    tr_init(&t);
    t.state = "Initializing";
    enter(&t, "MiniportInitializeEx");
    if (reg >= 0)
        set_attributes(&t, REGISTRATION, reg);
    if (gen >= 0)
        set_attributes(&t, GENERAL, gen);
    status(ret(&t, "MiniportInitializeEx"), st);
    return t;
}

/* Initializing a Miniport Adapter (004): "Calls the
 * NdisMSetMiniportAttributes and provides the following attributes ..."
 * and "The driver must call NdisMSetMiniportAttributes and set the
 * GeneralAttributes in the NDIS_MINIPORT_ADAPTER_ATTRIBUTES structure if it
 * returns NDIS_STATUS_SUCCESS." */
START_TEST(init_attributes_edges)
{
    trace t = initialize(SUCCESS, SUCCESS, SUCCESS);
    ck_assert_uint_eq(tb_judged(&t, "INIT-GENERAL-ATTRIBUTES", 1), 0);
    t = initialize(SUCCESS, -1, SUCCESS);            /* general missing */
    ck_assert_uint_eq(tb_judged(&t, "INIT-GENERAL-ATTRIBUTES", 1), 1);
    t = initialize(-1, SUCCESS, SUCCESS);            /* registration missing */
    ck_assert_uint_eq(tb_judged(&t, "INIT-REGISTRATION-ATTRIBUTES", 1), 1);
    t = initialize(SUCCESS, FAILURE, SUCCESS);       /* set, but refused */
    ck_assert_uint_eq(tb_judged(&t, "INIT-GENERAL-ATTRIBUTES", 1), 1);
    t = initialize(FAILURE, SUCCESS, SUCCESS);
    ck_assert_uint_eq(tb_judged(&t, "INIT-REGISTRATION-ATTRIBUTES", 1), 1);
    t = initialize(-1, -1, FAILURE);                 /* a failed initialize needs neither */
    ck_assert_uint_eq(tb_judged(&t, "INIT-GENERAL-ATTRIBUTES", 1), 0);
    t = initialize(-1, -1, RESOURCES);
    ck_assert_uint_eq(tb_judged(&t, "INIT-REGISTRATION-ATTRIBUTES", 1), 0);
    /* both missing: one finding each, per MiniportInitializeEx */
    t = initialize(-1, -1, SUCCESS);
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t.list, &out), 0);
    ck_assert_uint_eq(tb_count(&out, "INIT-REGISTRATION-ATTRIBUTES"), 1);
    ck_assert_uint_eq(tb_count(&out, "INIT-GENERAL-ATTRIBUTES"), 1);
    ck_assert_uint_eq(out.count, 2);
    violation_list_free(&out);
    trace_free(&t);
    /* attributes set outside MiniportInitializeEx do not count */
    tr_init(&t);
    set_attributes(&t, REGISTRATION, SUCCESS);
    set_attributes(&t, GENERAL, SUCCESS);
    t.state = "Initializing";
    enter(&t, "MiniportInitializeEx");
    status(ret(&t, "MiniportInitializeEx"), SUCCESS);
    ck_assert_uint_eq(tb_judged(&t, "INIT-GENERAL-ATTRIBUTES", 0), 1);
}
END_TEST

/* An initialize that allocates the DDIs given, in order, and succeeds. */
static trace allocating(const char *const *ddis, size_t n)
{
    trace t;
    tr_init(&t);
    t.state = "Initializing";
    enter(&t, "MiniportInitializeEx");
    set_attributes(&t, REGISTRATION, SUCCESS);
    set_attributes(&t, GENERAL, SUCCESS);
    for (size_t i = 0; i < n; i++)
        status(ddi_h(&t, ddis[i], 0x1000 + (int64_t)i * 0x100), SUCCESS);
    status(ret(&t, "MiniportInitializeEx"), SUCCESS);
    return t;
}

/* 004: "Typically, MiniportInitializeEx allocates adapter-specific
 * resources in the following order: Nonpaged pool memory. NET_BUFFER and
 * NET_BUFFER_LIST pools. Spin locks. Timers. IO ports. DMA. Shared memory.
 * Interrupts." */
START_TEST(init_order_edges)
{
    static const char *const typical[] = { "NdisAllocateMemoryWithTagPriority", "NdisAllocateNetBufferListPool",
                                           "NdisAllocateSpinLock", "NdisAllocateTimerObject",
                                           "NdisMRegisterInterruptEx" };
    trace t = allocating(typical, 5);
    ck_assert_uint_eq(tb_judged(&t, "INIT-ALLOC-ORDER", 1), 0);

    static const char *const same_kind_twice[] = { "NdisAllocateMemoryWithTagPriority", "NdisAllocateSpinLock",
                                                   "NdisAllocateSpinLock" };
    t = allocating(same_kind_twice, 3);              /* equal order is not below */
    ck_assert_uint_eq(tb_judged(&t, "INIT-ALLOC-ORDER", 1), 0);

    static const char *const swapped[] = { "NdisAllocateSpinLock", "NdisAllocateNetBufferListPool" };
    t = allocating(swapped, 2);                      /* 3 then 2 */
    ck_assert_uint_eq(tb_judged(&t, "INIT-ALLOC-ORDER", 1), 1);

    static const char *const swapped_twice[] = { "NdisAllocateTimerObject", "NdisAllocateSpinLock",
                                                 "NdisAllocateMemoryWithTagPriority" };
    t = allocating(swapped_twice, 3);                /* reported once per initialize */
    ck_assert_uint_eq(tb_judged(&t, "INIT-ALLOC-ORDER", 1), 1);

    static const char *const after_interrupt[] = { "NdisAllocateMemoryWithTagPriority",
                                                   "NdisMRegisterInterruptEx", "NdisAllocateTimerObject" };
    t = allocating(after_interrupt, 3);              /* INIT-INTERRUPT-LAST, superseding the order rule */
    ck_assert_uint_eq(tb_judged(&t, "INIT-INTERRUPT-LAST", 1), 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rule_edges6");
    TCase *tc = tcase_create("initialize");
    tcase_add_checked_fixture(tc, tb_rules_load, tb_rules_unload);
    tcase_add_test(tc, init_attributes_edges);
    tcase_add_test(tc, init_order_edges);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
