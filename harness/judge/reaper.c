/* See reaper.h.  Why a subreaper and not a PID namespace: a PID namespace
 * (CLONE_NEWPID) needs CAP_SYS_ADMIN or an unprivileged user namespace,
 * which many machines and containers refuse; a subreaper needs nothing. */
#include "reaper.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define SWEEP_MAX_ROUNDS 64
#define SWEEP_MAX_BATCH 256

static int subreaper;

void reaper_begin(void)
{
    static int warned;
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0) {
        subreaper = 1;
    } else if (!warned) {
        warned = 1;
        fprintf(stderr, "mpconform: warning: cannot become a child subreaper (%s): processes a driver "
                "forks into a session of their own may outlive the run\n", strerror(errno));
    }
}

/* The parent pid of /proc/PID/stat, or -1. */
static pid_t parent_of(const char *pid)
{
    char path[300], buf[1024];
    snprintf(path, sizeof(path), "/proc/%s/stat", pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *close_paren = strrchr(buf, ')');  /* the command name may hold anything */
    int ppid;
    char state;
    if (!close_paren || sscanf(close_paren + 1, " %c %d", &state, &ppid) != 2)
        return -1;
    return (pid_t)ppid;
}

static int kept(pid_t pid, const pid_t *keep, size_t nkeep)
{
    for (size_t i = 0; i < nkeep; i++)
        if (keep[i] == pid)
            return 1;
    return 0;
}

/* The next entry of d named by a pid or tid, or NULL. */
static const char *next_id(DIR *d)
{
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] >= '1' && de->d_name[0] <= '9')
            return de->d_name;
    return NULL;
}

/* Every process's /proc/PID/stat: a look at each process on the machine. */
static int children_by_scan(pid_t *out, size_t max, size_t *n)
{
    pid_t self = getpid();
    DIR *d = opendir("/proc");
    if (!d)
        return -1;
    const char *id;
    while (*n < max && (id = next_id(d))) {
        pid_t pid = (pid_t)atoi(id);
        if (pid != self && parent_of(id) == self)
            out[(*n)++] = pid;
    }
    closedir(d);
    return 0;
}

/* proc(5): /proc/PID/task/TID/children lists the children of one thread
 * (kernels built with CONFIG_PROC_CHILDREN), so the judge's own threads are
 * all a sweep reads, however many processes the machine runs. -1 when the
 * kernel has no such file. */
static int children_by_task(pid_t *out, size_t max, size_t *n)
{
    char path[300];
    snprintf(path, sizeof(path), "/proc/self/task/%ld/children", (long)getpid());
    if (access(path, R_OK) != 0)
        return -1;
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    const char *id;
    while (*n < max && (id = next_id(d))) {
        snprintf(path, sizeof(path), "/proc/self/task/%s/children", id);
        FILE *f = fopen(path, "re");
        if (!f)
            continue;  /* a thread that ended since readdir */
        long pid;
        while (*n < max && fscanf(f, "%ld", &pid) == 1)
            out[(*n)++] = (pid_t)pid;
        fclose(f);
    }
    closedir(d);
    return 0;
}

size_t reaper_children(pid_t *out, size_t max, reaper_listing how)
{
    size_t n = 0;
    if (how == REAPER_BY_TASK && children_by_task(out, max, &n) == 0)
        return n;
    n = 0;
    return children_by_scan(out, max, &n) == 0 ? n : 0;
}

size_t reaper_sweep(const pid_t *keep, size_t nkeep)
{
    if (!subreaper)
        return 0;
    size_t total = 0;
    for (int round = 0; round < SWEEP_MAX_ROUNDS; round++) {
        pid_t listed[SWEEP_MAX_BATCH], found[SWEEP_MAX_BATCH];
        size_t nlisted = reaper_children(listed, SWEEP_MAX_BATCH, REAPER_BY_TASK), nfound = 0;
        for (size_t i = 0; i < nlisted; i++)
            if (!kept(listed[i], keep, nkeep))
                found[nfound++] = listed[i];
        if (nfound == 0)
            break;
        for (size_t i = 0; i < nfound; i++)
            kill(found[i], SIGKILL);
        /* Each is our child: reap it by pid, never waitpid(-1), which could
         * take a running host's status. Its own children come to us next round. */
        for (size_t i = 0; i < nfound; i++)
            while (waitpid(found[i], NULL, 0) < 0 && errno == EINTR)
                ;
        total += nfound;
    }
    return total;
}

void reaper_end(void)
{
    reaper_sweep(NULL, 0);
    if (subreaper)
        prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
    subreaper = 0;
}
