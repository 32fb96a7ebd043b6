/* --memory-limit and --cpu-limit: see host_limits.h. */
#include "host_limits.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

int host_limits_parse_size(const char *text, uint64_t *bytes)
{
    if (!text || *text < '0' || *text > '9')
        return -1;
    uint64_t v = 0;
    const char *p = text;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (UINT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    unsigned shift = 0;
    switch (*p) {
    case 0: break;
    case 'k': case 'K': shift = 10; p++; break;
    case 'm': case 'M': shift = 20; p++; break;
    case 'g': case 'G': shift = 30; p++; break;
    case 't': case 'T': shift = 40; p++; break;
    default: return -1;
    }
    if (*p == 'i' && shift)
        p++;  /* 512Mi */
    if (*p == 'B' || *p == 'b')
        p++;  /* 512MB */
    if (*p)
        return -1;
    if (shift && v > (HOST_LIMITS_MAX_MEMORY >> shift))
        return -1;
    v <<= shift;
    if (v < HOST_LIMITS_MIN_MEMORY || v > HOST_LIMITS_MAX_MEMORY)
        return -1;
    *bytes = v;
    return 0;
}

uint64_t host_limits_default_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    uint64_t cap = 4ull << 30;
    if (pages <= 0 || size <= 0)
        return cap;
    uint64_t half = (uint64_t)pages * (uint64_t)size / 2;
    if (half < HOST_LIMITS_MIN_MEMORY)
        half = HOST_LIMITS_MIN_MEMORY;
    return half < cap ? half : cap;
}

int host_limits_apply_memory(uint64_t bytes)
{
    struct rlimit rl = { .rlim_cur = bytes, .rlim_max = bytes };
    struct rlimit now;
    if (getrlimit(RLIMIT_AS, &now) == 0 && now.rlim_max != RLIM_INFINITY && now.rlim_max < bytes)
        rl.rlim_cur = rl.rlim_max = now.rlim_max;  /* already lower: keep it */
    return setrlimit(RLIMIT_AS, &rl);
}

int host_limits_apply_cpu(unsigned seconds)
{
    struct rlimit rl = { .rlim_cur = seconds, .rlim_max = (rlim_t)seconds + HOST_LIMITS_CPU_GRACE_S };
    struct rlimit now;
    if (getrlimit(RLIMIT_CPU, &now) == 0 && now.rlim_max != RLIM_INFINITY && now.rlim_max < rl.rlim_max) {
        rl.rlim_max = now.rlim_max;  /* already lower: keep it */
        if (rl.rlim_cur > rl.rlim_max)
            rl.rlim_cur = rl.rlim_max;
    }
    return setrlimit(RLIMIT_CPU, &rl);
}

static uint64_t memory_limit;
static unsigned cpu_limit;

void host_limits_init(void)
{
    struct rlimit rl;
    memory_limit = getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? (uint64_t)rl.rlim_cur : 0;
    /* Read now: the kernel raises the soft limit by a second at each SIGXCPU. */
    cpu_limit = getrlimit(RLIMIT_CPU, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? (unsigned)rl.rlim_cur : 0;
}

unsigned host_limits_cpu(void)
{
    return cpu_limit;
}

uint64_t host_limits_memory(void)
{
    return memory_limit;
}

/* VmPeak of /proc/self/status, in bytes (0 when unknown); only
 * async-signal-safe calls. */
static uint64_t vm_peak(void)
{
    int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    char buf[4096];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof(buf) - 1 && (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
        len += (size_t)n;
    close(fd);
    buf[len] = 0;
    for (size_t i = 0; i + 7 < len; i++) {
        if ((i == 0 || buf[i - 1] == '\n') && memcmp(buf + i, "VmPeak:", 7) == 0) {
            uint64_t kb = 0;
            for (size_t k = i + 7; k < len && buf[k] != '\n'; k++)
                if (buf[k] >= '0' && buf[k] <= '9')
                    kb = kb * 10 + (uint64_t)(buf[k] - '0');
            return kb * 1024;
        }
    }
    return 0;
}

int host_limits_memory_exhausted(uint64_t *peak_bytes)
{
    if (!memory_limit)
        return 0;
    uint64_t peak = vm_peak();
    if (peak_bytes)
        *peak_bytes = peak;
    return peak && peak + memory_limit / 8 >= memory_limit;
}
