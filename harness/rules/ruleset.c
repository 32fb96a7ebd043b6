/* Loading a rule set: every *.yaml under each directory, sorted, tables
 * before rules (rules are checked against the tables), ids unique. */
#include "rule_load.h"
#include "table_load.h"
#include "listeners.h"
#include "analysis.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    char **paths;
    size_t count;
} path_list;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int collect(const char *dir, path_list *out, int depth, yerror *err)
{
    if (depth > 16) {
        snprintf(err->text, sizeof err->text, "%s: directories nested too deep", dir);
        return -1;
    }
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err->text, sizeof err->text, "%s: cannot open rule directory: %s", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char **grown = realloc(names, (n + 1) * sizeof *names);
        if (!grown || !(grown[n] = strdup(e->d_name))) {
            names = grown ? grown : names;
            rc = -1;
            snprintf(err->text, sizeof err->text, "%s: out of memory", dir);
            break;
        }
        names = grown;
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(len);
        struct stat st;
        if (!path) {
            rc = -1;
            break;
        }
        snprintf(path, len, "%s/%s", dir, names[i]);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = collect(path, out, depth + 1, err);
            free(path);
        } else if (ends_with(names[i], ".yaml") || ends_with(names[i], ".yml")) {
            char **grown = realloc(out->paths, (out->count + 1) * sizeof *grown);
            if (!grown) {
                free(path);
                rc = -1;
                break;
            }
            out->paths = grown;
            out->paths[out->count++] = path;
        } else {
            free(path);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

void ruleset_free(ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->nrules; i++)
        rule_free(rs->rules[i]);
    free(rs->rules);
    listeners_free(rs->listeners);
    analysis_facts_free(rs->ddi_facts);
    tables_free(&rs->tables);
    doc_pages_free(&rs->pages);
    free(rs);
}

static int load_rules(ruleset *rs, const ynode *list, yerror *err)
{
    if (ynode_expect(list, YNODE_SEQ, "rules", err) < 0)
        return -1;
    for (size_t i = 0; i < list->count; i++) {
        rule *r;
        if (rule_parse(list->values[i], &rs->tables, &rs->pages, &r, err) < 0)
            return -1;
        const rule *dup = ruleset_find(rs, r->id);
        if (dup) {
            yerr_at(err, ymap_get(list->values[i], "id"), "duplicate rule id '%s' (first defined at %s)",
                    r->id, dup->source);
            rule_free(r);
            return -1;
        }
        rule **grown = realloc(rs->rules, (rs->nrules + 1) * sizeof *grown);
        if (!grown) {
            rule_free(r);
            return yerr_at(err, list->values[i], "out of memory");
        }
        rs->rules = grown;
        rs->rules[rs->nrules++] = r;
    }
    return 0;
}

/* Which of rules:, resources:, irql:, returns:, pages: a file holds; NULL with err otherwise. */
static const char *file_kind(const ydoc *doc, yerror *err)
{
    static const char *const keys[] = { "rules", "resources", "irql", "returns", "pages", NULL };
    const ynode *root = doc->root;
    if (!root) {
        snprintf(err->text, sizeof err->text, "%s:1:1: empty file (expected rules:, resources:, irql:, returns: or pages:)",
                 doc->file);
        return NULL;
    }
    if (ynode_expect(root, YNODE_MAP, "the top level", err) < 0 || ymap_check_keys(root, keys, err) < 0)
        return NULL;
    if (root->count != 1) {
        yerr_at(err, root, "a file holds exactly one of rules:, resources:, irql:, returns:, pages: (found %zu)", root->count);
        return NULL;
    }
    return root->keys[0]->scalar;
}

ruleset *ruleset_load(const char *const *dirs, size_t ndirs, yerror *err)
{
    path_list paths = { 0 };
    ydoc *docs = NULL;
    size_t ndocs = 0;
    ruleset *rs = calloc(1, sizeof *rs);
    int rc = rs ? 0 : -1;
    if (!rs)
        snprintf(err->text, sizeof err->text, "out of memory");
    for (size_t i = 0; i < ndirs && rc == 0; i++)
        rc = collect(dirs[i], &paths, 0, err);
    if (rc == 0 && paths.count && !(docs = calloc(paths.count, sizeof *docs))) {
        snprintf(err->text, sizeof err->text, "out of memory");
        rc = -1;
    }
    for (size_t i = 0; i < paths.count && rc == 0; i++) {
        rc = ydoc_load_file(paths.paths[i], &docs[i], err);
        if (rc == 0)
            ndocs = i + 1;
        if (rc == 0 && !file_kind(&docs[i], err))
            rc = -1;
    }
    /* tables first: rules name their DDIs, callbacks and kinds */
    for (size_t i = 0; i < ndocs && rc == 0; i++) {
        const char *k = docs[i].root->keys[0]->scalar;
        if (strcmp(k, "resources") == 0)
            rc = table_load_resources(&rs->tables, docs[i].root->values[0], err);
        else if (strcmp(k, "irql") == 0)
            rc = table_load_irql(&rs->tables, docs[i].root->values[0], err);
        else if (strcmp(k, "returns") == 0)
            rc = table_load_returns(&rs->tables, docs[i].root->values[0], err);
        else if (strcmp(k, "pages") == 0)
            rc = doc_pages_load(&rs->pages, docs[i].root->values[0], err);
    }
    if (rc == 0)   /* sealed first: the check's lookups use the index, not a scan each */
        tables_seal(&rs->tables);
    if (rc == 0)
        rc = table_check(&rs->tables, err);
    for (size_t i = 0; i < ndocs && rc == 0; i++)
        if (strcmp(docs[i].root->keys[0]->scalar, "rules") == 0)
            rc = load_rules(rs, docs[i].root->values[0], err);
    for (size_t i = 0; i < rs->nrules && rc == 0; i++)
        for (size_t s = 0; s < rs->rules[i]->nsupersedes && rc == 0; s++)
            if (!ruleset_find(rs, rs->rules[i]->supersedes[s])) {
                snprintf(err->text, sizeof err->text, "%s: supersedes unknown rule '%s'",
                         rs->rules[i]->source, rs->rules[i]->supersedes[s]);
                rc = -1;
            }
    if (rc == 0 && (!(rs->listeners = listeners_build(rs)) || !(rs->ddi_facts = analysis_facts_new()))) {
        snprintf(err->text, sizeof err->text, "out of memory");
        rc = -1;
    }
    for (size_t i = 0; i < paths.count; i++) {
        if (i < ndocs)
            ydoc_free(&docs[i]);
        free(paths.paths[i]);
    }
    free(docs);
    free(paths.paths);
    if (rc != 0) {
        ruleset_free(rs);
        return NULL;
    }
    return rs;
}

const ndis_tables *ruleset_tables(const ruleset *rs) { return &rs->tables; }
size_t ruleset_count(const ruleset *rs) { return rs->nrules; }
const rule *ruleset_at(const ruleset *rs, size_t i) { return i < rs->nrules ? rs->rules[i] : NULL; }

const rule *ruleset_find(const ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->nrules; i++)
        if (strcmp(rs->rules[i]->id, id) == 0)
            return rs->rules[i];
    return NULL;
}

const char *rule_id(const rule *r) { return r->id; }
severity rule_severity(const rule *r) { return r->sev; }
const char *rule_summary(const rule *r) { return r->summary; }
const char *rule_doc(const rule *r) { return r->doc; }
const char *rule_source(const rule *r) { return r->source; }

const char *rule_kind(const rule *r)
{
    switch (r->body) {
    case BODY_PATTERN: return "pattern";
    case BODY_MONITOR: return "monitor";
    case BODY_ANALYSIS: return "analysis";
    }
    return "?";
}
