/* Which scenarios a run runs: the suite (--scenarios DIR or the default),
 * the ones --scenario names or gives as files, the part --shard I/N takes;
 * and `mpconform scenarios`, which lists the suite by name. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

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
