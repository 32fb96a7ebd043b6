/* No process left behind: the judge is a child subreaper
 * (PR_SET_CHILD_SUBREAPER), so whatever a host forks and orphans, even in a
 * session or process group of its own, becomes the judge's child when its
 * parent ends; reaper_sweep kills and reaps every such child. */
#ifndef MPC_REAPER_H
#define MPC_REAPER_H

#include <stddef.h>
#include <sys/types.h>

/* Makes the judge a subreaper; with a warning (once) when the kernel refuses. */
void reaper_begin(void);
/* Kills (SIGKILL) and reaps every child of the judge but the pids in keep
 * (the hosts still running), until none is left. Returns how many. */
size_t reaper_sweep(const pid_t *keep, size_t nkeep);
/* How reaper_children finds the judge's children: from its threads'
 * children files (falling back to the scan when the kernel has none), or
 * from every process's parent in /proc. */
typedef enum { REAPER_BY_TASK, REAPER_BY_SCAN } reaper_listing;
/* Up to max pids of the judge's living (and not yet reaped) children. */
size_t reaper_children(pid_t *out, size_t max, reaper_listing how);
/* The last sweep, then the judge is an ordinary process again. */
void reaper_end(void);

#endif
