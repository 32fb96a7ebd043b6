/* The command line: `mpconform run|rules|explain|check`. Each command
 * returns the process exit status: 0 clean, 1 violations, 2 usage or input
 * error, 3 internal error. */
#ifndef MPC_CLI_H
#define MPC_CLI_H

#include <stddef.h>
#include "../core/violation.h"
#include "../report/report.h"

enum { EXIT_CLEAN = 0, EXIT_VIOLATIONS = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

#define MPCONFORM_VERSION "0.1.0"
#define CLI_MAX_RULE_DIRS 32
#define CLI_MAX_SCENARIOS 256

enum { FORMAT_TEXT = 1, FORMAT_JSON = 2, FORMAT_JUNIT = 4, FORMAT_SARIF = 8, FORMAT_HTML = 16 };

typedef struct {
    const char *driver;
    unsigned formats;
    const char *out_dir;
    const char *rule_dirs[CLI_MAX_RULE_DIRS];
    size_t nrule_dirs;
    const char *scenario_files[CLI_MAX_SCENARIOS];
    size_t nscenario_files;
    const char *scenario_dir;
    const char *inject;          /* "sweep" or "DDI[:N]" */
    unsigned jobs;
    unsigned timeout_ms;
    unsigned max_events;         /* the harness stops a scenario with more events (HOST-LIMIT) */
    unsigned loop_events;        /* repeated events in one callback that make a loop (HOST-FLOOD) */
    severity fail_on;
    int color;
    int quiet;
    int valgrind;                /* each host under valgrind memcheck */
} cli_options;

/* Where checks/, fixtures/ live: $MPCONFORM_HOME, the tree the binary was
 * built in, or the install prefix. */
const char *cli_data_dir(void);
/* Writes data dir + "/" + relative into buf. */
void cli_data_path(char *buf, size_t len, const char *relative);

/* Parses the options shared by run and check; argv[0] is the command name.
 * Returns 0, 1 when --help was printed, or -1 after printing the usage error. */
int cli_parse_options(int argc, char **argv, cli_options *opt, int need_driver);

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_host(int argc, char **argv);   /* internal: one scenario in a host process */

/* Shared by run and check: writes the requested reports, prints the text
 * one, returns 0 or 1 by the verdict, 3 when a report could not be written. */
int cli_emit_reports(const cli_options *opt, const run_result *result);

/* Shared helpers of the commands. */
struct ruleset;
struct ruleset *cli_load_rules(const char *const *extra, size_t nextra);
int cli_prepare_out_dir(const char *dir);

#endif
