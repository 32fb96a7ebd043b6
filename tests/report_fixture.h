/* Shared by the report writer tests (report_fixture.c). */
#ifndef MPC_TEST_REPORT_FIXTURE_H
#define MPC_TEST_REPORT_FIXTURE_H

#include "report/report.h"

#define NASTY "value <&\"> escaped"

extern char tmpdir[256];
void make_tmpdir(void);
void remove_tmpdir(void);
char *path_in(const char *name);          /* a file in tmpdir (a static buffer) */
char *slurp(const char *path);            /* the whole file; the test fails when it cannot */
int temp_files_left(const char *dir);     /* files whose name contains ".tmp." */
void set_frame(frame *f, const char *function, const char *file, int line, const char *module, uint64_t offset);
violation make_violation(const char *rule, severity sev, const char *message, const char *scenario,
                         uint64_t index, const char *callback, const char *state);
void add_coverage(run_result *r, const char *group, const char *name, unsigned count);
/* Scenario "halt-leak": an error with a symbolized backtrace and an origin,
 * a warning whose message needs escaping, a story; "reset-pending"
 * (crashed): an info and an error with eight frames; "clean": nothing. */
run_result sample_run_result(void);
char *text_report(const run_result *r, int color);

#endif
