/* One test per rule: initialize (INIT-*) and NDIS ports (PORT-*), each
 * broken by a small synthesized trace and reported alone. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules_fixture.h"

START_TEST(port_free_before_halt)
{
    trace t;
    tr_init(&t);
    status(ddi_h(&t, "NdisMAllocatePort", 1), SUCCESS);
    enter(&t, "MiniportHaltEx");
    ret(&t, "MiniportHaltEx");
    expect_only(&t, "PORT-FREE-BEFORE-HALT");
}
END_TEST

static void free_port(trace *t, int64_t port, int64_t st)
{
    event *e = ddi_h(t, "NdisMFreePort", port);
    arg(e, "PortNumber", port);
    status(e, st);
}

START_TEST(port_deactivate_before_free)
{
    trace t;
    tr_init(&t);
    status(ddi_h(&t, "NdisMAllocatePort", 1), SUCCESS);
    free_port(&t, 1, INVALID_PORT_STATE);
    expect_only(&t, "PORT-DEACTIVATE-BEFORE-FREE");
}
END_TEST

START_TEST(port_no_free_default)
{
    trace t;
    tr_init(&t);
    free_port(&t, 0, INVALID_PORT);
    expect_only(&t, "PORT-NO-FREE-DEFAULT");
}
END_TEST

START_TEST(port_invalid_number)
{
    trace t;
    tr_init(&t);
    free_port(&t, 5, INVALID_PORT);
    expect_only(&t, "PORT-INVALID-NUMBER");
}
END_TEST

START_TEST(init_registration_attributes)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportInitializeEx");
    attributes_set(ddi(&t, "NdisMSetMiniportAttributes"), 0x9F);
    status(ret(&t, "MiniportInitializeEx"), SUCCESS);
    expect_only(&t, "INIT-REGISTRATION-ATTRIBUTES");
}
END_TEST

/* A refused NdisMSetMiniportAttributes sets nothing. */
START_TEST(init_registration_attributes_refused)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportInitializeEx");
    event *refused = ddi(&t, "NdisMSetMiniportAttributes");
    arg(refused, "Type", 0x9E);
    status(refused, 0xC0010015);  /* NDIS_STATUS_INVALID_PARAMETER (a BAD_VERSION adds ATTRIBUTES-REGISTRATION-REVISION) */
    attributes_set(ddi(&t, "NdisMSetMiniportAttributes"), 0x9F);
    status(ret(&t, "MiniportInitializeEx"), SUCCESS);
    expect_only(&t, "INIT-REGISTRATION-ATTRIBUTES");
}
END_TEST

START_TEST(init_general_attributes)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportInitializeEx");
    attributes_set(ddi(&t, "NdisMSetMiniportAttributes"), 0x9E);
    status(ret(&t, "MiniportInitializeEx"), SUCCESS);
    expect_only(&t, "INIT-GENERAL-ATTRIBUTES");
}
END_TEST

START_TEST(init_fail_release)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportInitializeEx");
    alloc_mem(&t, 0x10000);
    status(ret(&t, "MiniportInitializeEx"), RESOURCES);
    expect_only(&t, "INIT-FAIL-RELEASE");
}
END_TEST

START_TEST(init_alloc_order)
{
    trace t;
    tr_init(&t);
    good_init_begin(&t);
    ddi_h(&t, "NdisAllocateSpinLock", 0x20000);
    alloc_mem(&t, 0x10000);
    good_init_end(&t);
    expect_only(&t, "INIT-ALLOC-ORDER");
}
END_TEST

START_TEST(init_interrupt_last)
{
    trace t;
    tr_init(&t);
    good_init_begin(&t);
    status(ddi_h(&t, "NdisMRegisterInterruptEx", 0x30000), SUCCESS);
    alloc_mem(&t, 0x10000);
    good_init_end(&t);
    expect_only(&t, "INIT-INTERRUPT-LAST");
}
END_TEST

START_TEST(port_messages_show_number)
{
    violation_list out = { 0 };
    trace t;
    tr_init(&t);
    /* the handle is unique per adapter, the number is what users know */
    event *a = status(ddi_h(&t, "NdisMAllocatePort", (1LL << 32) | 1), SUCCESS);
    arg(a, "PortNumber", 1);
    enter(&t, "MiniportHaltEx");
    ret(&t, "MiniportHaltEx");
    expect_set(&t, "PORT-FREE-BEFORE-HALT", &out);
    ck_assert_ptr_nonnull(strstr(out.items[0].message, "port 1 allocated by NdisMAllocatePort"));
    violation_list_free(&out);
    /* two adapters, same port numbers, distinct handles: no double free */
    tr_init(&t);
    for (int ad = 0; ad < 2; ad++) {
        event *e = status(ddi_h(&t, "NdisMAllocatePort", ((int64_t)(ad + 1) << 32) | 1), SUCCESS);
        arg(e, "PortNumber", 1);
        e->adapter = ad;
    }
    for (int ad = 0; ad < 2; ad++) {
        event *e = status(ddi_h(&t, "NdisMFreePort", ((int64_t)(ad + 1) << 32) | 1), SUCCESS);
        arg(e, "PortNumber", 1);
        e->adapter = ad;
    }
    expect_set(&t, "", &out);
    violation_list_free(&out);
}
END_TEST

static Suite *rules_init_port_suite(void)
{
    Suite *s = suite_create("rules_init_port");
    TCase *per_rule = tcase_create("per_rule");
    tcase_add_checked_fixture(per_rule, load_checks, unload_checks);
    tcase_add_test(per_rule, port_free_before_halt);
    tcase_add_test(per_rule, port_deactivate_before_free);
    tcase_add_test(per_rule, port_no_free_default);
    tcase_add_test(per_rule, port_invalid_number);
    tcase_add_test(per_rule, init_registration_attributes);
    tcase_add_test(per_rule, init_general_attributes);
    tcase_add_test(per_rule, init_fail_release);
    tcase_add_test(per_rule, init_alloc_order);
    tcase_add_test(per_rule, init_interrupt_last);
    tcase_add_test(per_rule, init_registration_attributes_refused);
    tcase_add_test(per_rule, port_messages_show_number);
    suite_add_tcase(s, per_rule);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rules_init_port_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
