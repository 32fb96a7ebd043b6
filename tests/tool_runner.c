/* Test support: see tool_runner.h. */
#include "tool_runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char *tool_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                buf = NULL;
            }
            buf = grown;
        }
    }
    fclose(f);
    if (buf)
        buf[len] = 0;
    return buf;
}

tool_output tool_run(const char *const *args)
{
    return tool_run_with(args, NULL);
}

tool_output tool_run_with(const char *const *args, void (*in_child)(void))
{
    tool_output o = { -1, NULL, NULL };
    char out_path[] = "/tmp/mpc-out-XXXXXX", err_path[] = "/tmp/mpc-err-XXXXXX";
    int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        if (in_child)
            in_child();
        const char *argv[64] = { "bin/mpconform" };
        size_t n = 1;
        for (size_t i = 0; args[i] && n < 63; i++)
            argv[n++] = args[i];
        argv[n] = NULL;
        execv("bin/mpconform", (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    o.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    close(out_fd);
    close(err_fd);
    o.out = tool_read_file(out_path);
    o.err = tool_read_file(err_path);
    unlink(out_path);
    unlink(err_path);
    return o;
}

void tool_output_free(tool_output *o)
{
    free(o->out);
    free(o->err);
    o->out = o->err = NULL;
}

char *tool_temp_dir(const char *tag)
{
    char *dir = NULL;
    if (asprintf(&dir, "/tmp/mpc-%s-XXXXXX", tag) < 0)
        return NULL;
    if (!mkdtemp(dir)) {
        free(dir);
        return NULL;
    }
    return dir;
}

json_t *tool_load_report(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/report.json", dir);
    return json_load_file(path, 0, NULL);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *tool_report_rule_ids(json_t *report)
{
    const char *ids[4096];
    size_t n = 0;
    size_t si, vi;
    json_t *sc, *v;
    json_array_foreach(json_object_get(report, "scenarios"), si, sc) {
        json_array_foreach(json_object_get(sc, "violations"), vi, v) {
            const char *id = json_string_value(json_object_get(v, "rule"));
            if (id && n < 4096)
                ids[n++] = id;
        }
    }
    qsort(ids, n, sizeof(char *), compare_strings);
    size_t cap = 1, len = 0;
    for (size_t i = 0; i < n; i++)
        cap += strlen(ids[i]) + 1;
    char *text = calloc(1, cap);
    for (size_t i = 0; text && i < n; i++) {
        if (i && strcmp(ids[i], ids[i - 1]) == 0)
            continue;
        len += (size_t)sprintf(text + len, "%s%s", len ? " " : "", ids[i]);
    }
    return text;
}

/* Runs a shell command line; returns its exit status and, when out is given,
 * what it printed (stdout and stderr), which the caller frees. */
int tool_shell(const char *cmd, char **out)
{
    char line[65536 + 16];
    snprintf(line, sizeof(line), "(%s) 2>&1", cmd);
    FILE *p = popen(line, "r");
    ck_assert_ptr_nonnull(p);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (len + 1 == cap)
            buf = realloc(buf, cap *= 2);
    }
    buf[len] = 0;
    int status = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void tool_remove_dir(char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    free(dir);
}

int tool_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

void tool_blank_junit_times(char *xml)
{
    char *w = xml;
    for (const char *r = xml; *r;) {
        if (strncmp(r, "time=\"", 6) == 0) {
            memcpy(w, "time=\"", 6);
            w += 6;
            r += 6;
            while (*r && *r != '"')
                r++;
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
}

const char *tool_path_in(const char *dir, const char *name)
{
    static char buf[4][1024];
    static unsigned k;
    char *out = buf[k++ % 4];
    snprintf(out, sizeof buf[0], "%s/%s", dir, name);
    return out;
}
