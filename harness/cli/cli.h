/* The command line: `mpconform run|rules|explain|check`. Each command
 * returns the process exit status: 0 clean, 1 violations, 2 usage or input
 * error, 3 internal error. */
#ifndef MPC_CLI_H
#define MPC_CLI_H

#include <stddef.h>
#include "../rules/violation.h"
#include "../report/report.h"
#include "policy.h"
#include "../input/scenario.h"

enum { EXIT_CLEAN = 0, EXIT_VIOLATIONS = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

#define MPCONFORM_VERSION "0.1.0"
#define CLI_MAX_RULE_DIRS 32
#define CLI_MAX_SCENARIOS 256
#define CLI_MAX_SCENARIO_DIRS 16

enum { FORMAT_TEXT = 1, FORMAT_JSON = 2, FORMAT_JUNIT = 4, FORMAT_SARIF = 8, FORMAT_HTML = 16 };

typedef struct {
    const char *driver;
    unsigned formats;
    const char *out_dir;
    const char *source_root;     /* --source-root, as given */
    const char *config;          /* --config FILE; else ./mpconform.yaml when present */
    const char *baseline;        /* --baseline FILE */
    const char *write_baseline;  /* --write-baseline FILE */
    const char *enable[CLI_MAX_RULE_DIRS], *disable[CLI_MAX_RULE_DIRS];
    size_t nenable, ndisable;
    const char *severity[CLI_MAX_RULE_DIRS];  /* ID=LEVEL */
    size_t nseverity;
    const char *suppressions[CLI_MAX_RULE_DIRS];
    size_t nsuppressions;
    int fail_on_given;
    const char *valgrind_supps[CLI_MAX_RULE_DIRS];  /* --valgrind-suppressions FILE */
    size_t nvalgrind_supps;
    unsigned shard_index, shard_count;   /* --shard I/N; 0/0 = the whole suite */
    const char *inputs[CLI_MAX_SCENARIOS];  /* merge: the directories or traces */
    size_t ninputs;
    const char *rule_dirs[CLI_MAX_RULE_DIRS];
    size_t nrule_dirs;
    const char *scenario_files[CLI_MAX_SCENARIOS];
    size_t nscenario_files;
    const char *scenario_dirs[CLI_MAX_SCENARIO_DIRS];  /* --scenarios DIR, repeatable */
    size_t nscenario_dirs;
    const char *inject;          /* "sweep" or "DDI[:N]" */
    unsigned jobs;
    unsigned timeout_ms;
    unsigned long long memory_limit; /* bytes of address space per host (--memory-limit) */
    unsigned wall_timeout_ms;    /* a host still running this long after its start is hung */
    unsigned cpu_limit_s;        /* CPU seconds per host (--cpu-limit; 0: the wall timeout + HOST_LIMITS_CPU_MARGIN_S) */
    unsigned max_events;         /* the harness stops a scenario with more events (HOST-LIMIT) */
    unsigned loop_events;        /* repeated events in one callback that make a loop (HOST-FLOOD) */
    severity fail_on;
    int color;
    int quiet;
    int valgrind;                /* each host under valgrind memcheck */
} cli_options;

/* Where checks/, fixtures/ live: $MPCONFORM_HOME, else found relative to
 * the executable (the source tree it was built in, or PREFIX/share/mpconform
 * beside PREFIX/bin). */
const char *cli_data_dir(void);
/* Writes data dir + "/" + relative into buf. */
void cli_data_path(char *buf, size_t len, const char *relative);

/* Parses the options shared by run and check; argv[0] is the command name.
 * Returns 0, 1 when --help was printed, or -1 after printing the usage error. */
/* need_driver: 0 no positional argument, 1 exactly one (DRIVER.so or
 * TRACE), CLI_ARGS_SOME one or more (merge: into opt->inputs). */
#define CLI_ARGS_SOME 2
int cli_parse_options(int argc, char **argv, cli_options *opt, int need_driver);

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_host(int argc, char **argv);   /* internal: one scenario in a host process (bin/mpconform-host) */

/* Shared by run and check: writes the requested reports, prints the text
 * one, returns 0 or 1 by the verdict, 3 when a report could not be written. */
int cli_emit_reports(const cli_options *opt, const run_result *result);

/* Shared helpers of the commands. */
struct ruleset;
struct ruleset *cli_load_rules(const char *const *extra, size_t nextra);
/* Validates -o against --format before anything runs, locks DIR against a
 * second run and points opt->out_dir at a fresh staging directory beside
 * it (out_dir.c); prints the reason and returns -1 when the reports could
 * not be written. */
int cli_prepare_out_dir(cli_options *opt);
/* Moves the staged report set into DIR in one step; -1 with a message. */
int cli_commit_out_dir(void);
/* Prints "mpconform: MESSAGE" for a report that could not be written,
 * naming the file where -o puts it, not the staging directory. */
void cli_report_write_error(const char *message);
/* The project file (--config, or ./mpconform.yaml) and the findings options
 * into p; settings of the file fill options the command line left unset.
 * Prints the reason and returns -1 on a bad file or option. */
int cli_prepare_policy(cli_options *opt, policy *p);
/* Applies p to the judged result and writes --write-baseline. */
int cli_finish_policy(const cli_options *opt, const policy *p, run_result *r);
/* `mpconform scenarios`: the scenarios of the suite, by name. */
int cmd_scenarios(int argc, char **argv);
/* The suite: every scenario of --scenarios DIR, or of the default suite. */

int cli_load_suite(const cli_options *opt, scenario_list *list);
/* The scenarios a run runs (--scenario, --scenarios, --shard); prints why not. */
int cli_select_scenarios(const cli_options *opt, scenario_list *list);
/* --source-root made absolute with a trailing '/' (malloc'd), or NULL. */
char *cli_source_root(const cli_options *opt);

#endif
