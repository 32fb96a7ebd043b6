/* The project file and the findings options of run and check, gathered into
 * one policy (policy.h) and into the options the file may set. The command
 * line wins over the file for single values and adds to it for lists. */
#include "cli.h"
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#define PROJECT_FILE "mpconform.yaml"

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Settings of the file that are options: used where the command line gave none. */
static int merge_into_options(cli_options *opt, const policy *p)
{
    if (!opt->fail_on_given && p->fail_on >= 0)
        opt->fail_on = (severity)p->fail_on;
    if (!opt->source_root && p->source_root)
        opt->source_root = p->source_root;
    for (size_t i = 0; i < p->nrule_dirs; i++) {
        if (opt->nrule_dirs == CLI_MAX_RULE_DIRS)
            return -1;
        opt->rule_dirs[opt->nrule_dirs++] = p->rule_dirs[i];
    }
    for (size_t i = 0; !opt->nscenario_files && i < p->nscenarios; i++)
        if (i < CLI_MAX_SCENARIOS)
            opt->scenario_files[i] = p->scenarios[i];
    if (!opt->nscenario_files)
        opt->nscenario_files = p->nscenarios < CLI_MAX_SCENARIOS ? p->nscenarios : CLI_MAX_SCENARIOS;
    return 0;
}

int cli_prepare_policy(cli_options *opt, policy *p)
{
    char err[1200] = "";
    policy_init(p);
    const char *config = opt->config ? opt->config : is_file(PROJECT_FILE) ? PROJECT_FILE : NULL;
    int rc = config ? policy_load_config(p, config, err, sizeof err) : 0;
    if (rc == 0 && merge_into_options(opt, p) != 0)
    {
        snprintf(err, sizeof err, "%s: too many rule directories", config);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < opt->nenable; i++)
        rc = policy_add_rule_globs(p, 1, opt->enable[i], err, sizeof err);
    for (size_t i = 0; rc == 0 && i < opt->ndisable; i++)
        rc = policy_add_rule_globs(p, 0, opt->disable[i], err, sizeof err);
    for (size_t i = 0; rc == 0 && i < opt->nseverity; i++)
        rc = policy_add_severity(p, opt->severity[i], err, sizeof err);
    for (size_t i = 0; rc == 0 && i < opt->nsuppressions; i++)
        rc = policy_load_suppressions(p, opt->suppressions[i], err, sizeof err);
    if (rc == 0 && opt->baseline) {
        /* The command line's baseline replaces the file's. */
        for (size_t i = 0; i < p->nbaseline; i++)
            free(p->baseline[i]);
        p->nbaseline = 0;
        rc = policy_load_baseline(p, opt->baseline, err, sizeof err);
    }
    if (rc != 0)
        fprintf(stderr, "mpconform: %s\n", err);
    return rc;
}

int cli_finish_policy(const cli_options *opt, const policy *p, run_result *r)
{
    if (policy_apply(p, r) != 0) {
        fprintf(stderr, "mpconform: out of memory applying the findings policy\n");
        return EXIT_INTERNAL;
    }
    char err[1024];
    if (opt->write_baseline && policy_write_baseline(r, opt->write_baseline, err, sizeof err) != 0) {
        fprintf(stderr, "mpconform: --write-baseline: %s\n", err);
        return EXIT_INTERNAL;
    }
    return EXIT_CLEAN;
}
