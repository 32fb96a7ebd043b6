/* Which scenarios a run runs: the suite (--scenarios DIR or the default),
 * the ones --scenario names or gives as files, the part --shard I/N takes;
 * and `mpconform scenarios`, which lists the suite by name. */
#include "cli.h"
#include "../input/scenario_budget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_load_suite(const cli_options *opt, scenario_list *list)
{
    char dir[4096];
    cli_data_path(dir, sizeof(dir), "fixtures/scenarios");
    size_t ndirs = opt->nscenario_dirs ? opt->nscenario_dirs : 1;
    for (size_t i = 0; i < ndirs; i++) {
        yerror err;
        if (scenario_load_dir(opt->nscenario_dirs ? opt->scenario_dirs[i] : dir, list, &err) != 0) {
            fprintf(stderr, "mpconform: %s\n", err.text);
            return -1;
        }
    }
    return 0;
}

/* `--scenario -`, /dev/stdin or a pipe: read once, here, into a regular file
 * the hosts can each open (they re-read the scenario by path). Removed when
 * mpconform exits. */
static char stream_copies[8][64];
static size_t nstream_copies;

static void remove_stream_copies(void)
{
    for (size_t i = 0; i < nstream_copies; i++)
        unlink(stream_copies[i]);
}

static int is_stream(const char *path)
{
    struct stat st;
    return strcmp(path, "-") == 0 || (stat(path, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)));
}

static const char *copy_stream(const char *path)
{
    if (nstream_copies == sizeof stream_copies / sizeof stream_copies[0]) {
        fprintf(stderr, "mpconform: at most %zu scenarios from streams\n", nstream_copies);
        return NULL;
    }
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    char *copy = stream_copies[nstream_copies];
    snprintf(copy, sizeof stream_copies[0], "/tmp/mpconform-scenario-XXXXXX");
    int fd = in ? mkstemp(copy) : -1;
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    size_t total = 0, n;
    char buf[8192];
    while (out && (n = fread(buf, 1, sizeof buf, in)) > 0 && total <= YAMLDOC_MAX_FILE) {
        total += n;
        fwrite(buf, 1, n, out);
    }
    if (in && in != stdin)
        fclose(in);
    if (!out || fclose(out) != 0 || total > YAMLDOC_MAX_FILE) {
        fprintf(stderr, "mpconform: --scenario %s: %s\n", path,
                total > YAMLDOC_MAX_FILE ? "larger than a scenario file may be" : "cannot read it");
        if (fd >= 0)
            unlink(copy);
        return NULL;
    }
    if (nstream_copies++ == 0)
        atexit(remove_stream_copies);
    return copy;
}

/* --scenario takes a file, or the name of a scenario of the suite. */
static int looks_like_name(const char *s)
{
    return !strchr(s, '/') && !strstr(s, ".yaml") && !strstr(s, ".yml");
}

static int load_named(const cli_options *opt, scenario_list *list)
{
    yerror err;
    memset(list, 0, sizeof(*list));
    scenario_list suite = { 0 };
    int have_suite = 0, rc = 0;
    for (size_t i = 0; i < opt->nscenario_files && rc == 0; i++) {
        const char *want = opt->scenario_files[i];
        if (is_stream(want) && !(want = copy_stream(want))) {
            rc = -1;
            break;
        }
        if (!looks_like_name(want)) {
            if ((rc = scenario_list_add_file(list, want, &err)) != 0)
                fprintf(stderr, "mpconform: %s\n", err.text);
            continue;
        }
        if (!have_suite && (rc = cli_load_suite(opt, &suite)) != 0)
            break;
        have_suite = 1;
        size_t k = 0;
        while (k < suite.count && strcmp(suite.items[k].name, want) != 0)
            k++;
        if (k == suite.count) {
            fprintf(stderr, "mpconform: --scenario %s: no scenario of that name in the suite "
                            "(see 'mpconform scenarios')\n", want);
            rc = -1;
        } else if ((rc = scenario_list_add_file(list, suite.items[k].file, &err)) != 0) {
            fprintf(stderr, "mpconform: %s\n", err.text);
        }
    }
    scenario_list_free(&suite);
    if (rc != 0 || (opt->nscenario_files && !opt->nscenario_dirs))
        return rc;
    return cli_load_suite(opt, list);
}

/* --shard I/N: scenario k (0-based, in suite order) runs in shard k % N + 1,
 * so the shards partition the suite the same way on every runner. */
int cli_select_scenarios(const cli_options *opt, scenario_list *list)
{
    if (load_named(opt, list) != 0)
        return -1;
    for (size_t k = 0; k < list->count; k++) {
        yerror err;
        if (scenario_check_budget(&list->items[k], opt->max_events, &err) != 0) {
            fprintf(stderr, "mpconform: %s\n", err.text);
            return -1;
        }
    }
    if (!opt->shard_count)
        return 0;
    size_t kept = 0;
    for (size_t k = 0; k < list->count; k++) {
        if (k % opt->shard_count == opt->shard_index - 1)
            list->items[kept++] = list->items[k];
        else
            scenario_free(&list->items[k]);
    }
    list->count = kept;
    return 0;
}

int cmd_scenarios(int argc, char **argv)
{
    cli_options opt;
    int prc = cli_parse_options(argc, argv, &opt, 0);
    if (prc)
        return prc > 0 ? EXIT_CLEAN : EXIT_USAGE;
    scenario_list suite = { 0 };
    if (cli_load_suite(&opt, &suite) != 0)
        return EXIT_USAGE;
    for (size_t i = 0; i < suite.count; i++)
        printf("%-44s %s\n", suite.items[i].name, suite.items[i].description ? suite.items[i].description : "");
    scenario_list_free(&suite);
    return EXIT_CLEAN;
}
