/* Host side: walk the stack with libunwind's fast path (raw return
 * addresses, no names) and keep the innermost run of frames outside the
 * harness binary: the miniport's code (and libraries it called) between
 * NDIS's call into it and its DDI call.
 *
 * The module of each address comes from a table of the loaded modules'
 * PT_LOAD ranges (dl_iterate_phdr), not from dladdr: dladdr walks the link
 * map and the module's symbol table on every call (a capture cost 2.3 us
 * with it, 0.1 us now).
 * The table is rebuilt when an address falls outside it and the loader's
 * count of loaded and unloaded modules has moved (a dlopen since). Function
 * names are the judge's business (trace/symbolize.c). */
#define UNW_LOCAL_ONLY
#include "backtrace_capture.h"
#include "host_thread.h"
#include "../trace/wire.h"

#include <link.h>
#include <libunwind.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    uintptr_t start, end;     /* one loaded segment [start, end) */
    uintptr_t base;           /* where the module's mapping starts, as dladdr's dli_fbase: offset = pc - base */
    size_t module;            /* index in modules[] */
} segment;

typedef struct {
    char *path;               /* the loader's name for it; the program's is /proc/self/exe (dladdr said
                                 argv[0]; its frames are the harness's, never kept, so no report shows it) */
    int skipped;              /* libunwind's own frames */
    int harness;              /* the module backtrace_capture lives in */
} module_info;

static struct {
    segment *segs;
    size_t nsegs;
    module_info *modules;
    size_t nmodules;
    unsigned long long adds, subs;   /* the loader's counters when the table was built */
    int built;
} M;

/* Paths of tables that were rebuilt: frames captured before may still
 * borrow them, so they live as long as the process (a rebuild follows a
 * dlopen, a handful per run). */
static char **retired;
static size_t nretired;

static void table_clear(void)
{
    for (size_t i = 0; i < M.nmodules; i++) {
        char **grown = realloc(retired, (nretired + 1) * sizeof *grown);
        if (grown) {
            retired = grown;
            retired[nretired++] = M.modules[i].path;
        }
        /* out of memory: the path leaks rather than dangles */
    }
    free(M.modules);
    free(M.segs);
    memset(&M, 0, sizeof M);
}

static char *program_path(void)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return strdup("");
    buf[n] = '\0';
    return strdup(buf);
}

static int add_module(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    int *failed = data;
    module_info *mods = realloc(M.modules, (M.nmodules + 1) * sizeof *mods);
    if (!mods)
        return *failed = 1;
    M.modules = mods;
    module_info *m = &M.modules[M.nmodules];
    m->path = info->dlpi_name && *info->dlpi_name ? strdup(info->dlpi_name)
              : M.nmodules == 0 ? program_path() : strdup("");
    if (!m->path)
        return *failed = 1;
    wire_intern_pin(m->path);   /* never freed (retired, not freed, on a rebuild) */
    m->skipped = strstr(m->path, "libunwind") != NULL;
    m->harness = 0;
    /* dladdr's base: the page of the lowest loaded segment (0 for a PIE or
     * a shared object, 0x400000 for a fixed-address program). */
    uintptr_t lowest = UINTPTR_MAX;
    for (int i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_LOAD && info->dlpi_phdr[i].p_vaddr < lowest)
            lowest = info->dlpi_phdr[i].p_vaddr;
    uintptr_t base = info->dlpi_addr + (lowest == UINTPTR_MAX ? 0 : lowest & ~(uintptr_t)(getpagesize() - 1));
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        segment *segs = realloc(M.segs, (M.nsegs + 1) * sizeof *segs);
        if (!segs)
            return *failed = 1;
        M.segs = segs;
        segment *s = &M.segs[M.nsegs++];
        s->start = info->dlpi_addr + ph->p_vaddr;
        s->end = s->start + ph->p_memsz;
        s->base = base;
        s->module = M.nmodules;
    }
    M.adds = info->dlpi_adds;
    M.subs = info->dlpi_subs;
    M.nmodules++;
    return 0;
}

static int by_start(const void *a, const void *b)
{
    const segment *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static const segment *find_segment(uintptr_t pc)
{
    static size_t last;   /* consecutive frames are mostly in one module */
    if (last < M.nsegs && pc >= M.segs[last].start && pc < M.segs[last].end)
        return &M.segs[last];
    size_t lo = 0, hi = M.nsegs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (pc < M.segs[mid].start)
            hi = mid;
        else if (pc >= M.segs[mid].end)
            lo = mid + 1;
        else
            return &M.segs[last = mid];
    }
    return NULL;
}

/* Bumped at every rebuild: what was worked out from the old table (the
 * capture cache below) no longer holds. */
static unsigned table_generation = 1;

static void table_build(void)
{
    table_generation++;
    table_clear();
    int failed = 0;
    dl_iterate_phdr(add_module, &failed);
    if (failed) {
        table_clear();
        return;
    }
    qsort(M.segs, M.nsegs, sizeof *M.segs, by_start);
    const segment *self = find_segment((uintptr_t)&backtrace_capture_frames);
    if (self)
        M.modules[self->module].harness = 1;
    M.built = 1;
}

void backtrace_capture_refresh(void)
{
    table_build();
}

static int read_counters(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    unsigned long long *c = data;
    c[0] = info->dlpi_adds;
    c[1] = info->dlpi_subs;
    return 1;   /* the first module is enough */
}

/* The segment holding pc. When pc lies outside the table and *may_rebuild
 * is set, asks the loader once whether modules came or went (a dlopen
 * since) and rebuilds the table if so; *may_rebuild is then cleared, so a
 * capture asks at most once however many unknown addresses it meets. */
static const segment *segment_of(uintptr_t pc, int *may_rebuild)
{
    if (!M.built && *may_rebuild)
        table_build();
    const segment *s = find_segment(pc);
    if (s || !*may_rebuild)
        return s;
    *may_rebuild = 0;
    unsigned long long c[2] = { M.adds, M.subs };
    dl_iterate_phdr(read_counters, c);
    if (c[0] == M.adds && c[1] == M.subs)
        return NULL;
    table_build();
    return find_segment(pc);
}

int backtrace_pc_in_harness(uintptr_t pc)
{
    int may_rebuild = 1;
    const segment *s = segment_of(pc, &may_rebuild);
    return s && M.modules[s->module].harness;
}

/* Keeps the frames of ips[start..n) as backtrace_capture_frames says;
 * *complete is set when the run of kept frames ended inside ips (a harness
 * frame after it, or max reached), so frames further out cannot change it. */
static size_t keep_frames(void *const *ips, int n, int start, uintptr_t interrupted_pc,
                          frame *frames, size_t max, int *complete, int *used, int *unknown)
{
    size_t kept = 0;
    /* From a signal handler the table is used as it is: rebuilding it
     * allocates and takes the loader's lock, which the interrupted code
     * may hold. */
    int may_rebuild = !interrupted_pc;
    *complete = 0;
    *used = n + 1;   /* unless it ends inside: it needs more than it was given */
    *unknown = 0;
    for (int i = start; i < n && max > 0; i++) {
        /* Return addresses point after the call; step back into it (the
         * interrupted instruction itself is exact). */
        uintptr_t pc = (uintptr_t)ips[i];
        uintptr_t lookup = (pc > 0 && !(interrupted_pc && i == start && pc == interrupted_pc)) ? pc - 1 : pc;
        const segment *s = segment_of(lookup, &may_rebuild);
        if (!s) {
            *unknown = 1;
            continue;
        }
        const module_info *m = &M.modules[s->module];
        if (m->harness) {
            if (kept) {
                *complete = 1;
                *used = i + 1;
                break;  /* back in the harness: what lies below is NDIS's own call chain */
            }
            continue;
        }
        if (m->skipped)
            continue;
        frames[kept] = (frame){ .pc = lookup, .offset = lookup - s->base, .module = m->path };
        if (++kept == max) {
            *complete = 1;
            *used = i + 1;
            break;
        }
    }
    return kept;
}

#define WALK_MAX 64

/* How many frames a capture needs, by the call site of the DDI it is
 * for (host_thread_ddi_site): from the capture through the DDI and the
 * miniport's frames back into the harness is as deep from one call at a
 * site to the next, while the stack below it (the harness's own callers
 * down to main) is walked for nothing. A walk that is too short is redone
 * whole, so the frames are always those of the whole walk (libunwind's
 * first k addresses do not depend on how many more it was asked for). */
#define WALK_GUESSES 64
static struct {
    void *site;
    int depth;
} walk_guess[WALK_GUESSES];

static int *walk_guess_of(void *site)
{
    uintptr_t p = (uintptr_t)site;
    size_t i = (p ^ (p >> 11)) % WALK_GUESSES;
    if (walk_guess[i].site != site) {
        walk_guess[i].site = site;
        walk_guess[i].depth = WALK_MAX;
    }
    return &walk_guess[i].depth;
}

/* Captures met before, by the return addresses walked: the same addresses
 * give the same frames while the module table stays as it was (its
 * generation), so a repeated call site costs a hash and a comparison, not
 * a module lookup per frame. A walk that met an address outside the table
 * is not kept (the next capture may rebuild the table and find it). */
#define SITE_CACHE 64
#define SITE_MAX_IPS 24
typedef struct {
    unsigned generation;            /* table_generation it was made with; 0: empty */
    int n;
    size_t max, kept;
    void *ips[SITE_MAX_IPS];
    frame frames[BACKTRACE_MAX_FRAMES];
} site_entry;
static site_entry sites[SITE_CACHE];

static site_entry *site_slot(void *const *ips, int n)
{
    uint64_t h = (uint64_t)n;
    for (int i = 0; i < n; i++)
        h = (h ^ (uint64_t)(uintptr_t)ips[i]) * 0x9E3779B97F4A7C15ull;
    return &sites[(h >> 32) % SITE_CACHE];
}

static int site_matches(const site_entry *e, void *const *ips, int n, size_t max)
{
    return e->generation == table_generation && e->n == n && e->max == max &&
           memcmp(e->ips, ips, (size_t)n * sizeof *ips) == 0;
}

size_t backtrace_capture_frames(frame *frames, size_t max, uintptr_t interrupted_pc)
{
    void *ips[WALK_MAX];
    int complete = 0, used = 0, unknown = 0;
    size_t kept = 0;
    int *guess = interrupted_pc ? NULL : walk_guess_of(host_thread_ddi_site());
    if (guess && *guess < WALK_MAX) {
        int n = unw_backtrace(ips, *guess);
        site_entry *e = n <= SITE_MAX_IPS && max <= BACKTRACE_MAX_FRAMES ? site_slot(ips, n) : NULL;
        if (e && site_matches(e, ips, n, max)) {
            memcpy(frames, e->frames, e->kept * sizeof *frames);
            return e->kept;
        }
        unsigned generation = table_generation;
        kept = keep_frames(ips, n, 0, 0, frames, max, &complete, &used, &unknown);
        if (n < *guess)
            complete = 1;   /* the whole stack */
        /* Not kept when the walk rebuilt the module table: frames looked up
         * before the rebuild would be filed under the new table. */
        if (e && complete && !unknown && generation == table_generation) {
            e->generation = table_generation;
            e->n = n;
            e->max = max;
            e->kept = kept;
            memcpy(e->ips, ips, (size_t)n * sizeof *ips);
            memcpy(e->frames, frames, kept * sizeof *frames);
        }
    }
    if (!complete) {
        int n = unw_backtrace(ips, WALK_MAX);
        int start = 0;
        for (int i = 0; interrupted_pc && i < n; i++)
            if ((uintptr_t)ips[i] == interrupted_pc) {
                start = i;
                break;
            }
        kept = keep_frames(ips, n, start, interrupted_pc, frames, max, &complete, &used, &unknown);
        if (guess)
            *guess = used < WALK_MAX ? used : WALK_MAX;
    }
    return kept;
}
