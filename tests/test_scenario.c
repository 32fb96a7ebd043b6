/* The scenario loader: a good file, and bad ones rejected with file:line:column. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/scenario.h"

static char path[256];

static void write_scenario(const char *text)
{
    snprintf(path, sizeof(path), "/tmp/mpc-scenario-%d.yaml", (int)getpid());
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* Loads the text; returns the error text ("" on success). */
static const char *load(const char *text, scenario *sc)
{
    static yerror err;
    write_scenario(text);
    memset(&err, 0, sizeof(err));
    int rc = scenario_load_file(path, sc, &err);
    unlink(path);
    return rc == 0 ? "" : err.text;
}

static char expected[512];
static const char *at(int line, int column, const char *rest)
{
    snprintf(expected, sizeof(expected), "%s:%d:%d: %s", path, line, column, rest);
    return expected;
}

START_TEST(good_scenario_loads_every_step)
{
    scenario sc;
    ck_assert_str_eq(load("scenario: demo\n"
                          "description: all the forms\n"
                          "adapters: 2\n"
                          "config:\n  RestartMode: 1\n  Name: \"vnic\"\n"
                          "steps:\n"
                          "  - initialize\n"
                          "  - restart: {attributes: null, adapter: 1}\n"
                          "  - wait: 20ms\n"
                          "  - send: 4\n"
                          "  - oid: {type: set, oid: OID_GEN_CURRENT_PACKET_FILTER, length: 4}\n"
                          "  - halt: NdisHaltDeviceSurpriseRemoved\n"
                          "  - shutdown: {action: NdisShutdownBugCheck}\n",
                          &sc), "");
    ck_assert_str_eq(sc.name, "demo");
    ck_assert_int_eq(sc.adapters, 2);
    ck_assert_uint_eq(sc.nconfig, 2);
    ck_assert_int_eq(sc.config[0].num, 1);
    ck_assert_int_eq(sc.config[1].is_str, 1);
    ck_assert_str_eq(sc.config[1].str, "vnic");
    ck_assert_uint_eq(sc.nsteps, 7);
    ck_assert_int_eq(sc.steps[0].op, STEP_INITIALIZE);
    ck_assert_int_eq(sc.steps[0].line, 8);
    ck_assert_int_eq(sc.steps[1].op, STEP_RESTART);
    ck_assert_int_eq(sc.steps[1].null_attributes, 1);
    ck_assert_int_eq(sc.steps[1].adapter, 1);
    ck_assert_int_eq(sc.steps[2].value, 20000);
    ck_assert_int_eq(sc.steps[3].value, 4);
    ck_assert_int_eq(sc.steps[4].oid_set, 1);
    ck_assert_uint_eq(sc.steps[4].oid, 0x0001010E);
    ck_assert_int_eq(sc.steps[5].value, 3);
    ck_assert_int_eq(sc.steps[6].value, 1);
    scenario_free(&sc);
}
END_TEST

START_TEST(unknown_operation_names_its_place)
{
    scenario sc;
    const char *err = load("scenario: x\nsteps:\n  - initialize\n  - reboot\n", &sc);
    ck_assert_msg(strncmp(err, at(4, 5, "unknown operation 'reboot'"), strlen(at(4, 5, "unknown operation 'reboot'"))) == 0,
                  "got: %s", err);
}
END_TEST

START_TEST(bad_halt_action_names_its_place)
{
    scenario sc;
    const char *err = load("scenario: x\nsteps:\n  - halt: NdisHaltDeviceExploded\n", &sc);
    const char *want = at(3, 11, "unknown halt action 'NdisHaltDeviceExploded'");
    ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "got: %s", err);
}
END_TEST

START_TEST(bad_yaml_is_a_positioned_error)
{
    scenario sc;
    const char *err = load("scenario: x\nsteps: [initialize\n", &sc);
    char prefix[300];
    snprintf(prefix, sizeof(prefix), "%s:", path);
    ck_assert_msg(strncmp(err, prefix, strlen(prefix)) == 0 && strchr(err + strlen(prefix), ':'), "got: %s", err);
}
END_TEST

START_TEST(unknown_key_and_bad_adapter_are_rejected)
{
    scenario sc;
    const char *err = load("scenario: x\nstep:\n  - initialize\n", &sc);
    ck_assert_msg(strstr(err, ":2:1:") != NULL, "got: %s", err);
    err = load("scenario: x\nsteps:\n  - initialize: {adapter: 1}\n", &sc);
    ck_assert_msg(strstr(err, "adapter 1 does not exist") != NULL, "got: %s", err);
    err = load("scenario: x\nsteps:\n  - wait: soon\n", &sc);
    ck_assert_msg(strstr(err, ":3:11: expected a duration") != NULL, "got: %s", err);
}
END_TEST

START_TEST(expects_and_inject_load)
{
    scenario sc;
    ck_assert_str_eq(load("scenario: x\n"
                          "expects: {MiniportRestart: NDIS_STATUS_PENDING, MiniportInitializeEx: failure,\n"
                          "          NdisMAllocatePort: called}\n"
                          "inject: {within: MiniportInitializeEx, allocation: each}\n"
                          "steps:\n  - initialize\n", &sc), "");
    ck_assert_uint_eq(sc.nexpects, 3);
    ck_assert_str_eq(sc.expects[0].name, "MiniportRestart");
    ck_assert_int_eq(sc.expects[0].kind, EXPECT_STATUS);
    ck_assert_int_eq(sc.expects[0].status, 0x103);
    ck_assert_int_eq(sc.expects[1].kind, EXPECT_FAILURE);
    ck_assert_str_eq(sc.expects[2].name, "NdisMAllocatePort");
    ck_assert_int_eq(sc.expects[2].kind, EXPECT_CALLED);
    ck_assert_str_eq(sc.inject.within, "MiniportInitializeEx");
    ck_assert_int_eq(sc.inject.each, 1);
    scenario_free(&sc);

    ck_assert_str_eq(load("scenario: x\ninject: {within: MiniportRestart, allocation: 3}\nsteps:\n  - initialize\n",
                          &sc), "");
    ck_assert_int_eq(sc.inject.each, 0);
    ck_assert_uint_eq(sc.inject.allocation, 3);
    ck_assert_uint_eq(sc.nexpects, 0);
    scenario_free(&sc);
}
END_TEST

START_TEST(bad_expects_and_inject_name_their_place)
{
    scenario sc;
    const char *err = load("scenario: x\nexpects: {MiniportRestart: PENDING}\nsteps:\n  - initialize\n", &sc);
    ck_assert_str_eq(err, at(2, 28, "expects: 'PENDING' is not an NDIS_STATUS name, 'failure' or 'called'"));
    err = load("scenario: x\nexpects: {Restart: called}\nsteps:\n  - initialize\n", &sc);
    ck_assert_str_eq(err, at(2, 11, "expects: 'Restart' is not a callback (Miniport...) or DDI (Ndis...) name"));
    err = load("scenario: x\nexpects: {NdisMAllocatePort: failure}\nsteps:\n  - initialize\n", &sc);
    ck_assert_str_eq(err, at(2, 30, "expects: a status is expected of a callback (Miniport...), not of NdisMAllocatePort"));
    err = load("scenario: x\ninject: {allocation: 2}\nsteps:\n  - initialize\n", &sc);
    ck_assert_str_eq(err, at(2, 9, "inject: 'within' names the callback (MiniportInitializeEx, ...)"));
    err = load("scenario: x\ninject: {within: MiniportRestart, allocation: 0}\nsteps:\n  - initialize\n", &sc);
    ck_assert_str_eq(err, at(2, 47, "inject: allocation is 'each' or a number from 1, got 0"));
    err = load("scenario: x\ninject: {within: MiniportRestart, nth: 2}\nsteps:\n  - initialize\n", &sc);
    ck_assert_msg(strstr(err, "nth") != NULL, "got: %s", err);
}
END_TEST

/* A wait is at most an hour of virtual time: a longer one (found by
 * fuzz_scenario: 50444...ms overflowed into a negative wait) names its place. */
START_TEST(overlong_wait_is_rejected)
{
    scenario sc;
    ck_assert_str_eq(load("scenario: x\nsteps:\n  - wait: 3600s\n", &sc), "");
    ck_assert_int_eq(sc.steps[0].value, 3600000000LL);
    scenario_free(&sc);
    const char *err = load("scenario: x\nsteps:\n  - wait: 3601s\n", &sc);
    ck_assert_msg(strstr(err, ":3:11: expected a duration of at most 3600s (the virtual time a scenario may take), got '3601s'") != NULL,
                  "got: %s", err);
    err = load("scenario: x\nsteps:\n  - wait: 50444444444444444444444444ms\n", &sc);
    ck_assert_msg(strstr(err, ":3:11: expected a duration of at most 3600s") != NULL, "got: %s", err);
    err = load("scenario: x\nsteps:\n  - wait: 9223372036854775807s\n", &sc);
    ck_assert_msg(strstr(err, ":3:11: expected a duration of at most 3600s") != NULL, "got: %s", err);
}
END_TEST

/* The default suite needs nothing from the driver: no scenario in it sets a
 * registry keyword. */
START_TEST(default_suite_sets_no_keyword)
{
    scenario_list list;
    memset(&list, 0, sizeof(list));
    yerror err;
    ck_assert_msg(scenario_load_dir("fixtures/scenarios", &list, &err) == 0, "%s", err.text);
    ck_assert_uint_ge(list.count, 28);
    for (size_t i = 0; i < list.count; i++)
        ck_assert_msg(list.items[i].nconfig == 0, "%s sets registry keyword %s", list.items[i].name,
                      list.items[i].config[0].keyword);
    scenario_list_free(&list);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("scenario");
    TCase *tc = tcase_create("loader");
    tcase_add_test(tc, good_scenario_loads_every_step);
    tcase_add_test(tc, unknown_operation_names_its_place);
    tcase_add_test(tc, bad_halt_action_names_its_place);
    tcase_add_test(tc, bad_yaml_is_a_positioned_error);
    tcase_add_test(tc, unknown_key_and_bad_adapter_are_rejected);
    tcase_add_test(tc, expects_and_inject_load);
    tcase_add_test(tc, bad_expects_and_inject_name_their_place);
    tcase_add_test(tc, default_suite_sets_no_keyword);
    tcase_add_test(tc, overlong_wait_is_rejected);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
