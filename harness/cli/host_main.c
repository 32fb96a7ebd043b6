/* mpconform-host: the host process alone (`mpconform-host __host ...`,
 * cmd_host.c), what the judge executes for each scenario. A program of its
 * own so that a host maps and relocates only the libraries the host uses
 * (libyaml, libunwind, libxxhash, all linked in statically), not the
 * judge's (libxml2 with ICU, libdw, libelf, jansson): that start-up was most
 * of what a host cost once it stopped loading the rules
 * (docs/decisions-host.md). */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
/* `make sanitize` only. A host ends with _exit, so LeakSanitizer runs in
 * one only when the driver calls exit(), and then its ptrace is refused by
 * the host's seccomp filter: it retried for minutes. Not a leak check lost:
 * the host never reached one otherwise. (LeakSanitizer's documented hook.) */
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
    return 1;
}
#endif

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "__host") != 0) {
        fprintf(stderr, "mpconform-host: internal program, started by 'mpconform run'\n");
        return EXIT_USAGE;
    }
    return cmd_host(argc - 1, argv + 1);
}
