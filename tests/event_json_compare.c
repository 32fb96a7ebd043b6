/* See event_json_compare.h. */
#include "event_json_compare.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* a and b hold the same event, field by field; what names the line. */
void assert_same_event(const event *a, const event *b, const char *what)
{
    ck_assert_msg(a->index == b->index && a->kind == b->kind && same_text(a->name, b->name) &&
                      same_text(a->scenario, b->scenario) && a->adapter == b->adapter &&
                      same_text(a->callback, b->callback) && same_text(a->state, b->state) && a->irql == b->irql &&
                      a->time_us == b->time_us && a->has_status == b->has_status && a->status == b->status &&
                      a->thread == b->thread && a->pid == b->pid,
                  "scalar fields differ: %s", what);
    ck_assert_msg(a->stack_depth == b->stack_depth, "stack depth differs: %s", what);
    for (size_t i = 0; i < a->stack_depth; i++)
        ck_assert_msg(same_text(a->stack[i], b->stack[i]), "stack[%zu] differs: %s", i, what);
    ck_assert_msg(a->nargs == b->nargs, "argument count differs: %s", what);
    for (size_t i = 0; i < a->nargs; i++) {
        const event_arg *x = &a->args[i], *y = &b->args[i];
        ck_assert_msg(same_text(x->key, y->key) && x->is_str == y->is_str && x->num == y->num &&
                          same_text(x->str, y->str),
                      "argument %zu differs: %s", i, what);
    }
    ck_assert_msg(a->bt.count == b->bt.count, "frame count differs: %s", what);
    for (size_t i = 0; i < a->bt.count; i++) {
        const frame *x = &a->bt.frames[i], *y = &b->bt.frames[i];
        ck_assert_msg(x->pc == y->pc && x->offset == y->offset && same_text(x->module, y->module) &&
                          same_text(x->function, y->function) && same_text(x->file, y->file) && x->line == y->line,
                      "frame %zu differs: %s", i, what);
    }
}

/* Reads line both ways and through event_from_json: the same outcome, the
 * same event or error text; an event read is then written alike both ways.
 * 1 when the fast path decoded it. */
int assert_read_alike(const char *line)
{
    event ref, fast, both;
    char ref_err[512] = "", both_err[512] = "";
    int ref_rc = event_from_json_reference(line, &ref, ref_err, sizeof ref_err);
    int plain = event_from_json_plain(line, &fast);
    int both_rc = event_from_json(line, &both, both_err, sizeof both_err);
    ck_assert_msg(both_rc == ref_rc, "event_from_json says %d, jansson %d (%s): %s", both_rc, ref_rc, ref_err, line);
    if (ref_rc != 0) {
        ck_assert_msg(!plain, "the fast path took a line jansson refuses (%s): %s", ref_err, line);
        ck_assert_str_eq(both_err, ref_err);
        return 0;
    }
    if (plain) {
        assert_same_event(&ref, &fast, line);
        event_free(&fast);
    }
    assert_same_event(&ref, &both, line);
    assert_written_alike(&ref);
    event_free(&ref);
    event_free(&both);
    return plain;
}

/* ev written both ways: the same bytes. 1 when the fast path wrote it. */
int assert_written_alike(const event *ev)
{
    char *ref = event_to_json_reference(ev);
    ck_assert_ptr_nonnull(ref);
    json_text fast = { 0 }, both = { 0 };
    int plain = event_json_append_plain(&fast, ev);
    ck_assert_int_ge(plain, 0);
    ck_assert_int_eq(event_json_append(&both, ev), 0);
    size_t n = strlen(ref);
    ck_assert_msg(both.len == n + 1 && memcmp(both.text, ref, n) == 0 && both.text[n] == '\n',
                  "event_json_append wrote %.*s, jansson %s", (int)both.len, both.text, ref);
    if (plain)
        ck_assert_msg(fast.len == n + 1 && memcmp(fast.text, ref, n) == 0 && fast.text[n] == '\n',
                      "the fast path wrote %.*s, jansson %s", (int)fast.len, fast.text, ref);
    else
        ck_assert_uint_eq(fast.len, 0);
    free(ref);
    free(fast.text);
    free(both.text);
    return plain;
}

/* printable ASCII without a backslash: the lines the fast path is for */
int plain_bytes(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e || *s == '\\')
            return 0;
    return 1;
}

const char plain_line[] =
    "{\"i\":1,\"scenario\":\"s\",\"kind\":\"ddi\",\"name\":\"NdisMSleep\",\"adapter\":0,\"callback\":\"\","
    "\"stack\":[\"A\",\"B\"],\"state\":\"Running\",\"irql\":0,\"time\":5,\"status\":0,\"args\":{\"k\":1,\"s\":\"x\"},"
    "\"bt\":[{\"pc\":1,\"offset\":2,\"module\":\"m\",\"function\":\"f\",\"file\":\"c.c\",\"line\":3}],"
    "\"thread\":1,\"pid\":2}";
