/* The pause and OID rules (checks/pause.yaml, checks/oid.yaml) pinned at
 * their edges: the status lists on both sides, a completion inside and
 * outside the callback, the key (adapter or request), the size boundaries
 * of OID-BYTES-NEEDED, and the number of findings per scenario. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_builder.h"

#define BUFFER_TOO_SHORT 0xC0010016
#define INVALID_LENGTH 0xC0010014
#define NOT_SUPPORTED 0xC00000BB
#define OID_CURRENT_ADDRESS 0x01010102
#define OID_LINK_SPEED 0x00010107
#define OID_MULTICAST_LIST 0x01010103   /* variable size: not in the fixed lists */

#define only(t, id) tb_judged(t, id, 1)
#define count_of(t, id) tb_judged(t, id, 0)

/* ---- pause ---- */

static void pause_returns(trace *t, int64_t st, int complete_inside)
{
    t->state = "Pausing";
    enter(t, "MiniportPause");
    if (complete_inside)
        ddi(t, "NdisMPauseComplete");
    status(ret(t, "MiniportPause"), st);
}

static void timeout(trace *t, const char *operation)
{
    sarg(tr_push(t, EV_OP, "completion_timeout"), "operation", operation);
}

/* MINIPORT_PAUSE: a PENDING pause ends with NdisMPauseComplete; a
 * completion is NDIS's answer to that PENDING and nothing else. */
START_TEST(pause_completion_edges)
{
    trace t;
    tr_init(&t);
    pause_returns(&t, PENDING, 0);
    ddi(&t, "NdisMPauseComplete");
    ck_assert_uint_eq(only(&t, "PAUSE-PENDING-COMPLETE"), 0);

    tr_init(&t);
    pause_returns(&t, PENDING, 0);
    timeout(&t, "pause");
    ck_assert_uint_eq(count_of(&t, "PAUSE-PENDING-COMPLETE"), 1);

    tr_init(&t);                      /* another operation's timeout */
    pause_returns(&t, PENDING, 0);
    timeout(&t, "restart");
    ddi(&t, "NdisMPauseComplete");
    ck_assert_uint_eq(count_of(&t, "PAUSE-PENDING-COMPLETE"), 0);

    tr_init(&t);
    pause_returns(&t, PENDING, 1);    /* completed inside, answered PENDING */
    ck_assert_uint_eq(only(&t, "PAUSE-UNSOLICITED-COMPLETE"), 0);

    tr_init(&t);
    pause_returns(&t, SUCCESS, 1);    /* completed inside, answered SUCCESS */
    ck_assert_uint_eq(only(&t, "PAUSE-UNSOLICITED-COMPLETE"), 1);

    tr_init(&t);                      /* after SUCCESS, one per call */
    pause_returns(&t, SUCCESS, 0);
    ddi(&t, "NdisMPauseComplete");
    ddi(&t, "NdisMPauseComplete");
    ck_assert_uint_eq(only(&t, "PAUSE-UNSOLICITED-COMPLETE"), 2);

    tr_init(&t);                      /* a timed-out pause completed late */
    pause_returns(&t, PENDING, 0);
    timeout(&t, "pause");
    ddi(&t, "NdisMPauseComplete");
    ck_assert_uint_eq(count_of(&t, "PAUSE-UNSOLICITED-COMPLETE"), 1);
}
END_TEST

/* ---- OID requests ---- */

static event *oid_enter(trace *t, int64_t request, int64_t oid, int64_t length)
{
    event *e = enter(t, "MiniportOidRequest");
    arg(e, "request", request);
    arg(e, "Oid", oid);
    arg(e, "InformationBufferLength", length);
    return e;
}

static event *oid_ret(trace *t, int64_t st, int64_t bytes_needed)
{
    event *r = status(ret(t, "MiniportOidRequest"), st);
    if (bytes_needed >= 0)
        arg(r, "BytesNeeded", bytes_needed);
    return r;
}

static void oid_complete(trace *t, int64_t request, int64_t st)
{
    event *e = ddi(t, "NdisMOidRequestComplete");
    arg(e, "request", request);
    arg(e, "Status", st);
}

/* MINIPORT_RESET (002): "Otherwise, the driver should complete the pending
 * OID or send requests by calling the NdisMOidRequestComplete or
 * NdisMSendNetBufferListsComplete functions respectively before
 * MiniportResetEx returns."  PENDING ends with a completion of that
 * request; a completion of another request is unsolicited. */
START_TEST(oid_completion_edges)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0xA0, OID_LINK_SPEED, 8);
    oid_ret(&t, PENDING, -1);
    oid_complete(&t, 0xA0, SUCCESS);
    ck_assert_uint_eq(only(&t, "OID-PENDING-COMPLETE"), 0);

    tr_init(&t);
    oid_enter(&t, 0xA0, OID_LINK_SPEED, 8);
    oid_ret(&t, PENDING, -1);
    timeout(&t, "oid");
    ck_assert_uint_eq(count_of(&t, "OID-PENDING-COMPLETE"), 1);

    tr_init(&t);                      /* another operation's timeout */
    oid_enter(&t, 0xA0, OID_LINK_SPEED, 8);
    oid_ret(&t, PENDING, -1);
    timeout(&t, "pause");
    oid_complete(&t, 0xA0, SUCCESS);
    ck_assert_uint_eq(count_of(&t, "OID-PENDING-COMPLETE"), 0);

    tr_init(&t);                      /* completion of a request NDIS never passed */
    oid_enter(&t, 0xA0, OID_LINK_SPEED, 8);
    oid_ret(&t, PENDING, -1);
    oid_complete(&t, 0xB0, SUCCESS);
    oid_complete(&t, 0xA0, SUCCESS);
    ck_assert_uint_eq(count_of(&t, "OID-UNSOLICITED-COMPLETE"), 1);

    tr_init(&t);                      /* answered synchronously, then completed */
    oid_enter(&t, 0xA0, OID_LINK_SPEED, 8);
    oid_ret(&t, SUCCESS, 8);
    oid_complete(&t, 0xA0, SUCCESS);
    ck_assert_uint_eq(only(&t, "OID-UNSOLICITED-COMPLETE"), 1);

    tr_init(&t);                      /* completed inside, answered PENDING: fine */
    oid_enter(&t, 0xA0, OID_LINK_SPEED, 8);
    oid_complete(&t, 0xA0, SUCCESS);
    oid_ret(&t, PENDING, -1);
    ck_assert_uint_eq(only(&t, "OID-UNSOLICITED-COMPLETE"), 0);

    tr_init(&t);                      /* completed inside, answered SUCCESS */
    oid_enter(&t, 0xA0, OID_LINK_SPEED, 8);
    oid_complete(&t, 0xA0, SUCCESS);
    oid_ret(&t, SUCCESS, 8);
    ck_assert_uint_eq(only(&t, "OID-UNSOLICITED-COMPLETE"), 1);

    tr_init(&t);                      /* the same pointer reused for a new request */
    oid_enter(&t, 0xA0, OID_LINK_SPEED, 8);
    oid_ret(&t, PENDING, -1);
    oid_complete(&t, 0xA0, SUCCESS);
    oid_enter(&t, 0xA0, OID_LINK_SPEED, 8);
    oid_ret(&t, PENDING, -1);
    oid_complete(&t, 0xA0, SUCCESS);
    ck_assert_uint_eq(only(&t, "OID-UNSOLICITED-COMPLETE"), 0);

    tr_init(&t);                      /* a request left pending, its pointer passed again */
    oid_enter(&t, 0xA0, OID_LINK_SPEED, 8);
    oid_ret(&t, PENDING, -1);
    timeout(&t, "oid");
    oid_enter(&t, 0xA0, OID_LINK_SPEED, 8);
    oid_complete(&t, 0xA0, SUCCESS);
    oid_ret(&t, SUCCESS, 8);          /* completed inside and answered SUCCESS */
    ck_assert_uint_eq(count_of(&t, "OID-UNSOLICITED-COMPLETE"), 1);
}
END_TEST

static size_t oid_answer(int64_t oid, int64_t length, int64_t st, int64_t bytes_needed)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0xA0, oid, length);
    oid_ret(&t, st, bytes_needed);
    return count_of(&t, "OID-BYTES-NEEDED");
}

/* Seed passage "Should handle status requests in the MiniportOidRequest
 * function."; MINIPORT_OID_REQUEST: a BUFFER_TOO_SHORT / INVALID_LENGTH
 * answer sets BytesNeeded to the size needed; a fixed-size answer cannot
 * succeed in a shorter buffer. */
START_TEST(oid_bytes_needed_edges)
{
    /* short-buffer statuses: BytesNeeded 0 or the length given says nothing */
    ck_assert_uint_eq(oid_answer(OID_LINK_SPEED, 2, BUFFER_TOO_SHORT, 0), 1);
    ck_assert_uint_eq(oid_answer(OID_LINK_SPEED, 2, BUFFER_TOO_SHORT, 2), 1);
    ck_assert_uint_eq(oid_answer(OID_LINK_SPEED, 2, BUFFER_TOO_SHORT, 8), 0);
    ck_assert_uint_eq(oid_answer(OID_LINK_SPEED, 2, INVALID_LENGTH, 0), 1);
    ck_assert_uint_eq(oid_answer(OID_LINK_SPEED, 2, INVALID_LENGTH, 4), 0);
    ck_assert_uint_eq(oid_answer(OID_LINK_SPEED, 2, NOT_SUPPORTED, 0), 0);   /* not a size answer */
    /* 6-byte addresses: 5 is short, 6 fits */
    ck_assert_uint_eq(oid_answer(OID_CURRENT_ADDRESS, 5, SUCCESS, 6), 1);
    ck_assert_uint_eq(oid_answer(OID_CURRENT_ADDRESS, 6, SUCCESS, 0), 0);
    /* ULONG OIDs: 3 is short, 4 fits */
    ck_assert_uint_eq(oid_answer(OID_LINK_SPEED, 3, SUCCESS, 4), 1);
    ck_assert_uint_eq(oid_answer(OID_LINK_SPEED, 4, SUCCESS, 0), 0);
    /* a variable-size OID is judged by the first half only */
    ck_assert_uint_eq(oid_answer(OID_MULTICAST_LIST, 0, SUCCESS, 0), 0);
    /* PENDING carries no BytesNeeded: not judged at the return */
    ck_assert_uint_eq(oid_answer(OID_CURRENT_ADDRESS, 5, PENDING, -1), 0);
    /* one finding per answer */
    trace t;
    tr_init(&t);
    for (int i = 0; i < 3; i++) {
        oid_enter(&t, 0xA0 + i, OID_LINK_SPEED, 2);
        oid_ret(&t, BUFFER_TOO_SHORT, 0);
    }
    ck_assert_uint_eq(count_of(&t, "OID-BYTES-NEEDED"), 3);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rule_edges4");
    TCase *tc = tcase_create("pause_oid");
    tcase_add_checked_fixture(tc, tb_rules_load, tb_rules_unload);
    tcase_add_test(tc, pause_completion_edges);
    tcase_add_test(tc, oid_completion_edges);
    tcase_add_test(tc, oid_bytes_needed_edges);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
