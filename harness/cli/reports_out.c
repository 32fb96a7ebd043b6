/* Writing the requested reports for run and check. */
#include "cli.h"
#include "../report/report.h"
#include "../report/report_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *cli_source_root(const cli_options *opt)
{
    if (!opt->source_root)
        return NULL;
    char *abs = realpath(opt->source_root, NULL);
    char *out = abs ? malloc(strlen(abs) + 2) : NULL;
    if (out)
        sprintf(out, "%s%s", abs, strcmp(abs, "/") == 0 ? "" : "/");
    free(abs);
    return out;
}

int cli_emit_reports(const cli_options *opt, const run_result *result)
{
    static const struct {
        unsigned bit;
        const char *file;
        int (*write)(const char *, const run_result *, char *, size_t);
    } writers[] = {
        { FORMAT_JSON, "report.json", report_write_json },
        { FORMAT_JUNIT, "report.junit.xml", report_write_junit },
        { FORMAT_SARIF, "report.sarif", report_write_sarif },
        { FORMAT_HTML, "report.html", report_write_html },
    };
    int rc = 0;
    for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++) {
        if (!(opt->formats & writers[i].bit))
            continue;
        char path[4096], err[512];
        snprintf(path, sizeof(path), "%s/%s", opt->out_dir, writers[i].file);
        if (writers[i].write(path, result, err, sizeof(err)) != 0) {
            cli_report_write_error(err);
            rc = EXIT_INTERNAL;
        }
    }
    if (opt->out_dir && (opt->formats & FORMAT_TEXT)) {
        char path[4096], err[4400] = "";
        snprintf(path, sizeof(path), "%s/report.txt", opt->out_dir);
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        int written = f ? report_write_text(f, result, 0) : -1;
        if (!f)
            snprintf(err, sizeof(err), "%s: out of memory", path);
        else if (report_finish_memstream(path, f, &buf, &len, err, sizeof(err)) == 0 && written != 0)
            snprintf(err, sizeof(err), "%s: the text report could not be written", path);
        if (!f || written != 0 || err[0]) {
            cli_report_write_error(err);
            rc = EXIT_INTERNAL;
        }
    }
    report_write_text(stdout, result, opt->color);
    fflush(stdout);
    if (rc == 0 && opt->out_dir && cli_commit_out_dir() != 0)
        rc = EXIT_INTERNAL;
    if (rc)
        return rc;
    return run_result_failed(result) ? EXIT_VIOLATIONS : EXIT_CLEAN;
}
