/* What the user decides about findings, as cppcheck, clang-tidy and
 * valgrind users expect: which rules count (--enable/--disable, globs),
 * their severity (--severity ID=LEVEL), suppressions with a reason (a file
 * of rule + optional function/file globs), and a baseline of known findings
 * (--baseline; --write-baseline writes one). All of it can live in a
 * project file, mpconform.yaml (or --config FILE); options add to it.
 * Applied to the judged result before any report is written: a suppressed
 * or baselined finding stays in every report, marked, and does not count
 * for the exit status; a disabled rule's findings are left out. */
#ifndef MPC_CLI_POLICY_H
#define MPC_CLI_POLICY_H

#include <stddef.h>
#include "../report/report.h"

typedef struct {
    char *rule;       /* glob over rule ids */
    char *function;   /* glob over the finding's function, NULL any */
    char *file;       /* glob over its source file (path or file name), NULL any */
    char *reason;     /* required */
    char *where;      /* file:line of the suppression, for messages */
} suppression;

typedef struct {
    char **enable, **disable;        /* rule id globs; enable empty = all */
    size_t nenable, ndisable;
    char **severity_ids;             /* --severity ID=LEVEL, in order */
    severity *severity_levels;
    size_t nseverity;
    suppression *suppressions;
    size_t nsuppressions;
    char **baseline;                 /* fingerprints "rule|key" of known findings */
    size_t nbaseline;
    int have_baseline;
    /* Settings of the project file that are options of run/check; paths
     * resolved against the file's directory. NULL/-1 when not set. */
    int fail_on;                     /* severity, -1 unset */
    char **rule_dirs;
    size_t nrule_dirs;
    char **scenarios;                /* names or files */
    size_t nscenarios;
    char *source_root;
} policy;

void policy_init(policy *p);
/* Reads a project file (mpconform.yaml); errors as file:line:column. */
int policy_load_config(policy *p, const char *path, char *err, size_t errlen);
/* Reads a suppressions file: `suppressions:` list of {rule, function, file, reason}. */
int policy_load_suppressions(policy *p, const char *path, char *err, size_t errlen);
int policy_load_baseline(policy *p, const char *path, char *err, size_t errlen);
/* "ID=LEVEL" (ID may be a glob); comma lists for enable/disable. */
int policy_add_severity(policy *p, const char *spec, char *err, size_t errlen);
int policy_add_rule_globs(policy *p, int enable, const char *list, char *err, size_t errlen);

/* Disabled rules' findings removed, severities overridden, suppressed and
 * baselined findings marked. */
int policy_apply(const policy *p, run_result *r);
/* The active findings of r as a baseline file (JSON). */
int policy_write_baseline(const run_result *r, const char *path, char *err, size_t errlen);
void policy_free(policy *p);

#endif
