/* How the judge learns that a host exited without a timer tick: a pidfd per
 * host (pidfd_open, Linux >= 5.3) that poll(2) reports readable once the
 * host ended; on older kernels a SIGCHLD handler that writes to a pipe the
 * judge polls too (said once on stderr). */
#ifndef MPC_EXIT_WATCH_H
#define MPC_EXIT_WATCH_H

#include <sys/types.h>

/* Before the hosts start: probes pidfd_open, else installs the SIGCHLD
 * pipe. 0, or -1 when neither can be had (the judge then falls back to
 * waking every EXIT_WATCH_FALLBACK_MS). */
int exit_watch_begin(void);
/* A descriptor readable once child pid ended, or -1 (use exit_watch_fd). */
int exit_watch_open(pid_t pid);
/* The SIGCHLD pipe's read end, or -1 when pidfds are used. */
int exit_watch_fd(void);
/* Empties the SIGCHLD pipe after poll reported it. */
void exit_watch_drain(void);
/* After the last host: restores SIGCHLD, closes the pipe. */
void exit_watch_end(void);

/* Only when neither a pidfd nor the SIGCHLD pipe could be had. */
#define EXIT_WATCH_FALLBACK_MS 100

#endif
