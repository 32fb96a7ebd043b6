/* Preflight with libelf: read the dynamic symbol table of the .so and check
 * every undefined function against what this process can resolve (the
 * harness exports its DDIs with -rdynamic; libc and friends are loaded).
 * The DDIs the shim declares but the host does not emulate resolve too, to
 * their stubs (harness/host/ndis/not_emulated.list): such a driver loads,
 * and a scenario that calls one stops there with HOST-NOT-EMULATED.  What
 * resolves nowhere (a DDI the shim does not declare) is still refused. */
#include "preflight.h"
#include "../trace/not_emulated.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Prefixes of kernel-mode DDI families: an unresolved one is a DDI
 * mpconform neither emulates nor declares, not a missing library. */
static const char *const ddi_prefixes[] = { "Ndis", "Ke", "Rtl", "Io", "Ex", "Mm", "Nt", "Zw", "Wdf", "Ob", "Ps", "Interlocked", NULL };

static int is_ddi_name(const char *name)
{
    for (size_t i = 0; ddi_prefixes[i]; i++)
        if (strncmp(name, ddi_prefixes[i], strlen(ddi_prefixes[i])) == 0)
            return 1;
    return 0;
}

/* Appends name to the comma-separated list in buf (which stays terminated). */
static void list_add(char *buf, size_t len, const char *name)
{
    size_t used = strlen(buf);
    if (used + 1 < len)
        snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
}

static int check_symbols(Elf *elf, const char *path, char *err, size_t errlen, char *stubs, size_t stubslen)
{
    Elf_Scn *scn = NULL;
    int has_entry = 0;
    char missing[512] = "";
    size_t nmissing = 0;
    const char *first_other = NULL;
    while ((scn = elf_nextscn(elf, scn))) {
        GElf_Shdr shdr;
        if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_DYNSYM)
            continue;
        Elf_Data *data = elf_getdata(scn, NULL);
        size_t count = shdr.sh_entsize ? shdr.sh_size / shdr.sh_entsize : 0;
        for (size_t i = 1; data && i < count; i++) {
            GElf_Sym sym;
            if (!gelf_getsym(data, (int)i, &sym))
                continue;
            const char *name = elf_strptr(elf, shdr.sh_link, sym.st_name);
            if (!name || !*name)
                continue;
            if (sym.st_shndx != SHN_UNDEF) {
                if (strcmp(name, "DriverEntry") == 0 && GELF_ST_TYPE(sym.st_info) == STT_FUNC)
                    has_entry = 1;
                continue;
            }
            if (GELF_ST_BIND(sym.st_info) == STB_WEAK)
                continue;
            if (dlsym(RTLD_DEFAULT, name)) {
                if (not_emulated_listed(name))
                    list_add(stubs, stubslen, name);
                continue;
            }
            if (is_ddi_name(name)) {
                if (nmissing < 8) {
                    size_t used = strlen(missing);
                    snprintf(missing + used, sizeof(missing) - used, "%s%s", nmissing ? ", " : "", name);
                }
                nmissing++;
            } else if (!first_other) {
                first_other = name;
            }
        }
    }
    if (nmissing) {
        snprintf(err, errlen, "%s: the driver calls %s%s, which mpconform does not emulate", path, missing,
                 nmissing > 8 ? " (and more)" : "");
        return -1;
    }
    if (first_other) {
        snprintf(err, errlen, "%s: the driver needs the symbol %s, which neither mpconform nor the C library provides",
                 path, first_other);
        return -1;
    }
    if (!has_entry) {
        snprintf(err, errlen, "%s: the shared object defines no DriverEntry function", path);
        return -1;
    }
    return 0;
}

int loader_preflight(const char *path, char *err, size_t errlen, char *stubs, size_t stubslen)
{
    if (stubslen)
        stubs[0] = '\0';
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        return -1;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    elf_version(EV_CURRENT);
    Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
    int rc = -1;
    GElf_Ehdr ehdr;
    if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &ehdr))
        snprintf(err, errlen, "%s: not an ELF file (build the miniport with cc -shared -fPIC)", path);
    else if (ehdr.e_type != ET_DYN)
        snprintf(err, errlen, "%s: an ELF file but not a shared object (build it with -shared -fPIC)", path);
    else if (ehdr.e_machine != EM_X86_64 && ehdr.e_machine != EM_AARCH64)
        snprintf(err, errlen, "%s: built for another machine (ELF machine %d)", path, ehdr.e_machine);
    else if (gelf_getclass(elf) != ELFCLASS64)
        snprintf(err, errlen, "%s: a 32-bit shared object; mpconform loads 64-bit ones", path);
    else
        rc = check_symbols(elf, path, err, errlen, stubs, stubslen);
    if (elf)
        elf_end(elf);
    close(fd);
    return rc;
}
