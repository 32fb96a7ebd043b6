/* `mpconform rules` and `mpconform explain ID`. */
#include "cli.h"
#include "../rules/rules.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

ruleset *cli_load_rules(const char *const *extra, size_t nextra)
{
    char checks[4096];
    cli_data_path(checks, sizeof(checks), "checks");
    const char *dirs[CLI_MAX_RULE_DIRS + 1];
    dirs[0] = checks;
    for (size_t i = 0; i < nextra; i++)
        dirs[i + 1] = extra[i];
    yerror err;
    ruleset *rs = ruleset_load(dirs, nextra + 1, &err);
    if (!rs)
        fprintf(stderr, "mpconform: %s\n", err.text);
    return rs;
}

/* --rules DIR (repeatable) and positional arguments. */
static int parse_rules_args(int argc, char **argv, const char **dirs, size_t *ndirs, int *first_positional)
{
    static const struct option longopts[] = { { "rules", required_argument, NULL, 'R' },
                                              { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
    optind = 1;
    opterr = 0;
    int c;
    *ndirs = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'R' && *ndirs < CLI_MAX_RULE_DIRS) {
            dirs[(*ndirs)++] = optarg;
        } else if (c == 'h') {
            printf("usage: mpconform %s [--rules DIR]...%s\n", argv[0], strcmp(argv[0], "explain") == 0 ? " ID" : "");
            return 1;
        } else {
            fprintf(stderr, "mpconform %s: unknown option '%s'\n", argv[0], argv[optind - 1]);
            return -1;
        }
    }
    *first_positional = optind;
    return 0;
}

int cmd_rules(int argc, char **argv)
{
    const char *dirs[CLI_MAX_RULE_DIRS];
    size_t ndirs;
    int first;
    int rc = parse_rules_args(argc, argv, dirs, &ndirs, &first);
    if (rc)
        return rc > 0 ? EXIT_CLEAN : EXIT_USAGE;
    if (first != argc) {
        fprintf(stderr, "mpconform rules: unexpected argument '%s'\n", argv[first]);
        return EXIT_USAGE;
    }
    ruleset *rs = cli_load_rules(dirs, ndirs);
    if (!rs)
        return EXIT_USAGE;
    ruleset_print_list(rs, stdout);
    ruleset_free(rs);
    return EXIT_CLEAN;
}

int cmd_explain(int argc, char **argv)
{
    const char *dirs[CLI_MAX_RULE_DIRS];
    size_t ndirs;
    int first;
    int rc = parse_rules_args(argc, argv, dirs, &ndirs, &first);
    if (rc)
        return rc > 0 ? EXIT_CLEAN : EXIT_USAGE;
    if (first != argc - 1) {
        fprintf(stderr, "usage: mpconform explain [--rules DIR]... ID\n");
        return EXIT_USAGE;
    }
    ruleset *rs = cli_load_rules(dirs, ndirs);
    if (!rs)
        return EXIT_USAGE;
    rc = ruleset_print_explain(rs, argv[first], stdout);
    if (rc != 0)
        fprintf(stderr, "mpconform explain: no rule has the id '%s' (see 'mpconform rules')\n", argv[first]);
    ruleset_free(rs);
    return rc == 0 ? EXIT_CLEAN : EXIT_USAGE;
}
