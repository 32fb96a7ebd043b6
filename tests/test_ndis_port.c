/* NdisMAllocatePort / NdisMNetPnPEvent / NdisMFreePort answers (seed 003),
 * run against the real host state with events going to a temporary file. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "host/ndis/ndis_internal.h"
#include "host/host_state.h"
#include "trace/wire.h"

static adapter *a;
static char trace_path[] = "/tmp/mpc_test_port_XXXXXX";
static int trace_fd = -1;

static void setup(void)
{
    trace_fd = mkstemp(trace_path);
    ck_assert_int_ge(trace_fd, 0);
    host_setup s = { .out_fd = trace_fd, .scenario = "test_ndis_port" };
    ck_assert_int_eq(host_begin(&s), 0);
    a = host_adapter_new();
    ck_assert_ptr_nonnull(a);
}

static void teardown(void)
{
    host_end();
    close(trace_fd);
    unlink(trace_path);
    strcpy(trace_path, "/tmp/mpc_test_port_XXXXXX");
}

static NDIS_PORT_NUMBER allocate(void)
{
    NDIS_PORT_CHARACTERISTICS pc;
    memset(&pc, 0, sizeof pc);
    pc.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    pc.Header.Revision = NDIS_PORT_CHARACTERISTICS_REVISION_1;
    pc.Header.Size = NDIS_SIZEOF_PORT_CHARACTERISTICS_REVISION_1;
    ck_assert_int_eq(NdisMAllocatePort(a, &pc), NDIS_STATUS_SUCCESS);
    return pc.PortNumber;
}

static NDIS_STATUS pnp(NDIS_PORT_NUMBER port, NET_PNP_EVENT_CODE code)
{
    NET_PNP_EVENT_NOTIFICATION n;
    memset(&n, 0, sizeof n);
    n.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    n.Header.Revision = NET_PNP_EVENT_NOTIFICATION_REVISION_1;
    n.Header.Size = NDIS_SIZEOF_NET_PNP_EVENT_NOTIFICATION_REVISION_1;
    n.PortNumber = port;
    n.NetPnPEvent.NetEvent = code;
    return NdisMNetPnPEvent(a, &n);
}

START_TEST(test_invalid_data)
{
    ck_assert_int_eq(NdisMFreePort(a, 0), NDIS_STATUS_INVALID_DATA);
    ck_assert_int_eq(NdisMFreePort(a, 0x1000000), NDIS_STATUS_INVALID_DATA);
    ck_assert_int_eq(NdisMFreePort(a, 0xFFFFFFFFu), NDIS_STATUS_INVALID_DATA);
}
END_TEST

START_TEST(test_invalid_port)
{
    ck_assert_int_eq(NdisMFreePort(a, 5), NDIS_STATUS_INVALID_PORT);
    ck_assert_int_eq(NdisMFreePort(a, 0xFFFFFF), NDIS_STATUS_INVALID_PORT);
    NDIS_PORT_NUMBER p = allocate();
    ck_assert_int_eq(NdisMFreePort(a, p), NDIS_STATUS_SUCCESS);
    ck_assert_int_eq(NdisMFreePort(a, p), NDIS_STATUS_INVALID_PORT);   /* double free */
}
END_TEST

START_TEST(test_activated_port_state)
{
    NDIS_PORT_NUMBER p = allocate();
    ck_assert_uint_eq(p, 1);
    ck_assert_int_eq(pnp(p, NetEventPortActivation), NDIS_STATUS_SUCCESS);
    ck_assert_int_eq(NdisMFreePort(a, p), NDIS_STATUS_INVALID_PORT_STATE);
    ck_assert_int_eq(pnp(p, NetEventPortDeactivation), NDIS_STATUS_SUCCESS);
    ck_assert_int_eq(NdisMFreePort(a, p), NDIS_STATUS_SUCCESS);
}
END_TEST

/* Activation links NDIS_PORT structures; deactivation passes an array of
 * port numbers with PortNumber 0 ("Deactivating an NDIS Port"). */
static NDIS_STATUS pnp_buffer(NET_PNP_EVENT_CODE code, void *buffer, ULONG length)
{
    NET_PNP_EVENT_NOTIFICATION n;
    memset(&n, 0, sizeof n);
    n.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    n.Header.Revision = NET_PNP_EVENT_NOTIFICATION_REVISION_1;
    n.Header.Size = NDIS_SIZEOF_NET_PNP_EVENT_NOTIFICATION_REVISION_1;
    n.PortNumber = NDIS_DEFAULT_PORT_NUMBER;
    n.NetPnPEvent.NetEvent = code;
    n.NetPnPEvent.Buffer = buffer;
    n.NetPnPEvent.BufferLength = length;
    return NdisMNetPnPEvent(a, &n);
}

START_TEST(test_port_lists)
{
    NDIS_PORT_NUMBER p1 = allocate(), p2 = allocate();
    NDIS_PORT list[2];
    memset(list, 0, sizeof list);
    list[0].Next = &list[1];
    list[0].PortCharacteristics.PortNumber = p1;
    list[1].PortCharacteristics.PortNumber = p2;
    ck_assert_int_eq(pnp_buffer(NetEventPortActivation, list, sizeof(NDIS_PORT)), NDIS_STATUS_SUCCESS);
    /* both are active: the second one of the list too */
    ck_assert_int_eq(NdisMFreePort(a, p2), NDIS_STATUS_INVALID_PORT_STATE);
    NDIS_PORT_NUMBER numbers[2] = { p1, p2 };
    ck_assert_int_eq(pnp_buffer(NetEventPortDeactivation, numbers, sizeof numbers), NDIS_STATUS_SUCCESS);
    ck_assert_int_eq(NdisMFreePort(a, p2), NDIS_STATUS_SUCCESS);
    ck_assert_int_eq(NdisMFreePort(a, p1), NDIS_STATUS_SUCCESS);
}
END_TEST

START_TEST(test_lowest_number_reused)
{
    NDIS_PORT_NUMBER p1 = allocate(), p2 = allocate(), p3 = allocate();
    ck_assert_uint_eq(p1, 1);
    ck_assert_uint_eq(p2, 2);
    ck_assert_uint_eq(p3, 3);
    ck_assert_int_eq(NdisMFreePort(a, p2), NDIS_STATUS_SUCCESS);
    ck_assert_uint_eq(allocate(), 2);
    ck_assert_uint_eq(allocate(), 4);
}
END_TEST

START_TEST(test_bogus_adapter_handle)
{
    int not_an_adapter = 0;
    ck_assert_int_ne(NdisMFreePort(&not_an_adapter, 1), NDIS_STATUS_SUCCESS);
    ck_assert_int_ne(NdisMFreePort(NULL, 1), NDIS_STATUS_SUCCESS);
}
END_TEST

START_TEST(test_event_emitted)
{
    ck_assert_int_eq(NdisMFreePort(a, 7), NDIS_STATUS_INVALID_PORT);
    host_flush();
    uint8_t buf[8192];
    ssize_t n = pread(trace_fd, buf, sizeof buf, 0);
    ck_assert_int_gt(n, 0);
    /* decoded as the judge does (trace/wire.h) */
    wire_decoder d;
    wire_decoder_init(&d, getpid());
    event ev;
    size_t used = 0;
    ck_assert_int_eq(wire_decode(&d, buf, (size_t)n, &used, &ev), WIRE_EVENT);
    ck_assert_str_eq(ev.name, "NdisMFreePort");
    ck_assert_int_eq(event_arg_int(&ev, "PortNumber", -1), 7);
    event_free(&ev);
    wire_decoder_free(&d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ndis_port");
    TCase *tc = tcase_create("NdisMFreePort");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_invalid_data);
    tcase_add_test(tc, test_invalid_port);
    tcase_add_test(tc, test_activated_port_state);
    tcase_add_test(tc, test_lowest_number_reused);
    tcase_add_test(tc, test_port_lists);
    tcase_add_test(tc, test_bogus_adapter_handle);
    tcase_add_test(tc, test_event_emitted);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
