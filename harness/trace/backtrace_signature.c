/* An allocation site's signature (backtrace.h). Apart from symbolize.c
 * so that the host, which computes signatures for --inject-site, does not
 * link libdw. */
#include "backtrace.h"

#include <stdio.h>
#include <string.h>

void backtrace_signature(const char *ddi, const backtrace_t *bt, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "%s", ddi);
    for (size_t i = 0; i < bt->count && used < len; i++) {
        const char *module = bt->frames[i].module ? bt->frames[i].module : "?";
        const char *base = strrchr(module, '/');
        used += (size_t)snprintf(buf + used, len - used, "|%s+0x%llx", base ? base + 1 : module,
                                 (unsigned long long)bt->frames[i].offset);
    }
}
