/* What every report writer shares: counting findings, the verdict, freeing a
 * run result, and writing a file so that it appears whole or not at all. */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const outcome_names[] = {
    [SCENARIO_COMPLETED] = "completed",
    [SCENARIO_CRASHED] = "crashed",
    [SCENARIO_HUNG] = "hung",
    [SCENARIO_LOAD_ERROR] = "load error",
    [SCENARIO_NOT_EXERCISED] = "not exercised",
    [SCENARIO_STOPPED] = "stopped by the harness",
};

int unproven_add(unproven_list *l, const char *what, const char *reason, const char *scenario)
{
    unproven_item *grown = realloc(l->items, (l->count + 1) * sizeof(unproven_item));
    if (!grown)
        return -1;
    l->items = grown;
    unproven_item *it = &l->items[l->count];
    it->what = strdup(what ? what : "");
    it->reason = strdup(reason ? reason : "");
    it->scenario = scenario ? strdup(scenario) : NULL;
    if (!it->what || !it->reason || (scenario && !it->scenario)) {
        free(it->what);
        free(it->reason);
        free(it->scenario);
        return -1;
    }
    l->count++;
    return 0;
}

void unproven_list_free(unproven_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].what);
        free(l->items[i].reason);
        free(l->items[i].scenario);
    }
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

const char *scenario_outcome_name(scenario_outcome o)
{
    if ((unsigned)o < sizeof outcome_names / sizeof outcome_names[0])
        return outcome_names[o];
    return "unknown";
}

void run_result_counts(const run_result *r, size_t counts[3])
{
    counts[SEV_INFO] = counts[SEV_WARNING] = counts[SEV_ERROR] = 0;
    for (size_t s = 0; s < r->nscenarios; s++) {
        const violation_list *vl = &r->scenarios[s].violations;
        for (size_t i = 0; i < vl->count; i++) {
            unsigned sev = (unsigned)vl->items[i].sev;
            if (sev <= SEV_ERROR && violation_active(&vl->items[i]))
                counts[sev]++;
        }
    }
}

int run_result_failed(const run_result *r)
{
    for (size_t s = 0; s < r->nscenarios; s++) {
        const violation_list *vl = &r->scenarios[s].violations;
        for (size_t i = 0; i < vl->count; i++)
            if (vl->items[i].sev >= r->fail_on && violation_active(&vl->items[i]))
                return 1;
    }
    return 0;
}

void run_result_free(run_result *r)
{
    if (!r)
        return;
    for (size_t s = 0; s < r->nscenarios; s++) {
        scenario_result *sc = &r->scenarios[s];
        free(sc->name);
        free(sc->description);
        violation_list_free(&sc->violations);
        unproven_list_free(&sc->not_exercised);
        unproven_list_free(&sc->skipped);
        unproven_list_free(&sc->exercised);
        scenario_story_free(&sc->story);
    }
    unproven_list_free(&r->unproven);
    free(r->scenarios);
    for (size_t i = 0; i < r->ncoverage; i++) {
        free(r->coverage[i].name);
        free(r->coverage[i].group);
    }
    free(r->coverage);
    free(r->driver);
    free(r->tool_version);
    free(r->source_root);
    memset(r, 0, sizeof *r);
}

int report_write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The temporary name carries the pid so that parallel runs writing the same
 * report never share a temporary file. */
static int temporary_name(const char *path, char *tmp, size_t size, char *err, size_t errlen)
{
    int n = snprintf(tmp, size, "%s.tmp.%ld", path, (long)getpid());
    if (n >= 0 && (size_t)n < size)
        return 0;
    snprintf(err, errlen, "%s: path too long", path);
    return -1;
}

/* fd holds tmp's whole content: to disk, then renamed to path. fd is
 * closed; on failure tmp is removed and err says which step failed. */
static int settle(int fd, const char *tmp, const char *path, char *err, size_t errlen)
{
    const char *step = "fsync";
    if (fsync(fd) < 0)
        goto fail;
    step = "close";
    int rc = close(fd);
    fd = -1;
    if (rc < 0)
        goto fail;
    step = "rename";
    if (rename(tmp, path) < 0)
        goto fail;
    return 0;

fail:;
    int saved = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    snprintf(err, errlen, "%s: %s failed: %s", path, step, strerror(saved));
    return -1;
}

int report_atomic_write_with(const char *path, report_fill_fn fill, void *ctx, char *err, size_t errlen)
{
    char tmp[4096];
    if (temporary_name(path, tmp, sizeof tmp, err, errlen) != 0)
        return -1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot create: %s", tmp, strerror(errno));
        return -1;
    }
    if (fill(fd, ctx) < 0) {
        int saved = errno;
        close(fd);
        unlink(tmp);
        snprintf(err, errlen, "%s: write failed: %s", path, strerror(saved));
        return -1;
    }
    return settle(fd, tmp, path, err, errlen);
}

int report_atomic_adopt(const char *path, int fd, char *err, size_t errlen)
{
    char tmp[4096], self[64];
    struct stat st;
    /* Only a file without a name: one that has one (adopted before, or
     * made another way) would become a second name of the same file. */
    if (fstat(fd, &st) != 0 || st.st_nlink != 0)
        return 1;
    if (temporary_name(path, tmp, sizeof tmp, err, errlen) != 0)
        return -1;
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    unlink(tmp);
    if (linkat(AT_FDCWD, self, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) != 0)
        return 1;
    /* A file made by open() gets 0644 less the umask: so does this one. */
    mode_t mask = umask(0);
    umask(mask);
    int own = fcntl(fd, F_DUPFD_CLOEXEC, 0);   /* settle closes its own descriptor, not the caller's */
    if (own < 0 || fchmod(own, 0644 & ~mask) != 0) {
        snprintf(err, errlen, "%s: cannot set the mode of %s: %s", path, tmp, strerror(errno));
        if (own >= 0)
            close(own);
        unlink(tmp);
        return -1;
    }
    return settle(own, tmp, path, err, errlen);
}

typedef struct {
    const char *data;
    size_t len;
} whole_text;

static int fill_whole(int fd, void *ctx)
{
    const whole_text *t = ctx;
    return report_write_all(fd, t->data, t->len);
}

int report_atomic_write(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
    whole_text t = { data, len };
    return report_atomic_write_with(path, fill_whole, &t, err, errlen);
}
