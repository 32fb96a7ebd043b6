/* Test support for the direct DDI tests: see ndis_fixture.h. */
#include "ndis_fixture.h"
#include "trace/wire.h"
#include "host/host_clock.h"
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static ruleset *rules;
static char trace_path[64];
static int trace_fd = -1;

void ndis_fixture_load_tables(void)
{
    if (rules)
        return;
    yerror err;
    const char *dirs[] = { "checks" };
    rules = ruleset_load(dirs, 1, &err);
    if (!rules) {
        fprintf(stderr, "ndis_fixture: cannot load checks/: %s\n", err.text);
        exit(EXIT_FAILURE);
    }
}

void ndis_fixture_free_tables(void)
{
    ruleset_free(rules);
    rules = NULL;
}

adapter *ndis_fixture_begin(const char *inject_ddi, unsigned inject_nth)
{
    strcpy(trace_path, "/tmp/mpc_test_ndis_XXXXXX");
    trace_fd = mkstemp(trace_path);
    if (trace_fd < 0)
        return NULL;
    host_setup s = { .out_fd = trace_fd, .scenario = "test_ndis", .tables = rules ? ruleset_tables(rules) : NULL,
                     .inject_ddi = inject_ddi, .inject_nth = inject_nth };
    if (host_begin(&s) != 0)
        return NULL;
    host_clock_reset();
    return host_adapter_new();
}

void ndis_fixture_end(void)
{
    host_end();
    host_clock_reset();
    if (trace_fd >= 0) {
        close(trace_fd);
        unlink(trace_path);
    }
    trace_fd = -1;
}

/* The whole stream so far (the host's batch flushed first); caller frees. */
static uint8_t *read_stream(size_t *len)
{
    host_flush();
    off_t size = lseek(trace_fd, 0, SEEK_END);
    if (size < 0)
        return NULL;
    uint8_t *buf = malloc((size_t)size + 1);
    if (!buf)
        return NULL;
    ssize_t n = pread(trace_fd, buf, (size_t)size, 0);
    *len = n > 0 ? (size_t)n : 0;
    return buf;
}

/* Hands every event of the stream so far to take (which owns it), decoded
 * as the judge does (wire.h): a frame that fails its checks fails the test. */
static void decode_each(void (*take)(event *ev, void *ctx), void *ctx)
{
    size_t len = 0, at = 0;
    uint8_t *bytes = read_stream(&len);
    if (!bytes)
        return;
    wire_decoder d;
    wire_decoder_init(&d, 0);  /* some tests run the host's code in a child */
    for (;;) {
        event ev;
        size_t used = 0;
        wire_result r = wire_decode(&d, bytes + at, len - at, &used, &ev);
        at += used;
        ck_assert_msg(r != WIRE_UNTRUSTED, "the host's event stream does not decode: %s", d.problem);
        if (r != WIRE_EVENT)
            break;
        take(&ev, ctx);
    }
    ck_assert_msg(at == len, "the host's event stream ends inside a frame");
    wire_decoder_free(&d);
    free(bytes);
}

typedef struct {
    int kind;
    const char *name;
    event *last;
    size_t found;
} scan_ctx;

static void scan_one(event *ev, void *ctx)
{
    scan_ctx *c = ctx;
    if (strcmp(ev->name, c->name) == 0 && (c->kind < 0 || (int)ev->kind == c->kind)) {
        c->found++;
        if (c->last) {
            event_free(c->last);
            *c->last = *ev;
            return;
        }
    }
    event_free(ev);
}

/* Counts the events named name; keeps the last one in *last when given. */
static size_t scan(int kind, const char *name, event *last)
{
    scan_ctx c = { kind, name, last, 0 };
    decode_each(scan_one, &c);
    return c.found;
}

int ndis_fixture_last(const char *name, event *out)
{
    memset(out, 0, sizeof *out);
    return scan(-1, name, out) > 0;
}

void ndis_fixture_expect_fatal(pid_t child, int exit_code, const char *crash_name, event *out)
{
    int status = 0;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == exit_code, "wait status 0x%x, expected exit %d",
                  status, exit_code);
    ck_assert_msg(ndis_fixture_last_kind(EV_CRASH, crash_name, out), "no crash %s in the stream", crash_name);
}

int ndis_fixture_last_kind(event_kind kind, const char *name, event *out)
{
    memset(out, 0, sizeof *out);
    return scan((int)kind, name, out) > 0;
}

static void push_one(event *ev, void *ctx)
{
    ck_assert_int_eq(event_list_push(ctx, ev), 0);
}

void ndis_fixture_all(event_list *out)
{
    memset(out, 0, sizeof *out);
    decode_each(push_one, out);
}

size_t ndis_fixture_count(const char *name)
{
    return scan(-1, name, NULL);
}

const char *ndis_fixture_str(const event *ev, const char *key)
{
    const event_arg *a = event_arg_get(ev, key);
    return a && a->is_str && a->str ? a->str : "";
}

void ndis_fixture_expect_str(const char *name, const char *key, const char *want)
{
    event ev;
    ck_assert_msg(ndis_fixture_last(name, &ev), "no event %s", name);
    ck_assert_str_eq(ndis_fixture_str(&ev, key), want);
    event_free(&ev);
}

int64_t ndis_fixture_last_int(const char *name, const char *key, int64_t missing)
{
    event ev;
    ck_assert_msg(ndis_fixture_last(name, &ev), "no event %s", name);
    int64_t v = event_arg_int(&ev, key, missing);
    event_free(&ev);
    return v;
}

int ndis_fixture_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    ndis_fixture_free_tables();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

const char *ndis_fixture_last_ledger(const char *ddi)
{
    static char outcome[32];
    event ev;
    ck_assert_msg(ndis_fixture_last(ddi, &ev), "no %s event", ddi);
    snprintf(outcome, sizeof outcome, "%s", ndis_fixture_str(&ev, "ledger"));
    event_free(&ev);
    return outcome;
}
