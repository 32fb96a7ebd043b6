/* One test per rule: OID requests (OID-*) and the data path (SEND-*,
 * RECEIVE-*), each broken by a small synthesized trace. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules_fixture.h"

#define BUFFER_TOO_SHORT 0xC0010016

#define INVALID_LENGTH 0xC0010014

#define OID_CURRENT_ADDRESS 0x01010102

#define OID_PACKET_FILTER 0x0001010E

static event *oid_enter(trace *t, int64_t request, int64_t oid, int64_t type, int64_t length)
{
    event *e = enter(t, "MiniportOidRequest");
    arg(e, "Oid", oid);
    arg(e, "RequestType", type);
    arg(e, "InformationBufferLength", length);
    arg(e, "request", request);
    return e;
}

/* A synchronous answer carries the byte counts; a PENDING one does not. */
static event *oid_return(trace *t, int64_t st, int64_t needed)
{
    event *r = status(ret(t, "MiniportOidRequest"), st);
    if (st != PENDING) {
        arg(r, "BytesWritten", 0);
        arg(r, "BytesRead", 0);
        arg(r, "BytesNeeded", needed);
    }
    return r;
}

static void oid_complete(trace *t, int64_t request)
{
    event *c = ddi(t, "NdisMOidRequestComplete");
    arg(c, "request", request);
    arg(c, "Status", SUCCESS);
}

START_TEST(oid_pending_timeout)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 4);
    oid_return(&t, PENDING, 0);
    timeout(&t, "oid");
    expect_count(&t, "OID-PENDING-COMPLETE", 1);
}
END_TEST

START_TEST(oid_pending_end)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 4);
    oid_return(&t, PENDING, 0);
    tr_push(&t, EV_OP, "scenario_end");
    expect_count(&t, "OID-PENDING-COMPLETE", 1);
}
END_TEST

/* Pended then completed; completed inside the handler which answers PENDING;
 * answered synchronously: nothing to report. */
START_TEST(oid_completed)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 4);
    oid_return(&t, PENDING, 0);
    oid_complete(&t, 0x70000);
    oid_enter(&t, 0x71000, OID_PACKET_FILTER, 1, 4);
    oid_complete(&t, 0x71000);
    oid_return(&t, PENDING, 0);
    oid_enter(&t, 0x70000, OID_CURRENT_ADDRESS, 0, 6);
    oid_return(&t, SUCCESS, 0);
    tr_push(&t, EV_OP, "scenario_end");
    expect_only(&t, NULL);
}
END_TEST

/* A completion naming a request other than the pending one. */
START_TEST(oid_unsolicited_other_request)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 4);
    oid_return(&t, PENDING, 0);
    oid_complete(&t, 0x7F000);
    expect_count(&t, "OID-UNSOLICITED-COMPLETE", 1);
}
END_TEST

START_TEST(oid_unsolicited_second)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 4);
    oid_return(&t, PENDING, 0);
    oid_complete(&t, 0x70000);
    oid_complete(&t, 0x70000);
    expect_count(&t, "OID-UNSOLICITED-COMPLETE", 1);
}
END_TEST

/* Completed inside MiniportOidRequest, which then answers synchronously. */
START_TEST(oid_unsolicited_synchronous)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 4);
    oid_complete(&t, 0x70000);
    oid_return(&t, SUCCESS, 0);
    expect_count(&t, "OID-UNSOLICITED-COMPLETE", 1);
}
END_TEST

START_TEST(oid_bytes_needed_unset)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_CURRENT_ADDRESS, 0, 2);
    oid_return(&t, BUFFER_TOO_SHORT, 0);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 2);
    oid_return(&t, INVALID_LENGTH, 2);
    expect_count(&t, "OID-BYTES-NEEDED", 2);
}
END_TEST

/* SUCCESS for a 6-byte address in a 2-byte buffer, and for a ULONG OID in 3 bytes. */
START_TEST(oid_bytes_needed_short_success)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_CURRENT_ADDRESS, 0, 2);
    oid_return(&t, SUCCESS, 0);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 3);
    oid_return(&t, SUCCESS, 0);
    expect_count(&t, "OID-BYTES-NEEDED", 2);
}
END_TEST

START_TEST(oid_bytes_needed_correct)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_CURRENT_ADDRESS, 0, 2);
    oid_return(&t, BUFFER_TOO_SHORT, 6);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 2);
    oid_return(&t, INVALID_LENGTH, 4);
    oid_enter(&t, 0x70000, OID_CURRENT_ADDRESS, 0, 6);
    oid_return(&t, SUCCESS, 0);
    oid_enter(&t, 0x70000, 0x00FF0000, 0, 2);   /* an OID of unknown size */
    oid_return(&t, SUCCESS, 0);
    expect_only(&t, NULL);
}
END_TEST

static event *send_complete(trace *t, int64_t count, int64_t doubled, int64_t foreign, int64_t wrong)
{
    event *c = ddi(t, "NdisMSendNetBufferListsComplete");
    arg(c, "nbl", 0x90000);
    arg(c, "count", count);
    arg(c, "double", doubled);
    arg(c, "foreign", foreign);
    arg(c, "wrong_adapter", wrong);
    return c;
}

START_TEST(send_complete_once)
{
    trace t;
    tr_init(&t);
    send_complete(&t, 4, 0, 0, 0);
    send_complete(&t, 3, 3, 0, 0);
    send_complete(&t, 0, 0, 1, 0);
    send_complete(&t, 2, 0, 0, 2);
    send_complete(&t, 2, 1, 1, 1);   /* one finding per call */
    expect_count(&t, "SEND-COMPLETE-ONCE", 4);
}
END_TEST

START_TEST(send_not_completed)
{
    trace t;
    tr_init(&t);
    t.state = "Paused";
    event *o = tr_push(&t, EV_OP, "completion_timeout");
    sarg(o, "operation", "send");
    arg(o, "outstanding", 4);
    expect_count(&t, "SEND-NOT-COMPLETED", 1);
}
END_TEST

static void indicate(trace *t, int64_t held, int64_t foreign)
{
    event *e = ddi(t, "NdisMIndicateReceiveNetBufferLists");
    arg(e, "nbl", 0xA0000);
    arg(e, "count", 1);
    arg(e, "foreign", foreign);
    arg(e, "already_held", held);
}

START_TEST(receive_indicate_owned)
{
    trace t;
    tr_init(&t);
    indicate(&t, 0, 0);
    indicate(&t, 1, 0);
    indicate(&t, 0, 1);
    indicate(&t, 0, 0);
    expect_count(&t, "RECEIVE-INDICATE-OWNED", 2);
}
END_TEST

static Suite *rules_oid_data_suite(void)
{
    Suite *s = suite_create("rules_oid_data");
    TCase *per_rule = tcase_create("per_rule");
    tcase_add_checked_fixture(per_rule, load_checks, unload_checks);
    tcase_add_test(per_rule, oid_pending_timeout);
    tcase_add_test(per_rule, oid_pending_end);
    tcase_add_test(per_rule, oid_completed);
    tcase_add_test(per_rule, oid_unsolicited_other_request);
    tcase_add_test(per_rule, oid_unsolicited_second);
    tcase_add_test(per_rule, oid_unsolicited_synchronous);
    tcase_add_test(per_rule, oid_bytes_needed_unset);
    tcase_add_test(per_rule, oid_bytes_needed_short_success);
    tcase_add_test(per_rule, oid_bytes_needed_correct);
    tcase_add_test(per_rule, send_complete_once);
    tcase_add_test(per_rule, send_not_completed);
    tcase_add_test(per_rule, receive_indicate_owned);
    suite_add_tcase(s, per_rule);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rules_oid_data_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
