/* `mpconform scenarios`: the suite's scenarios, as --scenario NAME takes them. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cli_load_suite(const cli_options *opt, scenario_list *list)
{
    char dir[4096];
    if (opt->scenario_dir)
        snprintf(dir, sizeof(dir), "%s", opt->scenario_dir);
    else
        cli_data_path(dir, sizeof(dir), "fixtures/scenarios");
    yerror err;
    if (scenario_load_dir(dir, list, &err) != 0) {
        fprintf(stderr, "mpconform: %s\n", err.text);
        return -1;
    }
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
