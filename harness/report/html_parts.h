/* The parts of the HTML report (html.c puts the page together). */
#ifndef MPC_HTML_PARTS_H
#define MPC_HTML_PARTS_H

#include <stdio.h>
#include "report.h"

/* Text for element content or a quoted attribute. */
void html_put(FILE *out, const char *s);
/* "at function (file:line)" lines of a backtrace in a <pre>, titled. */
void html_put_frames(FILE *out, const char *title, const backtrace_t *bt);

/* The adapter's state diagram (inline SVG): every state, those the
 * scenario visited filled, each transition it took as an arrow with how
 * often, failed ones (Initializing -> Halted, Restarting -> Paused) red. */
void html_put_state_diagram(FILE *out, const scenario_result *sc);
/* The resource timeline (inline SVG): one bar per resource from its
 * allocation to its release on the scenario's event axis; leaks run to the
 * end in red, releases out of order are orange. */
void html_put_timeline(FILE *out, const scenario_result *sc);
/* Findings grouped by rule, one row per cause, with the severity, rule and
 * scenario filters (plain JS, also set from the address: #severity=error&rule=X&scenario=Y). */
int html_put_findings(FILE *out, const run_result *r);

#endif
