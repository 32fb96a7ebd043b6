/* libFuzzer target: any bytes as one file of a rule directory (rules/):
 * `rules:` definitions are compiled against the shipped tables
 * (checks/tables, loaded once) and each rule that compiles is run over a
 * recorded trace, so a rule's patterns, monitors and message templates meet
 * real events; `resources:`, `irql:`, `returns:` and `pages:` files are
 * loaded into fresh tables and cross-checked as ruleset_load does.
 * Run from the checkout's root (scripts/fuzz.sh does). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/judge.h"
#include "rules/rule_load.h"
#include "rules/table_load.h"

#define TRACE_SEED "fuzz/corpus/fuzz_trace/lifecycle-leak.jsonl"

static ruleset *shipped;           /* checks/tables: tables and pages, no rules */
static judged_trace *sample;       /* the events each compiled rule is run over */
static size_t nsample;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dirs[] = { "checks/tables" };
    yerror err;
    char why[512], *driver = NULL;
    if (!(shipped = ruleset_load(dirs, 1, &err))) {
        fprintf(stderr, "fuzz_rules: %s\n", err.text);
        abort();
    }
    if (judge_read_trace(TRACE_SEED, &sample, &nsample, &driver, why, sizeof why) != 0) {
        fprintf(stderr, "fuzz_rules: %s\n", why);
        abort();
    }
    free(driver);
    return 0;
}

/* The rules compiled from list, judged over the sample as one rule set. */
static void compile_and_run(const ynode *list)
{
    yerror err;
    if (ynode_expect(list, YNODE_SEQ, "rules", &err) != 0)
        return;
    struct ruleset view = { .tables = shipped->tables, .pages = shipped->pages };
    view.rules = calloc(list->count ? list->count : 1, sizeof *view.rules);
    if (!view.rules)
        return;
    for (size_t i = 0; i < list->count; i++)
        if (rule_parse(list->values[i], &shipped->tables, &shipped->pages, &view.rules[view.nrules], &err) == 0)
            view.nrules++;
    for (size_t i = 0; i < nsample && view.nrules; i++) {
        violation_list found = { 0 };
        ruleset_evaluate(&view, &sample[i].events, &found);
        violation_list_free(&found);
    }
    for (size_t i = 0; i < view.nrules; i++)
        rule_free(view.rules[i]);
    free(view.rules);
}

static void load_tables(const char *kind, const ynode *body)
{
    yerror err;
    ndis_tables t;
    doc_pages pages;
    memset(&t, 0, sizeof t);
    memset(&pages, 0, sizeof pages);
    int rc = strcmp(kind, "resources") == 0 ? table_load_resources(&t, body, &err)
             : strcmp(kind, "irql") == 0    ? table_load_irql(&t, body, &err)
             : strcmp(kind, "returns") == 0 ? table_load_returns(&t, body, &err)
             : strcmp(kind, "pages") == 0   ? doc_pages_load(&pages, body, &err)
                                            : -1;
    if (rc == 0)
        table_check(&t, &err);
    tables_free(&t);
    doc_pages_free(&pages);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ydoc doc;
    yerror err;
    if (ydoc_load_string("fuzz.yaml", (const char *)data, size, &doc, &err) != 0)
        return 0;
    const ynode *root = doc.root;
    if (root && root->type == YNODE_MAP)
        for (size_t i = 0; i < root->count; i++) {
            if (strcmp(root->keys[i]->scalar, "rules") == 0)
                compile_and_run(root->values[i]);
            else
                load_tables(root->keys[i]->scalar, root->values[i]);
        }
    ydoc_free(&doc);
    return 0;
}
