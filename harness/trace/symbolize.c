/* Judge side: module+offset -> function, file:line with libdw (elfutils),
 * one offline Dwfl per module, cached, and each distinct address looked up
 * once (the same frames recur across findings and scenarios). */
#include "backtrace.h"

#include <elfutils/libdwfl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What libdw said about one address of a module. */
typedef struct {
    uint64_t offset;
    const char *function, *file;   /* atoms: frames share them */
    int line;
} address_info;

typedef struct {
    char *path;
    Dwfl *dwfl;
    Dwfl_Module *module;
    Dwarf_Addr base;
    address_info *addrs;     /* open addressing on offset; capacity a power of two */
    size_t naddrs, addr_capacity;
} module_cache;

static module_cache *cache;
static size_t cache_count;

static const Dwfl_Callbacks offline_callbacks = {
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
};

static module_cache *cache_get(const char *path)
{
    for (size_t i = 0; i < cache_count; i++)
        if (strcmp(cache[i].path, path) == 0)
            return &cache[i];
    module_cache *grown = realloc(cache, (cache_count + 1) * sizeof(*cache));
    if (!grown)
        return NULL;
    cache = grown;
    module_cache *m = &cache[cache_count++];
    memset(m, 0, sizeof(*m));
    m->path = strdup(path);
    /* Regular files only: a recorded trace can name any path, and opening
     * a FIFO (or reading a device) would block the judge for good. */
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || access(path, R_OK) != 0)
        return m;
    m->dwfl = dwfl_begin(&offline_callbacks);
    if (!m->dwfl)
        return m;
    m->module = dwfl_report_offline(m->dwfl, path, path, -1);
    dwfl_report_end(m->dwfl, NULL, NULL);
    if (m->module)
        dwfl_module_info(m->module, NULL, &m->base, NULL, NULL, NULL, NULL, NULL);
    return m;
}

void backtrace_symbolizer_reset(void)
{
    for (size_t i = 0; i < cache_count; i++) {
        if (cache[i].dwfl)
            dwfl_end(cache[i].dwfl);
        free(cache[i].path);
        free(cache[i].addrs);   /* its names are atoms, which frames still share */
    }
    free(cache);
    cache = NULL;
    cache_count = 0;
}

/* The line of addr by walking the compile units. dwfl_module_getsrc finds
 * the unit through .debug_aranges, which clang does not emit unless asked
 * (-gdwarf-aranges): a driver built with clang -g still gets its lines. */
static const char *line_by_units(Dwfl_Module *mod, Dwarf_Addr addr, int *lineno)
{
    Dwarf_Addr bias = 0;
    Dwarf *dw = dwfl_module_getdwarf(mod, &bias);
    Dwarf_Off off = 0, next;
    size_t header;
    while (dw && dwarf_nextcu(dw, off, &next, &header, NULL, NULL, NULL) == 0) {
        Dwarf_Die unit;
        if (dwarf_offdie(dw, off + header, &unit) && dwarf_haspc(&unit, addr - bias) == 1) {
            Dwarf_Line *line = dwarf_getsrc_die(&unit, addr - bias);
            const char *file = line ? dwarf_linesrc(line, NULL, NULL) : NULL;
            if (file && dwarf_lineno(line, lineno) == 0)
                return file;
            return NULL;
        }
        off = next;
    }
    return NULL;
}

/* Function and file:line of the address at offset, from libdw. */
static void look_up(module_cache *m, uint64_t offset, address_info *out)
{
    Dwarf_Addr addr = m->base + offset;
    const char *name = dwfl_module_addrname(m->module, addr);
    out->function = atom(name);
    Dwfl_Line *line = dwfl_module_getsrc(m->module, addr);
    int lineno = 0;
    const char *file = line ? dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL) : NULL;
    if (!file)
        file = line_by_units(m->module, addr, &lineno);
    out->file = atom(file);
    out->line = file ? lineno : 0;
}

static size_t slot_of(const module_cache *m, uint64_t offset)
{
    uint64_t h = (offset + 1) * 0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(h >> 17) & (m->addr_capacity - 1);
    /* offset + 1 is stored, so that 0 marks a free slot */
    while (m->addrs[i].offset && m->addrs[i].offset != offset + 1)
        i = (i + 1) & (m->addr_capacity - 1);
    return i;
}

static int grow_addrs(module_cache *m)
{
    size_t cap = m->addr_capacity ? m->addr_capacity * 2 : 64;
    address_info *old = m->addrs, *fresh = calloc(cap, sizeof *fresh);
    if (!fresh)
        return -1;
    size_t old_cap = m->addr_capacity;
    m->addrs = fresh;
    m->addr_capacity = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].offset)
            m->addrs[slot_of(m, old[i].offset - 1)] = old[i];
    free(old);
    return 0;
}

/* The cached answer for offset; NULL when out of memory. */
static const address_info *address_of(module_cache *m, uint64_t offset)
{
    if ((m->naddrs + 1) * 2 > m->addr_capacity && grow_addrs(m) != 0)
        return NULL;
    address_info *a = &m->addrs[slot_of(m, offset)];
    if (!a->offset) {
        look_up(m, offset, a);
        a->offset = offset + 1;
        m->naddrs++;
    }
    return a;
}

static void symbolize_frame(frame *f)
{
    if (!f->module || (f->function && f->file))
        return;
    module_cache *m = cache_get(f->module);
    if (!m || !m->module)
        return;
    const address_info *a = address_of(m, f->offset);
    if (!a)
        return;
    if (!f->function && a->function)
        f->function = a->function;
    if (!f->file && a->file) {
        f->file = a->file;
        f->line = a->line;
    }
}

void backtrace_symbolize(backtrace_t *bt)
{
    for (size_t i = 0; i < bt->count; i++)
        symbolize_frame(&bt->frames[i]);
}

void frame_describe(const frame *f, char *buf, size_t len)
{
    const char *module = f->module ? strrchr(f->module, '/') : NULL;
    module = module ? module + 1 : (f->module ? f->module : "?");
    if (f->function && f->file)
        snprintf(buf, len, "%s (%s:%d)", f->function, f->file, f->line);
    else if (f->function)
        snprintf(buf, len, "%s (%s+0x%llx)", f->function, module, (unsigned long long)f->offset);
    else
        snprintf(buf, len, "%s+0x%llx", module, (unsigned long long)f->offset);
}
