/* The restart rules (checks/restart.yaml) pinned at their edges: each
 * boundary on both sides, the state and status lists, supersedes, and the
 * number of findings per scenario.  Each test quotes the sentence of
 * MINIPORT_RESTART callback function (ndis.h) the rule enforces. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_builder.h"

/* Evaluates t (freed): the findings of id, and the total in *total. */
static size_t findings(trace *t, const char *id, size_t *total)
{
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t->list, &out), 0);
    size_t n = tb_count(&out, id);
    if (getenv("EDGES_DEBUG"))
        for (size_t i = 0; i < out.count; i++)
            fprintf(stderr, "%s: %s\n", out.items[i].rule_id, out.items[i].message);
    if (total)
        *total = out.count;
    violation_list_free(&out);
    trace_free(t);
    return n;
}

/* The findings of id; asserts no other rule reported anything. */
static size_t only(trace *t, const char *id)
{
    size_t total = 0;
    size_t n = findings(t, id, &total);
    ck_assert_uint_eq(total, n);
    return n;
}

/* MiniportRestart answered st; attrs < 0 leaves the attribute arguments out. */
static event *restart(trace *t, int64_t st, int64_t attrs, int modified, int from_ndis)
{
    t->state = "Restarting";
    enter(t, "MiniportRestart");
    event *r = status(ret(t, "MiniportRestart"), st);
    if (attrs >= 0) {
        arg(r, "RestartAttributes", attrs);
        arg(r, "RestartAttributesModified", modified);
        arg(r, "RestartAttributesFromNdis", from_ndis);
    }
    t->state = st == SUCCESS ? "Running" : st == PENDING ? "Restarting" : "Paused";
    return r;
}

static void restart_complete(trace *t, int64_t st)
{
    arg(ddi(t, "NdisMRestartComplete"), "Status", st);
    t->state = st == SUCCESS ? "Running" : "Paused";
}

static void errorlog(trace *t)
{
    ddi(t, "NdisWriteErrorLogEntry");
}

/* "None of the preceding status values applies. In this situation, the
 * driver should call the NdisWriteErrorLogEntry function with parameters
 * that specify the reason for the failure." (NDIS_STATUS_RESOURCES is one
 * of the preceding values.) */
START_TEST(restart_errorlog_edges)
{
    trace t;
    tr_init(&t);
    restart(&t, FAILURE, -1, 0, 0);
    ck_assert_uint_eq(only(&t, "RESTART-ERRORLOG"), 1);
    tr_init(&t);
    restart(&t, RESOURCES, -1, 0, 0);           /* a listed value: no log needed */
    ck_assert_uint_eq(only(&t, "RESTART-ERRORLOG"), 0);
    tr_init(&t);
    t.state = "Restarting";
    enter(&t, "MiniportRestart");
    errorlog(&t);
    status(ret(&t, "MiniportRestart"), FAILURE);
    ck_assert_uint_eq(only(&t, "RESTART-ERRORLOG"), 0);
    tr_init(&t);
    restart(&t, SUCCESS, -1, 0, 0);
    ck_assert_uint_eq(only(&t, "RESTART-ERRORLOG"), 0);
    /* pended, then completed with a failure */
    tr_init(&t);
    restart(&t, PENDING, -1, 0, 0);
    restart_complete(&t, FAILURE);
    ck_assert_uint_eq(only(&t, "RESTART-ERRORLOG"), 1);
    tr_init(&t);
    restart(&t, PENDING, -1, 0, 0);
    restart_complete(&t, RESOURCES);
    ck_assert_uint_eq(only(&t, "RESTART-ERRORLOG"), 0);
    tr_init(&t);
    restart(&t, PENDING, -1, 0, 0);
    errorlog(&t);
    restart_complete(&t, FAILURE);
    ck_assert_uint_eq(only(&t, "RESTART-ERRORLOG"), 0);
    /* one finding per failed restart */
    tr_init(&t);
    restart(&t, FAILURE, -1, 0, 0);
    restart(&t, FAILURE, -1, 0, 0);
    ck_assert_uint_eq(only(&t, "RESTART-ERRORLOG"), 2);
}
END_TEST

/* "The miniport driver must call the NdisMRestartComplete function when
 * the operation is complete." and "If the driver returns
 * NDIS_STATUS_PENDING, it can continue restart operations. The restart
 * operation is complete after the driver calls the NdisMRestartComplete
 * function." */
START_TEST(restart_completion_edges)
{
    trace t;
    tr_init(&t);
    restart(&t, PENDING, -1, 0, 0);
    restart_complete(&t, SUCCESS);
    ck_assert_uint_eq(only(&t, "RESTART-PENDING-COMPLETE"), 0);

    tr_init(&t);
    restart(&t, PENDING, -1, 0, 0);
    sarg(tr_push(&t, EV_OP, "completion_timeout"), "operation", "restart");
    size_t total;
    ck_assert_uint_eq(findings(&t, "RESTART-PENDING-COMPLETE", &total), 1);

    tr_init(&t);                                 /* another operation's timeout */
    restart(&t, PENDING, -1, 0, 0);
    sarg(tr_push(&t, EV_OP, "completion_timeout"), "operation", "reset");
    restart_complete(&t, SUCCESS);
    ck_assert_uint_eq(findings(&t, "RESTART-PENDING-COMPLETE", &total), 0);

    tr_init(&t);                                 /* completed inside, answered PENDING */
    t.state = "Restarting";
    enter(&t, "MiniportRestart");
    restart_complete(&t, SUCCESS);
    status(ret(&t, "MiniportRestart"), PENDING);
    ck_assert_uint_eq(only(&t, "RESTART-UNSOLICITED-COMPLETE"), 0);

    tr_init(&t);                                 /* completed inside, answered SUCCESS */
    t.state = "Restarting";
    enter(&t, "MiniportRestart");
    restart_complete(&t, SUCCESS);
    status(ret(&t, "MiniportRestart"), SUCCESS);
    ck_assert_uint_eq(only(&t, "RESTART-UNSOLICITED-COMPLETE"), 1);

    tr_init(&t);                                 /* after SUCCESS: each call is one */
    restart(&t, SUCCESS, -1, 0, 0);
    restart_complete(&t, SUCCESS);
    restart_complete(&t, SUCCESS);
    ck_assert_uint_eq(only(&t, "RESTART-UNSOLICITED-COMPLETE"), 2);
}
END_TEST

/* "If the pointer in RestartAttributes is NULL, the miniport driver should
 * not modify or add to the restart attributes list." and "the miniport
 * driver must allocate a new NDIS_RESTART_ATTRIBUTES structure--for
 * example, with the NdisAllocateMemoryWithTagPriority function". */
START_TEST(restart_attributes_edges)
{
    trace t;
    tr_init(&t);
    restart(&t, SUCCESS, 0, 0, 1);               /* NULL, untouched */
    ck_assert_uint_eq(only(&t, "RESTART-NULL-ATTRIBUTES"), 0);
    tr_init(&t);
    restart(&t, SUCCESS, 0, 1, 1);               /* NULL, modified */
    ck_assert_uint_eq(only(&t, "RESTART-NULL-ATTRIBUTES"), 1);
    tr_init(&t);                                 /* NULL, modified with foreign memory: one rule */
    restart(&t, SUCCESS, 0, 1, 0);
    ck_assert_uint_eq(only(&t, "RESTART-NULL-ATTRIBUTES"), 1);
    tr_init(&t);
    restart(&t, SUCCESS, 0x100, 1, 1);           /* a list, extended with NDIS memory */
    ck_assert_uint_eq(only(&t, "RESTART-ATTRIBUTES-ALLOCATOR"), 0);
    tr_init(&t);
    restart(&t, SUCCESS, 0x100, 1, 0);           /* ... with other memory */
    ck_assert_uint_eq(only(&t, "RESTART-ATTRIBUTES-ALLOCATOR"), 1);
}
END_TEST

/* "If a miniport driver does not restart, it should not modify any
 * attributes." */
START_TEST(restart_failed_no_modify_edges)
{
    size_t total;
    trace t;
    tr_init(&t);
    restart(&t, FAILURE, 0x100, 1, 1);
    ck_assert_uint_eq(findings(&t, "RESTART-FAILED-NO-MODIFY", &total), 1);
    tr_init(&t);
    restart(&t, FAILURE, 0x100, 0, 1);           /* failed, untouched */
    ck_assert_uint_eq(findings(&t, "RESTART-FAILED-NO-MODIFY", &total), 0);
    tr_init(&t);
    restart(&t, SUCCESS, 0x100, 1, 1);           /* modified, restarted */
    ck_assert_uint_eq(only(&t, "RESTART-FAILED-NO-MODIFY"), 0);
    tr_init(&t);
    restart(&t, PENDING, 0x100, 1, 1);
    restart_complete(&t, FAILURE);
    ck_assert_uint_eq(findings(&t, "RESTART-FAILED-NO-MODIFY", &total), 1);
    tr_init(&t);
    restart(&t, PENDING, 0x100, 1, 1);
    restart_complete(&t, SUCCESS);
    ck_assert_uint_eq(only(&t, "RESTART-FAILED-NO-MODIFY"), 0);
}
END_TEST

static void receive(trace *t)
{
    arg(ddi(t, "NdisMIndicateReceiveNetBufferLists"), "nbl", 0x8000);
}

/* "In this situation, the driver must stop any send or receive operations
 * that were started and then return to the Paused state."  A receive after
 * a failed restart is that rule only (it supersedes
 * ADAPTER-NO-RECEIVE-PAUSED), once per failure. */
START_TEST(restart_failed_stops_io_edges)
{
    trace t;
    tr_init(&t);
    restart(&t, FAILURE, -1, 0, 0);
    receive(&t);
    size_t total;
    ck_assert_uint_eq(findings(&t, "RESTART-FAILED-STOPS-IO", &total), 1);
    ck_assert_uint_eq(total, 2);                 /* + RESTART-ERRORLOG, no NO-RECEIVE-PAUSED */

    /* a second receive: STOPS-IO reports once per failure, so that one
     * is the Paused adapter's rule again */
    tr_init(&t);
    restart(&t, FAILURE, -1, 0, 0);
    receive(&t);
    receive(&t);
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t.list, &out), 0);
    ck_assert_uint_eq(tb_count(&out, "RESTART-FAILED-STOPS-IO"), 1);
    ck_assert_uint_eq(tb_count(&out, "ADAPTER-NO-RECEIVE-PAUSED"), 1);
    ck_assert_uint_eq(tb_count(&out, "RESTART-ERRORLOG"), 1);
    ck_assert_uint_eq(out.count, 3);
    violation_list_free(&out);
    trace_free(&t);

    tr_init(&t);
    restart(&t, PENDING, -1, 0, 0);
    restart_complete(&t, FAILURE);
    receive(&t);
    ck_assert_uint_eq(findings(&t, "RESTART-FAILED-STOPS-IO", &total), 1);

    tr_init(&t);                                 /* NDIS restarts it again: receives are fine */
    restart(&t, FAILURE, -1, 0, 0);
    restart(&t, SUCCESS, -1, 0, 0);
    receive(&t);
    ck_assert_uint_eq(findings(&t, "RESTART-FAILED-STOPS-IO", &total), 0);

    tr_init(&t);                                 /* a receive during a pended restart */
    restart(&t, PENDING, -1, 0, 0);
    receive(&t);
    restart_complete(&t, SUCCESS);
    ck_assert_uint_eq(only(&t, "RESTART-FAILED-STOPS-IO"), 0);
}
END_TEST

/* MINIPORT_PAUSE / 001: "The miniport driver can resume indicating received
 * packets for the miniport adapter immediately after NDIS calls
 * MiniportRestart and before the driver calls NdisMRestartComplete."; a
 * paused adapter does not indicate receives.  State list: Paused,
 * Initializing, Shutdown. */
START_TEST(no_receive_paused_state_list)
{
    static const struct { const char *state; size_t findings; } cases[] = {
        { "Running", 0 }, { "Restarting", 0 }, { "Pausing", 0 },
        { "Paused", 1 }, { "Initializing", 1 }, { "Shutdown", 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        trace t;
        tr_init(&t);
        t.state = cases[i].state;
        receive(&t);
        receive(&t);
        ck_assert_msg(only(&t, "ADAPTER-NO-RECEIVE-PAUSED") == 2 * cases[i].findings, "%s", cases[i].state);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rule_edges3");
    TCase *tc = tcase_create("restart");
    tcase_add_checked_fixture(tc, tb_rules_load, tb_rules_unload);
    tcase_add_test(tc, restart_errorlog_edges);
    tcase_add_test(tc, restart_completion_edges);
    tcase_add_test(tc, restart_attributes_edges);
    tcase_add_test(tc, restart_failed_no_modify_edges);
    tcase_add_test(tc, restart_failed_stops_io_edges);
    tcase_add_test(tc, no_receive_paused_state_list);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
