/* Test support: run bin/mpconform as a user would and capture what it says. */
#ifndef MPC_TEST_TOOL_RUNNER_H
#define MPC_TEST_TOOL_RUNNER_H

#include <jansson.h>

typedef struct {
    int status;        /* exit status, or 128 + signal */
    char *out;         /* stdout */
    char *err;         /* stderr */
} tool_output;

/* Runs bin/mpconform with the NULL-terminated arguments (after the program name). */
tool_output tool_run(const char *const *args);
/* The same, with in_child (when not NULL) called in the child just before the exec. */
tool_output tool_run_with(const char *const *args, void (*in_child)(void));
void tool_output_free(tool_output *o);

/* A fresh empty directory under /tmp; caller frees the string. */
char *tool_temp_dir(const char *tag);
/* Parses DIR/report.json; NULL when absent or invalid. */
json_t *tool_load_report(const char *dir);
/* Sorted, de-duplicated, space-separated rule ids of all findings in a report. */
char *tool_report_rule_ids(json_t *report);
/* Runs the suite; the exit status for main(). */
#include <check.h>
int tool_run_suite(Suite *s);

/* Runs a shell command line; its exit status (128 when it did not exit)
 * and, when out is given, what it printed (stdout and stderr; caller frees). */
int tool_shell(const char *cmd, char **out);
/* Removes a directory tool_temp_dir made, with its contents, and frees its name. */
void tool_remove_dir(char *dir);
/* DIR/NAME in one of a few rotating static buffers (two may be in use at
 * once, as in a rename). */
const char *tool_path_in(const char *dir, const char *name);
/* Reads a whole file; NULL when it cannot. */
char *tool_read_file(const char *path);
/* JUnit times are the real wall times of the hosts: blanks every
 * time="..." value in place, so the rest of two files can be compared. */
void tool_blank_junit_times(char *xml);

#endif
