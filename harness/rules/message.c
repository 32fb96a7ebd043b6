/* Message templates: "{name} returned {status}" with the offending event's
 * fields, resource fields and analysis details filled in.  "{{" is a brace. */
#include "rule_model.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../trace/backtrace.h"

static const char *const extra_names[] = {
    "resource.kind", "resource.handle", "resource.alloc_ddi", "resource.free_ddi",
    "resource.callback", "resource.state", "resource.id", "origin", "key", "monitor.state",
    "detail", "max_irql", NULL
};

#define RESOURCE_ARG "resource.arg."

static int placeholder_known(const char *name)
{
    if (strncmp(name, RESOURCE_ARG, strlen(RESOURCE_ARG)) == 0)
        return name[strlen(RESOURCE_ARG)] != '\0';
    field_ref f;
    if (field_parse(name, &f) == 0) {
        free(f.arg);
        return 1;
    }
    for (const char *const *e = extra_names; *e; e++)
        if (strcmp(*e, name) == 0)
            return 1;
    return 0;
}

int message_check(const char *tmpl, const ynode *where, yerror *err)
{
    for (const char *p = tmpl; *p; p++) {
        if (*p == '{' && p[1] == '{') {
            p++;
            continue;
        }
        if (*p == '}' && p[1] == '}') {
            p++;
            continue;
        }
        if (*p == '}')
            return yerr_at(err, where, "message: '}' without '{' (write '}}' for a brace)");
        if (*p != '{')
            continue;
        const char *end = strchr(p, '}');
        if (!end)
            return yerr_at(err, where, "message: unterminated placeholder '%s'", p);
        char name[128];
        size_t n = (size_t)(end - p - 1);
        if (n == 0 || n >= sizeof name)
            return yerr_at(err, where, "message: bad placeholder '%.*s'", (int)(end - p + 1), p);
        memcpy(name, p + 1, n);
        name[n] = '\0';
        if (!placeholder_known(name))
            return yerr_at(err, where,
                           "message: unknown placeholder '{%s}' (event fields, arg.X, resource.kind, "
                           "resource.handle, resource.alloc_ddi, resource.free_ddi, resource.callback, "
                           "resource.state, resource.id, resource.arg.X, origin, key, monitor.state, detail, "
                           "max_irql)",
                           name);
        p = end;
    }
    return 0;
}

static const char *first_function(const backtrace_t *bt)
{
    for (size_t i = 0; bt && i < bt->count; i++)
        if (bt->frames[i].function)
            return bt->frames[i].function;
    return NULL;
}

static void fill_one(const char *name, const message_ctx *ctx, char *buf, size_t len)
{
    const ledger_record *r = ctx->res;
    snprintf(buf, len, "?");
    if (strncmp(name, RESOURCE_ARG, strlen(RESOURCE_ARG)) == 0) {
        /* an argument of the allocating event, formatted as {arg.X} is */
        field_ref f = { .id = F_ARG, .arg = (char *)(name + strlen(RESOURCE_ARG)) };
        if (ctx->res_ev)
            format_value_of(ctx->res_ev, &f, buf, len);
        return;
    }
    if (strncmp(name, "resource.", 9) == 0) {
        if (!r)
            return;
        const char *k = name + 9;
        if (strcmp(k, "kind") == 0)
            snprintf(buf, len, "%s", r->kind ? r->kind->kind : "?");
        else if (strcmp(k, "handle") == 0)
            snprintf(buf, len, "0x%" PRIx64, r->handle);
        else if (strcmp(k, "alloc_ddi") == 0)
            snprintf(buf, len, "%s", r->alloc_ddi ? r->alloc_ddi : "?");
        else if (strcmp(k, "free_ddi") == 0)
            snprintf(buf, len, "%s", r->free_ddi ? r->free_ddi : "(not released)");
        else if (strcmp(k, "callback") == 0)
            snprintf(buf, len, "%s", r->callback && *r->callback ? r->callback : "(no callback)");
        else if (strcmp(k, "state") == 0)
            snprintf(buf, len, "%s", r->state ? r->state : "?");
        else if (strcmp(k, "id") == 0)
            snprintf(buf, len, "%" PRIu64, r->id);
        return;
    }
    if (strcmp(name, "origin") == 0) {
        /* The miniport's frame that allocated it, as "function (file:line)". */
        backtrace_t bt = { NULL, 0 };
        if (r && r->bt.count && backtrace_copy(&bt, &r->bt) == 0)
            backtrace_symbolize(&bt);
        const char *fn = first_function(&bt);
        for (size_t i = 0; fn && i < bt.count; i++)
            if (bt.frames[i].function) {
                frame_describe(&bt.frames[i], buf, len);
                break;
            }
        backtrace_free(&bt);
        if (fn)
            return;
        if (r && r->callback && *r->callback)
            snprintf(buf, len, "%s", r->callback);
        else
            snprintf(buf, len, "(unknown)");
        return;
    }
    if (strcmp(name, "key") == 0) {
        snprintf(buf, len, "%s", ctx->key ? ctx->key : "?");
        return;
    }
    if (strcmp(name, "monitor.state") == 0) {
        snprintf(buf, len, "%s", ctx->mstate ? ctx->mstate : "?");
        return;
    }
    if (strcmp(name, "detail") == 0) {
        snprintf(buf, len, "%s", ctx->detail ? ctx->detail : "");
        return;
    }
    if (strcmp(name, "max_irql") == 0) {
        snprintf(buf, len, "%s", irql_name(ctx->max_irql));
        return;
    }
    field_ref f;
    if (ctx->ev && field_parse(name, &f) == 0) {
        format_value_of(ctx->ev, &f, buf, len);
        free(f.arg);
    }
}

char *message_fill(const char *tmpl, const message_ctx *ctx)
{
    size_t cap = strlen(tmpl) + 64, len = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *p = tmpl; *p; p++) {
        char piece[512];
        const char *add = piece;
        size_t n;
        if ((*p == '{' && p[1] == '{') || (*p == '}' && p[1] == '}')) {
            piece[0] = *p++;
            piece[1] = '\0';
        } else if (*p == '{' && strchr(p, '}')) {
            const char *end = strchr(p, '}');
            char name[128];
            size_t k = (size_t)(end - p - 1);
            if (k >= sizeof name)
                k = sizeof name - 1;
            memcpy(name, p + 1, k);
            name[k] = '\0';
            fill_one(name, ctx, piece, sizeof piece);
            p = end;
        } else {
            piece[0] = *p;
            piece[1] = '\0';
        }
        n = strlen(add);
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            char *grown = realloc(out, cap);
            if (!grown) {
                free(out);
                return NULL;
            }
            out = grown;
        }
        memcpy(out + len, add, n);
        len += n;
    }
    out[len] = '\0';
    return out;
}
