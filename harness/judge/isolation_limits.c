/* See isolation_limits.h. */
#include "isolation_limits.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

uint64_t isolation_cpu_ms(const struct rusage *usage)
{
    return (uint64_t)(usage->ru_utime.tv_sec + usage->ru_stime.tv_sec) * 1000 +
           (uint64_t)(usage->ru_utime.tv_usec + usage->ru_stime.tv_usec) / 1000;
}

int isolation_out_of_cpu(const event_list *events, unsigned cpu_limit_s, int wait_status, uint64_t cpu_ms,
                         int stopped_by_judge)
{
    if (event_list_has(events, EV_CRASH, "cpu"))
        return 1;
    if (!cpu_limit_s || !WIFSIGNALED(wait_status) || cpu_ms < (uint64_t)cpu_limit_s * 1000)
        return 0;
    /* SIGKILL two CPU seconds after an ignored SIGXCPU: the hard limit. */
    return WTERMSIG(wait_status) == SIGXCPU || (WTERMSIG(wait_status) == SIGKILL && !stopped_by_judge);
}

void isolation_warn_unsandboxed(const event *ev)
{
    static int warned;
    if (warned || ev->kind != EV_OP || strcmp(ev->name, "sandbox_off") != 0)
        return;
    const event_arg *why = event_arg_get(ev, "reason");
    warned = 1;
    fprintf(stderr, "mpconform: warning: hosts run without their sandbox (%s): a driver can signal or trace "
            "processes outside its host\n", why && why->is_str ? why->str : "unknown reason");
}
