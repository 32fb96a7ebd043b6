/* mpconform: dispatch to the command. */
#include "cli.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: mpconform COMMAND [OPTIONS]\n"
            "\n"
            "Conformance checker for NDIS 6 miniport drivers built as Linux shared objects.\n"
            "\n"
            "commands:\n"
            "  run [OPTIONS] DRIVER.so   drive the miniport through the scenario suite and judge it\n"
            "  check [OPTIONS] TRACE     judge a recorded trace.jsonl again (with today's rules)\n"
            "  rules [--rules DIR]...    list the loaded rules\n"
            "  explain [--rules DIR]... ID\n"
            "                            show one rule with the documentation passage it enforces\n"
            "  merge [OPTIONS] DIR...    combine the results of 'run --shard I/N' into one report set\n"
            "  scenarios [--scenarios DIR]\n"
            "                            list the scenarios of the suite (names for --scenario)\n"
            "\n"
            "Run 'mpconform run --help' for the options of run and check.\n"
            "Exit status: 0 clean, 1 violations at or above --fail-on, 2 usage or input error,\n"
            "3 internal error.\n");
}

int main(int argc, char **argv)
{
    /* jansson's default hash seed is random, and the order in which it frees
     * object members follows the hash: a fixed seed keeps every host's heap,
     * and so the handles the miniport sees, the same from run to run. */
    json_object_seed(0x6d70636f);
    /* A file-size limit (ulimit -f) must make a report fail to write, with a
     * message and exit 3, not kill the judge without a word. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return EXIT_CLEAN;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("mpconform %s\n", MPCONFORM_VERSION);
        return EXIT_CLEAN;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } commands[] = {
        { "run", cmd_run }, { "check", cmd_check }, { "rules", cmd_rules }, { "explain", cmd_explain },
        { "scenarios", cmd_scenarios }, { "merge", cmd_merge },
    };
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "mpconform: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
