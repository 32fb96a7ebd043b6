/* Loading and applying the findings policy (policy.h). */
#include "policy.h"
#include "../input/errtext.h"
#include "../input/input_file.h"
#include "../input/yamldoc.h"
#include "../report/report_util.h"

#include <fnmatch.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int push_str(char ***list, size_t *n, const char *s)
{
    char **grown = realloc(*list, (*n + 1) * sizeof *grown);
    if (!grown)
        return -1;
    *list = grown;
    if (!(grown[*n] = strdup(s)))
        return -1;
    (*n)++;
    return 0;
}

static void free_strs(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

static int valid_glob(const char *g)
{
    for (const char *c = g; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '*' || *c == '?'))
            return 0;
    return *g != 0;
}

int policy_add_rule_globs(policy *p, int enable, const char *list, char *err, size_t errlen)
{
    char *copy = strdup(list), *save = NULL;
    int rc = copy ? 0 : errtext(err, errlen, "out of memory");
    for (char *tok = copy ? strtok_r(copy, ",", &save) : NULL; tok && rc == 0; tok = strtok_r(NULL, ",", &save)) {
        if (!valid_glob(tok))
            rc = errtext(err, errlen, "--%s: '%s' is not a rule id or pattern (A-Z, 0-9, '-', '*', '?')",
                      enable ? "enable" : "disable", tok);
        else if (enable ? push_str(&p->enable, &p->nenable, tok) : push_str(&p->disable, &p->ndisable, tok))
            rc = errtext(err, errlen, "out of memory");
    }
    free(copy);
    return rc;
}

int policy_add_severity(policy *p, const char *spec, char *err, size_t errlen)
{
    const char *eq = strchr(spec, '=');
    int sev = eq ? severity_from_name(eq + 1) : -1;
    char id[128];
    if (!eq || sev < 0 || (size_t)(eq - spec) >= sizeof id)
        return errtext(err, errlen, "--severity expects ID=error|warning|info, not '%s'", spec);
    snprintf(id, sizeof id, "%.*s", (int)(eq - spec), spec);
    if (!valid_glob(id))
        return errtext(err, errlen, "--severity: '%s' is not a rule id or pattern", id);
    severity *levels = realloc(p->severity_levels, (p->nseverity + 1) * sizeof *levels);
    if (!levels)
        return errtext(err, errlen, "out of memory");
    p->severity_levels = levels;
    levels[p->nseverity] = (severity)sev;
    size_t n = p->nseverity;
    if (push_str(&p->severity_ids, &n, id) != 0)
        return errtext(err, errlen, "out of memory");
    p->nseverity = n;
    return 0;
}

/* ---- files ---- */

/* dir of path + "/" + rel, unless rel is absolute. */
static char *resolve(const char *path, const char *rel)
{
    const char *slash = strrchr(path, '/');
    size_t dl = rel[0] == '/' || !slash ? 0 : (size_t)(slash - path) + 1;
    char *out = malloc(dl + strlen(rel) + 1);
    if (out) {
        memcpy(out, path, dl);
        strcpy(out + dl, rel);
    }
    return out;
}

static const char *scalar(const ynode *n, const char *what, yerror *e)
{
    return ynode_expect(n, YNODE_SCALAR, what, e) == 0 ? n->scalar : NULL;
}

/* A scalar or a list of scalars, each passed to add. */
static int each_scalar(const ynode *n, const char *what, yerror *e, int (*add)(void *, const ynode *), void *ctx)
{
    if (n->type == YNODE_SCALAR)
        return add(ctx, n);
    if (ynode_expect(n, YNODE_SEQ, what, e) < 0)
        return -1;
    for (size_t i = 0; i < n->count; i++)
        if (!scalar(n->values[i], what, e) || add(ctx, n->values[i]) < 0)
            return -1;
    return 0;
}

typedef struct {
    policy *p;
    yerror *e;
    int enable;
    const char *file;
    char ***list;
    size_t *n;
} add_ctx;

static int add_glob(void *c, const ynode *n)
{
    add_ctx *a = c;
    if (!valid_glob(n->scalar))
        return yerr_at(a->e, n, "'%s' is not a rule id or pattern (A-Z, 0-9, '-', '*', '?')", n->scalar);
    return a->enable ? push_str(&a->p->enable, &a->p->nenable, n->scalar)
                     : push_str(&a->p->disable, &a->p->ndisable, n->scalar);
}

static int add_path(void *c, const ynode *n)
{
    add_ctx *a = c;
    char *full = resolve(a->file, n->scalar);
    int rc = full ? push_str(a->list, a->n, full) : -1;
    free(full);
    return rc < 0 ? yerr_at(a->e, n, "out of memory") : 0;
}

static int add_scenario(void *c, const ynode *n)
{
    add_ctx *a = c;
    /* A name stays a name; a path (it has a '/' or ends in .yaml) is resolved. */
    if (!strchr(n->scalar, '/') && !strstr(n->scalar, ".yaml"))
        return push_str(a->list, a->n, n->scalar) < 0 ? yerr_at(a->e, n, "out of memory") : 0;
    return add_path(c, n);
}

static int load_suppression_list(policy *p, const ynode *list, yerror *e)
{
    static const char *const keys[] = { "rule", "function", "file", "reason", NULL };
    if (ynode_expect(list, YNODE_SEQ, "suppressions", e) < 0)
        return -1;
    for (size_t i = 0; i < list->count; i++) {
        const ynode *n = list->values[i];
        if (ynode_expect(n, YNODE_MAP, "a suppression", e) < 0 || ymap_check_keys(n, keys, e) < 0)
            return -1;
        const ynode *rule = ymap_get(n, "rule"), *reason = ymap_get(n, "reason");
        if (!rule)
            return yerr_at(e, n, "a suppression needs 'rule' (a rule id or pattern)");
        if (!reason)
            return yerr_at(e, n, "a suppression needs 'reason': say why this finding is accepted");
        if (!scalar(rule, "rule", e) || !scalar(reason, "reason", e))
            return -1;
        if (!valid_glob(rule->scalar))
            return yerr_at(e, rule, "'%s' is not a rule id or pattern", rule->scalar);
        if (!*reason->scalar)
            return yerr_at(e, reason, "the reason must not be empty");
        const ynode *fn = ymap_get(n, "function"), *file = ymap_get(n, "file");
        if ((fn && !scalar(fn, "function", e)) || (file && !scalar(file, "file", e)))
            return -1;
        suppression *grown = realloc(p->suppressions, (p->nsuppressions + 1) * sizeof *grown);
        if (!grown)
            return yerr_at(e, n, "out of memory");
        p->suppressions = grown;
        char where[1100];
        snprintf(where, sizeof where, "%s:%d", n->file, n->line);
        suppression s = { strdup(rule->scalar), fn ? strdup(fn->scalar) : NULL, file ? strdup(file->scalar) : NULL,
                          strdup(reason->scalar), strdup(where) };
        p->suppressions[p->nsuppressions++] = s;
        if (!s.rule || !s.reason || !s.where || (fn && !s.function) || (file && !s.file))
            return yerr_at(e, n, "out of memory");
    }
    return 0;
}

static int load_doc(const char *path, ydoc *doc, char *err, size_t errlen)
{
    yerror e;
    if (ydoc_load_file(path, doc, &e) != 0)
        return errtext(err, errlen, "%s", e.text);
    if (!doc->root) {
        ydoc_free(doc);
        return errtext(err, errlen, "%s:1:1: empty file", path);
    }
    return 0;
}

int policy_load_suppressions(policy *p, const char *path, char *err, size_t errlen)
{
    ydoc doc;
    if (load_doc(path, &doc, err, errlen) != 0)
        return -1;
    static const char *const keys[] = { "suppressions", NULL };
    yerror e;
    int rc = ynode_expect(doc.root, YNODE_MAP, "the top level", &e) < 0 || ymap_check_keys(doc.root, keys, &e) < 0
                 ? -1
                 : !ymap_get(doc.root, "suppressions")
                       ? yerr_at(&e, doc.root, "expected 'suppressions:' (a list of {rule, function, file, reason})")
                       : load_suppression_list(p, ymap_get(doc.root, "suppressions"), &e);
    if (rc != 0)
        errtext(err, errlen, "%s", e.text);
    ydoc_free(&doc);
    return rc;
}

static int config_entry(policy *p, const char *path, const char *key, const ynode *v, yerror *e)
{
    add_ctx a = { p, e, 0, path, NULL, NULL };
    if (!strcmp(key, "enable") || !strcmp(key, "disable")) {
        a.enable = !strcmp(key, "enable");
        return each_scalar(v, key, e, add_glob, &a);
    }
    if (!strcmp(key, "severity")) {
        if (ynode_expect(v, YNODE_MAP, "severity (a map of rule id: level)", e) < 0)
            return -1;
        for (size_t i = 0; i < v->count; i++) {
            char spec[256], msg[256];
            if (!scalar(v->values[i], "a severity", e))
                return -1;
            snprintf(spec, sizeof spec, "%s=%s", v->keys[i]->scalar, v->values[i]->scalar);
            if (policy_add_severity(p, spec, msg, sizeof msg) != 0)
                return yerr_at(e, v->keys[i], "%s", msg);
        }
        return 0;
    }
    if (!strcmp(key, "fail_on")) {
        if (!scalar(v, key, e))
            return -1;
        if ((p->fail_on = severity_from_name(v->scalar)) < 0)
            return yerr_at(e, v, "fail_on is error, warning or info");
        return 0;
    }
    if (!strcmp(key, "rules")) {
        a.list = &p->rule_dirs, a.n = &p->nrule_dirs;
        return each_scalar(v, "rules (rule directories)", e, add_path, &a);
    }
    if (!strcmp(key, "scenarios")) {
        a.list = &p->scenarios, a.n = &p->nscenarios;
        return each_scalar(v, "scenarios (names or files)", e, add_scenario, &a);
    }
    if (!strcmp(key, "suppressions")) {
        if (v->type != YNODE_SCALAR)
            return load_suppression_list(p, v, e);
        char *file = resolve(path, v->scalar), msg[1024];
        int rc = file ? policy_load_suppressions(p, file, msg, sizeof msg) : -1;
        free(file);
        return rc ? yerr_at(e, v, "%s", file ? msg : "out of memory") : 0;
    }
    if (!strcmp(key, "baseline") || !strcmp(key, "source_root")) {
        if (!scalar(v, key, e))
            return -1;
        char *file = resolve(path, v->scalar), msg[1024];
        int rc = -1;
        if (file && !strcmp(key, "source_root")) {
            free(p->source_root);
            p->source_root = file;
            return 0;
        }
        if (file)
            rc = policy_load_baseline(p, file, msg, sizeof msg);
        free(file);
        return rc ? yerr_at(e, v, "%s", msg) : 0;
    }
    return 0;
}

int policy_load_config(policy *p, const char *path, char *err, size_t errlen)
{
    static const char *const keys[] = { "enable", "disable", "severity", "fail_on", "rules", "scenarios",
                                        "suppressions", "baseline", "source_root", NULL };
    ydoc doc;
    if (load_doc(path, &doc, err, errlen) != 0)
        return -1;
    yerror e;
    int rc = ynode_expect(doc.root, YNODE_MAP, "the top level (a map)", &e) < 0 || ymap_check_keys(doc.root, keys, &e) < 0
                 ? -1
                 : 0;
    for (size_t i = 0; rc == 0 && i < doc.root->count; i++)
        rc = config_entry(p, path, doc.root->keys[i]->scalar, doc.root->values[i], &e);
    if (rc != 0)
        errtext(err, errlen, "%s", e.text);
    ydoc_free(&doc);
    return rc;
}

/* ---- the baseline: a JSON file of fingerprints ---- */

static int fingerprint_key(const violation *v, char *buf, size_t len)
{
    char fp[64];
    violation_fingerprint(v, fp, sizeof fp);
    return snprintf(buf, len, "%s|%s", v->rule_id, fp) < (int)len ? 0 : -1;
}

int policy_load_baseline(policy *p, const char *path, char *err, size_t errlen)
{
    char why[256];
    FILE *in = input_open_regular(path, why, sizeof why);  /* never a FIFO: it would block */
    if (!in)
        return errtext(err, errlen, "%s: %s", path, why);
    json_error_t je;
    json_t *root = json_loadf(in, 0, &je);
    fclose(in);
    if (!root)
        return errtext(err, errlen, "%s:%d:%d: %s", path, je.line, je.column, je.text);
    json_t *findings = json_object_get(root, "findings");
    int rc = 0;
    if (json_integer_value(json_object_get(root, "mpconform_baseline")) != 1 || !json_is_array(findings))
        rc = errtext(err, errlen, "%s: not an mpconform baseline (written by run --write-baseline)", path);
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f)
    {
        const char *rule = json_string_value(json_object_get(f, "rule"));
        const char *fp = json_string_value(json_object_get(f, "fingerprint"));
        char key[256];
        if (rc == 0 && (!rule || !fp)) {
            rc = errtext(err, errlen, "%s: finding %zu lacks rule or fingerprint", path, i);
        } else if (rc == 0) {
            snprintf(key, sizeof key, "%s|%s", rule, fp);
            if (push_str(&p->baseline, &p->nbaseline, key) != 0)
                rc = errtext(err, errlen, "out of memory");
        }
    }
    json_decref(root);
    if (rc == 0)
        p->have_baseline = 1;
    return rc;
}

int policy_write_baseline(const run_result *r, const char *path, char *err, size_t errlen)
{
    json_t *findings = json_array();
    json_t *seen = json_object();
    for (size_t s = 0; s < r->nscenarios; s++) {
        const violation_list *vl = &r->scenarios[s].violations;
        for (size_t i = 0; i < vl->count; i++) {
            const violation *v = &vl->items[i];
            char key[256], fp[64];
            if (v->suppressed || fingerprint_key(v, key, sizeof key) != 0 || json_object_get(seen, key))
                continue;
            json_object_set_new(seen, key, json_true());
            violation_fingerprint(v, fp, sizeof fp);
            const frame *f = violation_primary_frame(v);
            char where[600] = "";
            if (f)
                snprintf(where, sizeof where, "%s:%d", f->file, f->line);
            json_t *o = json_object();
            json_object_set_new(o, "rule", json_string(v->rule_id));
            json_object_set_new(o, "fingerprint", json_string(fp));
            json_object_set_new(o, "location", json_string(where));
            json_object_set_new(o, "message", report_json_text(v->message, 0));
            json_array_append_new(findings, o);
        }
    }
    json_decref(seen);
    json_t *root = json_object();
    json_object_set_new(root, "mpconform_baseline", json_integer(1));
    json_object_set_new(root, "driver", report_json_text(r->driver, 0));
    json_object_set_new(root, "findings", findings);
    return report_write_json_document(path, root, err, errlen);
}

/* ---- applying ---- */

static int any_glob(char *const *globs, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (fnmatch(globs[i], s, 0) == 0)
            return 1;
    return 0;
}

static int rule_enabled(const policy *p, const char *id)
{
    return (!p->nenable || any_glob(p->enable, p->nenable, id)) && !any_glob(p->disable, p->ndisable, id);
}

/* A file glob matches the whole path, its tail after any '/', or its name. */
static int file_matches(const char *glob, const char *path)
{
    if (!path)
        return 0;
    if (fnmatch(glob, path, 0) == 0)
        return 1;
    for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/'))
        if (fnmatch(glob, s + 1, 0) == 0)
            return 1;
    return 0;
}

static const suppression *suppressed_by(const policy *p, const violation *v)
{
    const frame *f = violation_primary_frame(v);
    for (size_t i = 0; i < p->nsuppressions; i++) {
        const suppression *s = &p->suppressions[i];
        if (fnmatch(s->rule, v->rule_id, 0) != 0)
            continue;
        if (s->function && !(f && f->function && fnmatch(s->function, f->function, 0) == 0))
            continue;
        if (s->file && !(f && file_matches(s->file, f->file)))
            continue;
        return s;
    }
    return NULL;
}

void policy_init(policy *p)
{
    memset(p, 0, sizeof *p);
    p->fail_on = -1;
}

int policy_apply(const policy *p, run_result *r)
{
    r->baseline_used = p->have_baseline;
    for (size_t s = 0; s < r->nscenarios; s++) {
        violation_list *vl = &r->scenarios[s].violations;
        size_t kept = 0;
        for (size_t i = 0; i < vl->count; i++) {
            violation *v = &vl->items[i];
            if (!rule_enabled(p, v->rule_id)) {
                violation_free(v);
                continue;
            }
            for (size_t k = p->nseverity; k-- > 0;)
                if (fnmatch(p->severity_ids[k], v->rule_id, 0) == 0) {
                    v->sev = p->severity_levels[k];  /* the last override given wins */
                    break;
                }
            const suppression *sup = suppressed_by(p, v);
            if (sup && !(v->suppressed = strdup(sup->reason)))
                return -1;
            char key[256];
            if (p->have_baseline && fingerprint_key(v, key, sizeof key) == 0)
                for (size_t b = 0; b < p->nbaseline && !v->baselined; b++)
                    v->baselined = strcmp(p->baseline[b], key) == 0;
            vl->items[kept++] = *v;
        }
        vl->count = kept;
    }
    return 0;
}

void policy_free(policy *p)
{
    free_strs(p->enable, p->nenable);
    free_strs(p->disable, p->ndisable);
    free_strs(p->severity_ids, p->nseverity);
    free(p->severity_levels);
    for (size_t i = 0; i < p->nsuppressions; i++) {
        free(p->suppressions[i].rule);
        free(p->suppressions[i].function);
        free(p->suppressions[i].file);
        free(p->suppressions[i].reason);
        free(p->suppressions[i].where);
    }
    free(p->suppressions);
    free_strs(p->baseline, p->nbaseline);
    free_strs(p->rule_dirs, p->nrule_dirs);
    free_strs(p->scenarios, p->nscenarios);
    free(p->source_root);
    memset(p, 0, sizeof *p);
}
