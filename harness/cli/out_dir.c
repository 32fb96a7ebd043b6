/* The report set of -o DIR appears whole or not at all, and never mixes two
 * runs: a run holds a lock beside DIR (a second run on the same DIR is
 * refused at once), writes every file into a fresh staging directory beside
 * DIR, and at the end swaps it into place with one rename (RENAME_EXCHANGE
 * when DIR already exists). A run that dies leaves the previous report set
 * untouched. When DIR holds files that are not mpconform's, they stay: the
 * reports are then moved in one by one and the previous run's reports that
 * this run did not write are removed. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Every file a run writes into DIR. */
static const char *const report_files[] = { "report.txt", "report.json", "report.junit.xml", "report.sarif",
                                            "report.html", "trace.jsonl", NULL };

static struct {
    char final[PATH_MAX];
    char staging[2 * PATH_MAX + 32];
    char lock[2 * PATH_MAX + 32];
    int lock_fd;
    int active;
} out = { .lock_fd = -1 };

static int make_dirs(const char *path)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return (mkdir(buf, 0777) != 0 && errno != EEXIST) ? -1 : 0;
}

static int is_report_file(const char *name)
{
    for (size_t i = 0; report_files[i]; i++)
        if (strcmp(report_files[i], name) == 0)
            return 1;
    return 0;
}

/* Removes dir and the report files in it (a staging dir, or a swapped-out
 * previous set); nothing else is ever deleted. */
static void remove_set(const char *dir)
{
    char path[sizeof out.staging + 32];
    for (size_t i = 0; report_files[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, report_files[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* Staging directories of runs that died (killed between start and commit):
 * we hold the lock, so no live run owns them. */
static void remove_stale_staging(const char *parent, const char *base)
{
    char prefix[PATH_MAX + 32];
    snprintf(prefix, sizeof prefix, ".%s.mpconform-new-", base);
    DIR *d = opendir(parent);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
            continue;
        char stale[2 * PATH_MAX + 32];
        snprintf(stale, sizeof stale, "%s/%s", parent, e->d_name);
        remove_set(stale);
    }
    if (d)
        closedir(d);
}

static void abandon(void)
{
    if (out.active)
        remove_set(out.staging);
    if (out.lock_fd >= 0) {
        unlink(out.lock);
        close(out.lock_fd);
    }
    out.active = 0;
    out.lock_fd = -1;
}

/* Checked before anything runs, so a bad -o never costs a whole suite. */
int cli_prepare_out_dir(cli_options *opt)
{
    struct stat st;
    if (opt->source_root && (stat(opt->source_root, &st) != 0 || !S_ISDIR(st.st_mode))) {
        fprintf(stderr, "mpconform: --source-root %s: not a directory\n", opt->source_root);
        return -1;
    }
    if (opt->formats & ~FORMAT_TEXT && !opt->out_dir) {
        fprintf(stderr, "mpconform: --format json, junit, sarif and html write files: give -o DIR\n");
        return -1;
    }
    if (!opt->out_dir)
        return 0;
    const char *dir = opt->out_dir;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "mpconform: -o %s: exists and is not a directory\n", dir);
        return -1;
    }
    /* The parent holds the lock and the staging directory. */
    snprintf(out.final, sizeof out.final, "%s", dir);
    size_t n = strlen(out.final);
    while (n > 1 && out.final[n - 1] == '/')
        out.final[--n] = 0;
    /* DIR = parent/base ("." or "/" when DIR has no other parent). */
    char parent[PATH_MAX];
    const char *slash = strrchr(out.final, '/');
    const char *base = slash ? slash + 1 : out.final;
    snprintf(parent, sizeof parent, "%.*s", slash ? (int)(slash - out.final) : 1, slash ? out.final : ".");
    if (!parent[0])
        snprintf(parent, sizeof parent, "/");
    if (make_dirs(parent) != 0) {
        fprintf(stderr, "mpconform: cannot create the output directory %s: %s\n", dir, strerror(errno));
        return -1;
    }
    snprintf(out.lock, sizeof out.lock, "%s/.%s.mpconform.lock", parent, base);
    out.lock_fd = open(out.lock, O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    if (out.lock_fd < 0) {
        fprintf(stderr, "mpconform: -o %s: cannot write there: %s\n", dir, strerror(errno));
        return -1;
    }
    if (flock(out.lock_fd, LOCK_EX | LOCK_NB) != 0) {
        fprintf(stderr, "mpconform: -o %s: another mpconform run is writing its reports there\n", dir);
        close(out.lock_fd);
        out.lock_fd = -1;
        return -1;
    }
    remove_stale_staging(parent, base);
    snprintf(out.staging, sizeof out.staging, "%s/.%s.mpconform-new-XXXXXX", parent, base);
    if (!mkdtemp(out.staging)) {
        fprintf(stderr, "mpconform: -o %s: cannot write there: %s\n", dir, strerror(errno));
        abandon();
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    chmod(out.staging, 0777 & ~mask);  /* mkdtemp's 0700 would become DIR's mode */
    out.active = 1;
    atexit(abandon);  /* an error path that returns early leaves the old set as it was */
    opt->out_dir = out.staging;
    return 0;
}

/* 1 when dir holds only report files (or nothing). */
static int only_reports(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    int only = 1;
    while (only && (e = readdir(d)))
        only = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || is_report_file(e->d_name);
    closedir(d);
    return only;
}

int cli_commit_out_dir(void)
{
    if (!out.active)
        return 0;
    struct stat st;
    int rc = 0;
    if (stat(out.final, &st) != 0) {
        rc = rename(out.staging, out.final);
    } else if (only_reports(out.final) &&
               renameat2(AT_FDCWD, out.staging, AT_FDCWD, out.final, RENAME_EXCHANGE) == 0) {
        /* The previous set is now in the staging path. */
    } else {
        /* Foreign files in DIR (or no RENAME_EXCHANGE): file by file. */
        char from[sizeof out.staging + 32], to[PATH_MAX + 32];
        for (size_t i = 0; report_files[i] && rc == 0; i++) {
            snprintf(from, sizeof from, "%s/%s", out.staging, report_files[i]);
            snprintf(to, sizeof to, "%s/%s", out.final, report_files[i]);
            if (rename(from, to) != 0 && errno == ENOENT)
                unlink(to);  /* not written by this run: the old one must not stay beside the new */
        }
    }
    if (rc != 0) {
        fprintf(stderr, "mpconform: cannot move the reports into %s: %s\n", out.final, strerror(errno));
        return -1;
    }
    remove_set(out.staging);
    out.active = 0;
    return 0;
}

void cli_report_write_error(const char *message)
{
    size_t n = out.active ? strlen(out.staging) : 0;
    if (n && strncmp(message, out.staging, n) == 0)
        fprintf(stderr, "mpconform: %s%s\n", out.final, message + n);
    else
        fprintf(stderr, "mpconform: %s\n", message);
}
