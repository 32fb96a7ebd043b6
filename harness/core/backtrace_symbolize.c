/* Judge side: module+offset -> function, file:line with libdw (elfutils),
 * one offline Dwfl per module, cached. */
#include "backtrace.h"

#include <elfutils/libdwfl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char *path;
    Dwfl *dwfl;
    Dwfl_Module *module;
    Dwarf_Addr base;
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

static void symbolize_frame(frame *f)
{
    if (!f->module || (f->function && f->file))
        return;
    module_cache *m = cache_get(f->module);
    if (!m || !m->module)
        return;
    Dwarf_Addr addr = m->base + f->offset;
    if (!f->function) {
        const char *name = dwfl_module_addrname(m->module, addr);
        if (name)
            f->function = strdup(name);
    }
    if (!f->file) {
        Dwfl_Line *line = dwfl_module_getsrc(m->module, addr);
        int lineno = 0;
        const char *file = line ? dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL) : NULL;
        if (!file)
            file = line_by_units(m->module, addr, &lineno);
        if (file) {
            f->file = strdup(file);
            f->line = lineno;
        }
    }
}

void backtrace_symbolize(backtrace_t *bt)
{
    for (size_t i = 0; i < bt->count; i++)
        symbolize_frame(&bt->frames[i]);
}

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
