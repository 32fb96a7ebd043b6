/* Bounded `matches:` patterns (rule_pattern.h). glibc's regcomp expands
 * counted repetitions as it compiles (40 bytes of nested {1,100} take all
 * the memory) and its matcher builds DFA states without limit; PCRE2 bounds
 * both: its compiled form has a maximum size and each match has step and
 * heap limits. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rule_pattern.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rule_pattern {
    pcre2_code *code;
    pcre2_match_data *data;
    pcre2_match_context *limits;
    char where[512];
    char failure[128];
};

/* POSIX ERE's meaning where PCRE2's default differs: `$` is the end of the
 * text only. No UTF mode (every byte is a character, as in the C locale),
 * and a pattern cannot switch it on. */
#define PATTERN_OPTIONS (PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_UTF | PCRE2_NEVER_UCP | PCRE2_NEVER_BACKSLASH_C)

void rule_pattern_free(rule_pattern *p)
{
    if (!p)
        return;
    pcre2_match_context_free(p->limits);
    pcre2_match_data_free(p->data);
    pcre2_code_free(p->code);
    free(p);
}

static pcre2_code *compile(const char *text, int *code, PCRE2_SIZE *offset)
{
    pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
    if (!cc) {
        *code = PCRE2_ERROR_NOMEMORY;
        *offset = 0;
        return NULL;
    }
    pcre2_set_max_pattern_length(cc, RULE_PATTERN_MAX_LENGTH);
    pcre2_set_parens_nest_limit(cc, RULE_PATTERN_MAX_NESTING);
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, PATTERN_OPTIONS, code, offset, cc);
    pcre2_compile_context_free(cc);
    return re;
}

int rule_pattern_compile(const ynode *n, rule_pattern **out, yerror *err)
{
    *out = NULL;
    if (n->type != YNODE_SCALAR)
        return yerr_at(err, n, "matches takes a regular expression");
    size_t len = strlen(n->scalar);
    if (len > RULE_PATTERN_MAX_LENGTH)
        return yerr_at(err, n, "a regular expression of at most %d bytes (this one has %zu)",
                       RULE_PATTERN_MAX_LENGTH, len);
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = compile(n->scalar, &code, &offset);
    if (!re) {
        PCRE2_UCHAR msg[160];
        if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", code);
        if (code == PCRE2_ERROR_PATTERN_TOO_LARGE || code == PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP)
            return yerr_at(err, n,
                           "a regular expression whose compiled form stays within the bounds "
                           "(at most %d nested groups, repetition counts whose product stays small); "
                           "'%s' does not: %s at character %zu",
                           RULE_PATTERN_MAX_NESTING, n->scalar, (char *)msg, (size_t)offset + 1);
        return yerr_at(err, n, "bad regular expression '%s': %s at character %zu", n->scalar, (char *)msg,
                       (size_t)offset + 1);
    }
    rule_pattern *p = calloc(1, sizeof *p);
    if (p) {
        p->code = re;
        p->data = pcre2_match_data_create(1, NULL);
        p->limits = pcre2_match_context_create(NULL);
    }
    if (!p || !p->data || !p->limits) {
        if (p)
            rule_pattern_free(p);
        else
            pcre2_code_free(re);
        return yerr_at(err, n, "out of memory");
    }
    pcre2_set_match_limit(p->limits, RULE_PATTERN_MATCH_LIMIT);
    pcre2_set_depth_limit(p->limits, RULE_PATTERN_MATCH_LIMIT);
    pcre2_set_heap_limit(p->limits, RULE_PATTERN_HEAP_KIB);
    snprintf(p->where, sizeof p->where, "%s:%d:%d", n->file ? n->file : "?", n->line, n->column);
    *out = p;
    return 0;
}

int rule_pattern_match(rule_pattern *p, const char *text)
{
    int rc = pcre2_match(p->code, (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, 0, 0, p->data, p->limits);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    PCRE2_UCHAR msg[120];
    if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
        snprintf((char *)msg, sizeof msg, "error %d", rc);
    snprintf(p->failure, sizeof p->failure, "%s", (char *)msg);
    return -1;
}

const char *rule_pattern_where(const rule_pattern *p)
{
    return p->where;
}

const char *rule_pattern_failure(const rule_pattern *p)
{
    return p->failure;
}
