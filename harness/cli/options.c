/* Options of `run` and `check`, and where the data files are. */
#include "cli.h"
#include "../trace/host_limits.h"
#include "../judge/isolation.h"
#include "../judge/loop_detect.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The data (checks/, fixtures/, scripts/valgrind.supp) is found relative to
 * the executable, never at a path compiled in: the same binary works in the
 * source tree (bin/ or build/tests/ under it), installed under any PREFIX,
 * and staged under a DESTDIR. */
static int data_dir_beside(const char *exe_dir, char *dir, size_t len)
{
    static const char *const candidates[] = { "..", "../..", "../share/mpconform" };
    char probe[PATH_MAX + 64];
    for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
        snprintf(probe, sizeof(probe), "%s/%s/checks", exe_dir, candidates[i]);
        if (is_dir(probe)) {
            snprintf(probe, sizeof(probe), "%s/%s", exe_dir, candidates[i]);
            if (realpath(probe, dir))
                return 0;
            if (strlen(probe) < len) {
                memcpy(dir, probe, strlen(probe) + 1);
                return 0;
            }
        }
    }
    return -1;
}

const char *cli_data_dir(void)
{
    static char dir[PATH_MAX];
    if (dir[0])
        return dir;
    const char *env = getenv("MPCONFORM_HOME");
    if (env && *env) {
        snprintf(dir, sizeof(dir), "%s", env);
        return dir;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            if (data_dir_beside(exe, dir, sizeof(dir)) == 0)
                return dir;
        }
    }
    /* Nothing found: name the usual place so the error message is useful. */
    snprintf(dir, sizeof(dir), "/usr/local/share/mpconform");
    return dir;
}

void cli_data_path(char *buf, size_t len, const char *relative)
{
    snprintf(buf, len, "%s/%s", cli_data_dir(), relative);
}

static void run_usage(FILE *out, const char *cmd)
{
    if (strcmp(cmd, "merge") == 0) {
        fprintf(out, "usage: mpconform merge [OPTIONS] DIR...\n\n"
                     "Combines the trace.jsonl of each DIR (the -o of 'run --shard I/N') into one\n"
                     "report set, the same as one run of the whole suite would write. The options\n"
                     "are those of run that choose reports and findings (below).\n\n");
    }
    fprintf(out,
            "usage: mpconform %s [OPTIONS] %s\n"
            "\n"
            "  --format LIST      reports to write: text,json,junit,sarif,html (default text)\n"
            "  -o, --output DIR   write the reports and trace.jsonl into DIR\n"
            "  --rules DIR        also load the rules in DIR (repeatable)\n"
            "  --scenario NAME|FILE  run this scenario (a name of the suite, see 'mpconform\n"
            "                     scenarios', or a file) instead of the whole suite (repeatable)\n"
            "  --scenarios DIR    run every scenario in DIR (default: fixtures/scenarios; repeatable)\n"
            "  --inject SPEC      fault injection: 'sweep' fails every allocation point of\n"
            "                     Initialize and Restart in turn; 'DDI' or 'DDI:N' fails the\n"
            "                     N-th call (default 1st) of that DDI\n"
            "  -j, --jobs N       run N scenario hosts at once (default: one per processor)\n"
            "  --timeout SECONDS  a host that makes no progress this long is hung (default 10)\n"
            "  --wall-timeout SECONDS  a host still running this long after it started is\n"
            "                     stopped and hung, whatever it does (default 120)\n"
            "  --cpu-limit SECONDS  CPU time of each host; reaching it is HOST-CPU-LIMIT\n"
            "                     (default: the wall timeout + %u)\n"
            "  --memory-limit SIZE  address space of each host, e.g. 512M or 2G (default:\n"
            "                     half of the memory, at most 4G; not under --valgrind);\n"
            "                     reaching it is HOST-MEMORY-LIMIT\n"
            "  --max-events N     the harness stops a scenario after N events and says so\n"
            "                     (HOST-LIMIT; default 300000)\n"
            "  --loop-events N    N events repeating the same calls from the same place in\n"
            "                     one callback are a loop that makes no progress\n"
            "                     (HOST-FLOOD; default 10000)\n"
            "  --fail-on SEV      exit 1 when a finding is at least error|warning|info (default error)\n"
            "  --no-color         plain text report (also when NO_COLOR is set)\n"
            "  --source-root DIR  SARIF names source files under DIR relative to it\n"
            "                     (%%SRCROOT%%), for code scanning of a repository\n"
            "\n"
            "Managing findings (also in the project file):\n"
            "  --config FILE      project file (default: ./mpconform.yaml when present)\n"
            "  --enable LIST      only these rules count (ids or patterns, comma separated)\n"
            "  --disable LIST     these rules do not count\n"
            "  --severity ID=SEV  another severity for a rule (or pattern); repeatable\n"
            "  --suppressions FILE  accepted findings, each with its reason: reported as\n"
            "                     suppressed, never counted (repeatable)\n"
            "  --baseline FILE    findings in FILE are known: only new ones count\n"
            "  --write-baseline FILE  write this run's findings as a baseline\n"
            "\n"
            "Splitting across CI runners:\n"
            "  --shard I/N        run part I of N of the suite (scenario k runs in part k%%N+1);\n"
            "                     'mpconform merge -o DIR SHARD-DIR...' combines the parts\n"
            "  --valgrind         run each host under valgrind memcheck: the miniport's invalid\n"
            "                     accesses, uninitialised values and definite leaks are\n"
            "                     findings (VALGRIND-*) at its source lines, and count\n"
            "  --valgrind-suppressions FILE  a valgrind suppression file of yours (repeatable)\n"
            "  -q, --quiet        no progress lines\n"
            "  -h, --help         this help\n",
            cmd, strcmp(cmd, "check") == 0 ? "TRACE.jsonl" : "DRIVER.so", HOST_LIMITS_CPU_MARGIN_S);
}

static int parse_formats(const char *list, unsigned *formats)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = { { "text", FORMAT_TEXT }, { "json", FORMAT_JSON }, { "junit", FORMAT_JUNIT },
                  { "sarif", FORMAT_SARIF }, { "html", FORMAT_HTML } };
    *formats = 0;
    char copy[256];
    snprintf(copy, sizeof(copy), "%s", list);
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        size_t i;
        for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
            if (strcmp(tok, names[i].name) == 0)
                break;
        if (i == sizeof(names) / sizeof(names[0])) {
            fprintf(stderr, "mpconform: unknown report format '%s' (expected text, json, junit, sarif, html)\n", tok);
            return -1;
        }
        *formats |= names[i].bit;
    }
    return *formats ? 0 : -1;
}

static int parse_unsigned(const char *text, const char *what, unsigned min, unsigned max, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(text, &end, 10);
    if (!*text || *end || v < min || v > max) {
        fprintf(stderr, "mpconform: %s must be a number from %u to %u, not '%s'\n", what, min, max, text);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

int cli_parse_options(int argc, char **argv, cli_options *opt, int need_driver)
{
    memset(opt, 0, sizeof(*opt));
    opt->formats = FORMAT_TEXT;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    opt->jobs = cpus < 1 ? 1 : cpus > 64 ? 64 : (unsigned)cpus;  /* the report is the same for any N */
    opt->timeout_ms = 10000;
    opt->wall_timeout_ms = 120000;
    opt->memory_limit = host_limits_default_memory();
    opt->max_events = ISOLATION_DEFAULT_MAX_EVENTS;
    opt->loop_events = LOOP_DEFAULT_EVENTS;
    opt->fail_on = SEV_ERROR;
    /* https://no-color.org: NO_COLOR set and not empty turns colour off. */
    const char *no_color = getenv("NO_COLOR");
    opt->color = isatty(STDOUT_FILENO) && !(no_color && *no_color);
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'F' }, { "output", required_argument, NULL, 'o' },
        { "rules", required_argument, NULL, 'R' },  { "scenario", required_argument, NULL, 'S' },
        { "scenarios", required_argument, NULL, 'D' }, { "inject", required_argument, NULL, 'I' },
        { "jobs", required_argument, NULL, 'j' },   { "timeout", required_argument, NULL, 'T' },
        { "wall-timeout", required_argument, NULL, 'w' }, { "memory-limit", required_argument, NULL, 'm' },
        { "cpu-limit", required_argument, NULL, 'u' },
        { "fail-on", required_argument, NULL, 'f' }, { "max-events", required_argument, NULL, 'M' }, { "no-color", no_argument, NULL, 'C' },
        { "source-root", required_argument, NULL, 'P' },
        { "config", required_argument, NULL, 'c' },       { "enable", required_argument, NULL, 'E' },
        { "disable", required_argument, NULL, 'X' },      { "severity", required_argument, NULL, 'L' },
        { "suppressions", required_argument, NULL, 'U' }, { "baseline", required_argument, NULL, 'B' },
        { "write-baseline", required_argument, NULL, 'W' }, { "shard", required_argument, NULL, 'H' },
        { "valgrind-suppressions", required_argument, NULL, 'G' },
        { "loop-events", required_argument, NULL, 'Y' },
        { "quiet", no_argument, NULL, 'q' },         { "valgrind", no_argument, NULL, 'V' },         { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    optind = 1;
    opterr = 0;
    int c;
    unsigned seconds;
    while ((c = getopt_long(argc, argv, "o:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'F':
            if (parse_formats(optarg, &opt->formats) != 0)
                return -1;
            break;
        case 'o': opt->out_dir = optarg; break;
        case 'R':
            if (opt->nrule_dirs == CLI_MAX_RULE_DIRS) {
                fprintf(stderr, "mpconform: at most %d --rules directories\n", CLI_MAX_RULE_DIRS);
                return -1;
            }
            opt->rule_dirs[opt->nrule_dirs++] = optarg;
            break;
        case 'S':
            if (opt->nscenario_files == CLI_MAX_SCENARIOS) {
                fprintf(stderr, "mpconform: at most %d --scenario files\n", CLI_MAX_SCENARIOS);
                return -1;
            }
            opt->scenario_files[opt->nscenario_files++] = optarg;
            break;
        case 'D':
            if (opt->nscenario_dirs == CLI_MAX_SCENARIO_DIRS) {
                fprintf(stderr, "mpconform: at most %d --scenarios directories\n", CLI_MAX_SCENARIO_DIRS);
                return -1;
            }
            opt->scenario_dirs[opt->nscenario_dirs++] = optarg;
            break;
        case 'I': opt->inject = optarg; break;
        case 'j':
            if (parse_unsigned(optarg, "--jobs", 1, 64, &opt->jobs) != 0)
                return -1;
            break;
        case 'T':
            if (parse_unsigned(optarg, "--timeout", 1, 3600, &seconds) != 0)
                return -1;
            opt->timeout_ms = seconds * 1000;
            break;
        case 'w':
            if (parse_unsigned(optarg, "--wall-timeout", 1, 86400, &seconds) != 0)
                return -1;
            opt->wall_timeout_ms = seconds * 1000;
            break;
        case 'u':
            if (parse_unsigned(optarg, "--cpu-limit", 1, 86400, &opt->cpu_limit_s) != 0)
                return -1;
            break;
        case 'm': {
            uint64_t bytes = 0;
            if (host_limits_parse_size(optarg, &bytes) != 0) {
                fprintf(stderr, "mpconform: --memory-limit must be a size from 64M to 1T (such as 512M or 2G), "
                        "not '%s'\n", optarg);
                return -1;
            }
            opt->memory_limit = bytes;
            break;
        }
        case 'M':
            if (parse_unsigned(optarg, "--max-events", 1000, 100000000, &opt->max_events) != 0)
                return -1;
            break;
        case 'Y':
            if (parse_unsigned(optarg, "--loop-events", 100, 100000000, &opt->loop_events) != 0)
                return -1;
            break;
        case 'f': {
            int s = severity_from_name(optarg);
            if (s < 0) {
                fprintf(stderr, "mpconform: --fail-on must be error, warning or info, not '%s'\n", optarg);
                return -1;
            }
            opt->fail_on = (severity)s;
            opt->fail_on_given = 1;
            break;
        }
        case 'C': opt->color = 0; break;
        case 'P': opt->source_root = optarg; break;
        case 'c': opt->config = optarg; break;
        case 'H': {
            unsigned i = 0, n = 0;
            char tail;
            if (sscanf(optarg, "%u/%u%c", &i, &n, &tail) != 2 || n < 1 || n > 1000 || i < 1 || i > n) {
                fprintf(stderr, "mpconform: --shard expects I/N with 1 <= I <= N <= 1000, not '%s'\n", optarg);
                return -1;
            }
            opt->shard_index = i;
            opt->shard_count = n;
            break;
        }
        case 'B': opt->baseline = optarg; break;
        case 'W': opt->write_baseline = optarg; break;
        case 'E':
        case 'X':
        case 'L':
        case 'G':
        case 'U': {
            const char **list = c == 'E'   ? opt->enable
                                : c == 'X' ? opt->disable
                                : c == 'L' ? opt->severity
                                : c == 'G' ? opt->valgrind_supps
                                           : opt->suppressions;
            size_t *n = c == 'E'   ? &opt->nenable
                        : c == 'X' ? &opt->ndisable
                        : c == 'L' ? &opt->nseverity
                        : c == 'G' ? &opt->nvalgrind_supps
                                   : &opt->nsuppressions;
            if (*n == CLI_MAX_RULE_DIRS) {
                fprintf(stderr, "mpconform: at most %d of %s\n", CLI_MAX_RULE_DIRS, argv[optind - 1]);
                return -1;
            }
            list[(*n)++] = optarg;
            break;
        }
        case 'q': opt->quiet = 1; break;
        case 'V': opt->valgrind = 1; break;
        case 'h': run_usage(stdout, argv[0]); return 1;
        default:
            if (optopt)
                fprintf(stderr, "mpconform %s: option -%c needs a value or is unknown\n", argv[0], optopt);
            else
                fprintf(stderr, "mpconform %s: unknown option '%s'\n", argv[0], argv[optind - 1]);
            run_usage(stderr, argv[0]);
            return -1;
        }
    }
    if (need_driver == CLI_ARGS_SOME) {
        if (optind == argc || argc - optind > CLI_MAX_SCENARIOS) {
            fprintf(stderr, "mpconform %s: expected one or more result directories\n", argv[0]);
            return -1;
        }
        for (int i = optind; i < argc; i++)
            opt->inputs[opt->ninputs++] = argv[i];
    } else if (need_driver) {
        if (optind != argc - 1) {
            fprintf(stderr, "mpconform %s: expected exactly one %s\n", argv[0],
                    strcmp(argv[0], "check") == 0 ? "TRACE.jsonl" : "DRIVER.so");
            run_usage(stderr, argv[0]);
            return -1;
        }
        opt->driver = argv[optind];
        /* dlopen searches the library path for a name without '/': the
         * user means the file in the current directory, as a shell would. */
        static char here[PATH_MAX];
        if (strcmp(argv[0], "run") == 0 && !strchr(opt->driver, '/')) {
            snprintf(here, sizeof(here), "./%s", opt->driver);
            opt->driver = here;
        }
    }
    return 0;
}
