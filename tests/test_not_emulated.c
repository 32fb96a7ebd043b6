/* The DDIs the shim declares but the host does not emulate
 * (harness/host/ndis/not_emulated.list and its generated stubs): every
 * declaration of harness/include resolves in the host, to an emulation, a
 * stub or the C library, and nothing is both listed and emulated; calling a
 * stub stops the host with crash not_emulated; a driver that calls one gets
 * HOST-NOT-EMULATED and a not-proven entry, one that only imports one runs
 * clean. */
#include <check.h>
#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/ndis/ndis_internal.h"
#include "host/ndis/not_emulated.h"   /* and trace/not_emulated.h, the table */
#include "host/host_run.h"
#include "ndis_fixture.h"
#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })
#define MAX_DECLS 1024

typedef struct {
    char name[96];
    int is_data;
    char file[512];
} decl;

static decl decls[MAX_DECLS];
static size_t ndecls;

/* Removes the comments of a header in place (string literals in the shim's
 * declarations hold no comment markers). */
static void strip_comments(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        if (r[0] == '/' && r[1] == '*') {
            char *end = strstr(r + 2, "*/");
            r = end ? end + 2 : r + strlen(r);
        } else if (r[0] == '/' && r[1] == '/') {
            while (*r && *r != '\n')
                r++;
        } else {
            *w++ = *r++;
        }
    }
    *w = 0;
}

/* The name a declaration declares: the identifier before its first '(' (a
 * function), else its last identifier (a variable). */
static int declared_name(const char *text, size_t len, decl *out)
{
    const char *paren = memchr(text, '(', len);
    const char *end = paren ? paren : text + len;
    while (end > text && (isspace((unsigned char)end[-1]) || end[-1] == ']' || end[-1] == '['))
        end--;
    const char *start = end;
    while (start > text && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
        start--;
    if (start == end || (size_t)(end - start) >= sizeof out->name)
        return -1;
    memcpy(out->name, start, (size_t)(end - start));
    out->name[end - start] = 0;
    out->is_data = paren == NULL;
    return 0;
}

/* Every "extern ... ;" at the start of a line of one header. */
static void read_header(const char *path)
{
    char *text = tool_read_file(path);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    strip_comments(text);
    for (char *p = text; (p = strstr(p, "extern")) != NULL; p += 6) {
        const char *line = p;
        while (line > text && (line[-1] == ' ' || line[-1] == '\t'))
            line--;
        if ((line > text && line[-1] != '\n') || !isspace((unsigned char)p[6]))
            continue;
        char *semi = strchr(p, ';');
        if (!semi)
            break;
        size_t len = (size_t)(semi - p - 6);
        if (memchr(p, '{', len) || memchr(p, '"', len))
            continue;   /* extern "C" { and the like */
        ck_assert_uint_lt(ndecls, MAX_DECLS);
        decl *d = &decls[ndecls];
        if (declared_name(p + 6, len, d) == 0) {
            snprintf(d->file, sizeof d->file, "%s", path);
            ndecls++;
        }
    }
    free(text);
}

static void read_headers(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            read_headers(path);
        else if (strlen(e->d_name) > 2 && strcmp(e->d_name + strlen(e->d_name) - 2, ".h") == 0)
            read_header(path);
    }
    closedir(d);
}

static const decl *find_decl(const char *name)
{
    for (size_t i = 0; i < ndecls; i++)
        if (strcmp(decls[i].name, name) == 0)
            return &decls[i];
    return NULL;
}

static const not_emulated_ddi *find_stub(const char *name)
{
    for (const not_emulated_ddi *s = not_emulated_ddis; s->name; s++)
        if (strcmp(s->name, name) == 0)
            return s;
    return NULL;
}

static void *libc_handle(void)
{
    void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
    ck_assert_ptr_nonnull(libc);
    return libc;
}

/* The parser itself: names the shim is known to declare, as functions and
 * as data, so an empty or wrong reading cannot pass the checks below. */
START_TEST(the_shim_declarations_are_read)
{
    read_headers("harness/include");
    ck_assert_uint_gt(ndecls, 200);
    const decl *d = find_decl("NdisMRegisterMiniportDriver");
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(d->is_data, 0);
    d = find_decl("ExEventObjectType");
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(d->is_data, 1);
    ck_assert_ptr_nonnull(find_decl("ObReferenceObjectByHandle"));
}
END_TEST

/* A declared DDI that is neither emulated nor listed would let a driver
 * compile that preflight then refuses. */
START_TEST(every_declaration_is_emulated_listed_or_libc)
{
    read_headers("harness/include");
    for (size_t i = 0; i < ndecls; i++)
        ck_assert_msg(dlsym(RTLD_DEFAULT, decls[i].name) != NULL,
                      "%s (%s) is declared but neither emulated, listed in "
                      "harness/host/ndis/not_emulated.list nor the C library's",
                      decls[i].name, decls[i].file);
}
END_TEST

/* A listed name resolves to its stub, not to an emulation (the link fails
 * when harness/host/ndis defines it too) nor the C library (the stub would
 * hide it); it is declared by the shim, as function or data as listed. */
START_TEST(every_listed_ddi_is_a_stub_the_shim_declares)
{
    read_headers("harness/include");
    void *libc = libc_handle();
    size_t n = 0;
    for (const not_emulated_ddi *s = not_emulated_ddis; s->name; s++, n++) {
        const decl *d = find_decl(s->name);
        ck_assert_msg(d != NULL, "%s is listed but harness/include does not declare it", s->name);
        ck_assert_msg(d->is_data == s->is_data, "%s is listed as %s but declared as %s", s->name,
                      s->is_data ? "data" : "a function", d->is_data ? "data" : "a function");
        ck_assert_msg(dlsym(RTLD_DEFAULT, s->name) == s->address, "%s is listed but emulated", s->name);
        ck_assert_msg(dlsym(libc, s->name) == NULL, "%s is listed but the C library defines it", s->name);
    }
    dlclose(libc);
    /* the table is the list: one entry a line */
    char *list = tool_read_file("harness/host/ndis/not_emulated.list");
    ck_assert_ptr_nonnull(list);
    size_t lines = 0;
    for (char *line = strtok(list, "\n"); line; line = strtok(NULL, "\n")) {
        while (isspace((unsigned char)*line))
            line++;
        if (*line && *line != '#') {
            char name[96];
            ck_assert_int_eq(sscanf(line, "%95s", name), 1);
            ck_assert_msg(find_stub(name) != NULL, "%s is listed but has no stub", name);
            lines++;
        }
    }
    free(list);
    ck_assert_uint_eq(lines, n);
    ck_assert_uint_gt(n, 0);
}
END_TEST

/* The WDK declares kernel data as a pointer to the kernel's object
 * (extern POBJECT_TYPE *ExEventObjectType): a driver reads
 * *ExEventObjectType before passing it on, so the stub points at zeroes. */
START_TEST(data_stubs_point_at_zeroes)
{
    ck_assert_ptr_nonnull(ExEventObjectType);
    ck_assert_ptr_null(*ExEventObjectType);
    ck_assert_ptr_nonnull(PsThreadType);
    ck_assert_ptr_null(*PsThreadType);
    const not_emulated_ddi *s = find_stub("PsProcessType");
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(s->is_data, 1);
    ck_assert_ptr_eq(s->address, (const void *)&PsProcessType);
}
END_TEST

/* A stub records crash not_emulated naming the DDI and ends the host with
 * its own status, as KeBugCheckEx does: the scenario stops there. */
START_TEST(a_stub_called_stops_the_host)
{
    ck_assert_ptr_nonnull(ndis_fixture_begin(NULL, 0));
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        PVOID object = NULL;
        ObReferenceObjectByHandle(NULL, 0, *ExEventObjectType, UserMode, &object, NULL);
        _exit(0);   /* not reached when the stub works */
    }
    event ev;
    ndis_fixture_expect_fatal(pid, HOST_EXIT_NOT_EMULATED, "not_emulated", &ev);
    ck_assert_str_eq(ndis_fixture_str(&ev, "ddi"), "ObReferenceObjectByHandle");
    event_free(&ev);
    ndis_fixture_end();
}
END_TEST

/* The line of sample-miniports/vnic/adapter.c that calls the DDI. */
static int line_of(const char *path, const char *needle)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char buf[512];
    int n = 0, found = 0;
    while (!found && fgets(buf, sizeof buf, f)) {
        n++;
        found = strstr(buf, needle) != NULL;
    }
    fclose(f);
    ck_assert_msg(found, "%s: no %s", path, needle);
    return n;
}

/* vnic-not-emulated calls MmIsVerifierEnabled in MiniportInitializeEx:
 * preflight lets it load, every scenario stops at the call, the finding
 * points at the driver's line, the report lists the rest of the scenario as
 * not proven, and the run fails (an error), never as HOST-CRASH. */
START_TEST(a_driver_calling_one_gets_host_not_emulated)
{
    tool_output o = RUN("run", "--no-color", "--scenario", "lifecycle", "build/samples/vnic-not-emulated.so");
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_null(strstr(o.err, "which mpconform does not emulate\n"));  /* not refused */
    ck_assert_ptr_nonnull(strstr(o.err, "mpconform: note: the driver imports MmIsVerifierEnabled, which"));
    ck_assert_ptr_nonnull(strstr(o.out, "ERROR HOST-NOT-EMULATED  the driver called MmIsVerifierEnabled in "
                                        "MiniportInitializeEx, which mpconform does not emulate: the scenario "
                                        "stopped there and what follows is not proven"));
    char at[128];
    snprintf(at, sizeof at, "at VnicInitialize (sample-miniports/vnic/adapter.c:%d)",
             line_of("sample-miniports/vnic/adapter.c", "MmIsVerifierEnabled("));
    ck_assert_msg(strstr(o.out, at) != NULL, "no '%s' in:\n%s", at, o.out);
    const char *unproven = strstr(o.out, "Not proven for this driver");
    ck_assert_ptr_nonnull(unproven);
    ck_assert_ptr_nonnull(strstr(unproven, "- the rest of the scenario [lifecycle]\n      the driver called "
                                           "MmIsVerifierEnabled, which mpconform does not emulate, in "
                                           "MiniportInitializeEx"));
    ck_assert_ptr_null(strstr(unproven, "the host crashed"));   /* one entry, naming the DDI */
    ck_assert_ptr_null(strstr(o.out, "HOST-CRASH"));
    tool_output_free(&o);
}
END_TEST

/* vnic-not-emulated-unused imports ObCloseHandle on a path no scenario
 * takes: it loads, and the run is as clean as the correct vnic's. */
START_TEST(a_driver_only_importing_one_runs_clean)
{
    tool_output o = RUN("run", "--no-color", "--scenario", "lifecycle", "build/samples/vnic-not-emulated-unused.so");
    ck_assert_msg(o.status == 0, "exit %d: %s%s", o.status, o.out, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "Findings: none"));
    ck_assert_ptr_null(strstr(o.out, "not emulate"));
    /* never silent: the run says up front which paths it cannot check */
    ck_assert_ptr_nonnull(strstr(o.err, "mpconform: note: the driver imports ObCloseHandle, which mpconform does "
                                        "not emulate: a scenario that calls one stops there (HOST-NOT-EMULATED)"));
    tool_output_free(&o);
    /* a driver importing none: no note */
    o = RUN("run", "--no-color", "--scenario", "lifecycle", "build/samples/vnic.so");
    ck_assert_int_eq(o.status, 0);
    ck_assert_ptr_null(strstr(o.err, "does not emulate"));
    tool_output_free(&o);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("not_emulated");
    TCase *tc = tcase_create("list");
    tcase_add_test(tc, the_shim_declarations_are_read);
    tcase_add_test(tc, every_declaration_is_emulated_listed_or_libc);
    tcase_add_test(tc, every_listed_ddi_is_a_stub_the_shim_declares);
    tcase_add_test(tc, data_stubs_point_at_zeroes);
    tcase_add_test(tc, a_stub_called_stops_the_host);
    suite_add_tcase(s, tc);
    TCase *runs = tcase_create("runs");
    tcase_set_timeout(runs, 120);
    tcase_add_test(runs, a_driver_calling_one_gets_host_not_emulated);
    tcase_add_test(runs, a_driver_only_importing_one_runs_clean);
    suite_add_tcase(s, runs);
    return ndis_fixture_run(s);
}
