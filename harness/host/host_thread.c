/* The host lock and the identity of driver threads and processes (see
 * host_thread.h).  This file is compiled without -finstrument-functions:
 * the hooks must not call themselves. */
#include "host_thread.h"
#include "host_state.h"
#include "../trace/wire.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t host_lock = PTHREAD_MUTEX_INITIALIZER;
static int host_thread_known;
/* Which host_thread_begin the calling thread ran (0: none): "is this the
 * host thread" is asked several times an event, and a thread-local word
 * answers it without pthread_self(). A fork keeps the forking thread's
 * word, as pthread_self() keeps its value. */
static unsigned host_generation;
static __thread unsigned begun_generation;
static pid_t host_pid;
static int threads_seen;

static __thread unsigned lock_depth;   /* nested host frames of this thread holding the lock */
static __thread int thread_number;     /* 0 until a driver thread first calls NDIS */
static __thread int thread_irql;
static __thread void *ddi_site;         /* the caller of the outermost DDI call */

#define NO_HOOK __attribute__((no_instrument_function))

/* A process the driver forks has only the thread that forked, which runs
 * the driver's code: the lock starts free there, whoever held it. */
NO_HOOK static void free_lock_in_child(void)
{
    pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
    host_lock = fresh;
    lock_depth = 0;
}

NO_HOOK void host_thread_begin(void)
{
    static int atfork_set;
    if (!atfork_set && pthread_atfork(NULL, NULL, free_lock_in_child) == 0)
        atfork_set = 1;
    host_thread_known = 1;
    begun_generation = ++host_generation;
    host_pid = getpid();
    threads_seen = 0;
    if (lock_depth == 0) {
        pthread_mutex_lock(&host_lock);
        lock_depth = 1;
    }
}

NO_HOOK int host_thread_is_host(void)
{
    return !host_thread_known || begun_generation == host_generation;
}

NO_HOOK int host_thread_number(void)
{
    if (host_thread_is_host())
        return 0;
    if (thread_number == 0)
        thread_number = ++threads_seen;  /* under the host lock: emission holds it */
    return thread_number;
}

NO_HOOK int host_thread_foreign_pid(void)
{
    pid_t pid = wire_current_pid();  /* the wire's cached pid: no system call per event */
    return host_thread_known && pid != host_pid ? (int)pid : 0;
}

NO_HOOK unsigned host_lock_depth(void)
{
    return lock_depth;
}

NO_HOOK unsigned host_lock_release_all(void)
{
    unsigned depth = lock_depth;
    if (depth) {
        lock_depth = 0;
        pthread_mutex_unlock(&host_lock);
    }
    return depth;
}

NO_HOOK void host_lock_restore(unsigned depth)
{
    if (lock_depth == 0 && depth > 0)
        pthread_mutex_lock(&host_lock);
    else if (lock_depth > 0 && depth == 0)
        pthread_mutex_unlock(&host_lock);
    lock_depth = depth;
}

NO_HOOK void host_thread_yield(void)
{
    unsigned depth = host_lock_release_all();
    sched_yield();
    host_lock_restore(depth);
}

NO_HOOK void host_thread_pause_us(uint64_t us)
{
    if (us > 1000)
        us = 1000;
    unsigned depth = host_lock_release_all();
    struct timespec ts = { 0, (long)us * 1000 };
    nanosleep(&ts, NULL);
    host_lock_restore(depth);
}

/* num_threads, field 20 of /proc/self/stat (proc(5)); the fields after
 * the command name, which may hold spaces, start at field 3. */
NO_HOOK int host_thread_others_alive(void)
{
    char buf[1024];
    FILE *f = fopen("/proc/self/stat", "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    for (int field = 2; p && field < 20; field++)
        p = strchr(p + 1, ' ');
    return p && strtol(p + 1, NULL, 10) > 1;
}

NO_HOOK void *host_thread_ddi_site(void)
{
    return ddi_site;
}

NO_HOOK int host_thread_irql(void)
{
    return thread_irql;
}

NO_HOOK void host_thread_set_irql(int irql)
{
    thread_irql = irql;
}

/* GCC's -finstrument-functions hooks: every function of harness/ndis/
 * calls them on entry and exit.  A thread entering from driver code
 * (depth 0) takes the host lock (on the host thread, a DDI call, where the
 * callback stack is checked); leaving the outermost frame gives it back.
 * Nested calls only count. */
NO_HOOK void __cyg_profile_func_enter(void *fn, void *call_site);
NO_HOOK void __cyg_profile_func_exit(void *fn, void *call_site);

void __cyg_profile_func_enter(void *fn, void *call_site)
{
    (void)fn;
    if (lock_depth++ == 0) {
        ddi_site = call_site;
        pthread_mutex_lock(&host_lock);
        if (host_thread_is_host())
            host_check_callbacks_alive();  /* a DDI call: is the miniport still in its callbacks? */
    }
}

void __cyg_profile_func_exit(void *fn, void *call_site)
{
    (void)fn;
    (void)call_site;
    if (lock_depth > 0 && --lock_depth == 0)
        pthread_mutex_unlock(&host_lock);
}
