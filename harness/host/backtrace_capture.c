/* Host side: walk the stack with libunwind's fast path and keep the
 * innermost run of frames outside the harness binary: the miniport's code
 * (and libraries it called) between NDIS's call into it and its DDI call. */
#define UNW_LOCAL_ONLY
#include "backtrace_capture.h"

#include <dlfcn.h>
#include <libunwind.h>
#include <stdlib.h>
#include <string.h>

static const char *harness_module(void)
{
    static const char *module;
    if (!module) {
        Dl_info info;
        if (dladdr((void *)&backtrace_capture, &info) && info.dli_fname)
            module = info.dli_fname;
        else
            module = "";
    }
    return module;
}

void backtrace_capture(backtrace_t *bt)
{
    backtrace_capture_from(bt, 0);
}

void backtrace_capture_from(backtrace_t *bt, uintptr_t interrupted_pc)
{
    void *ips[64];
    int n = unw_backtrace(ips, 64);
    int start = 0;
    for (int i = 0; interrupted_pc && i < n; i++)
        if ((uintptr_t)ips[i] == interrupted_pc) {
            start = i;
            break;
        }
    bt->count = 0;
    bt->frames = NULL;
    if (n <= 0)
        return;
    const char *self = harness_module();
    frame tmp[BACKTRACE_MAX_FRAMES];
    size_t kept = 0;
    for (int i = start; i < n && kept < BACKTRACE_MAX_FRAMES; i++) {
        Dl_info info;
        /* Return addresses point after the call; step back into it (the
         * interrupted instruction itself is exact). */
        uintptr_t pc = (uintptr_t)ips[i];
        uintptr_t lookup = (pc > 0 && !(interrupted_pc && i == start && pc == interrupted_pc)) ? pc - 1 : pc;
        if (!dladdr((void *)lookup, &info) || !info.dli_fname)
            continue;
        if (strcmp(info.dli_fname, self) == 0) {
            if (kept)
                break;  /* back in the harness: what lies below is NDIS's own call chain */
            continue;
        }
        if (strstr(info.dli_fname, "libunwind"))
            continue;
        tmp[kept].pc = lookup;
        tmp[kept].offset = lookup - (uintptr_t)info.dli_fbase;
        tmp[kept].module = strdup(info.dli_fname);
        tmp[kept].function = NULL;
        tmp[kept].file = NULL;
        tmp[kept].line = 0;
        kept++;
    }
    if (!kept)
        return;
    bt->frames = malloc(kept * sizeof(frame));
    if (!bt->frames) {
        for (size_t i = 0; i < kept; i++)
            free(tmp[i].module);
        return;
    }
    memcpy(bt->frames, tmp, kept * sizeof(frame));
    bt->count = kept;
}
