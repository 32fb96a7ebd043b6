/* The tables blob (tables_wire.h). One record a line, fields separated by
 * one space, so names may hold anything but blanks:
 *   mpconform-tables 1
 *   kind NAME INIT_ORDER NALLOC DDI... NFREE DDI...
 *   ddi NAME MAX_IRQL
 *   callback NAME IRQL STRICT_IRQL
 *   end
 * `end` tells a whole blob from a cut one. */
#include "tables_wire.h"
#include "errtext.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define WIRE_MAGIC "mpconform-tables 1"

static int carriable(const char *name)
{
    return name && *name && !strpbrk(name, " \t\r\n");
}

/* ---- writing ---- */

typedef struct {
    FILE *f;
    const char *bad;   /* the first name that cannot be carried */
} writer;

static void put_name(writer *w, const char *name)
{
    if (!carriable(name) && !w->bad)
        w->bad = name ? name : "";
    fprintf(w->f, " %s", name ? name : "");
}

static void put_names(writer *w, char **names, size_t n)
{
    fprintf(w->f, " %zu", n);
    for (size_t i = 0; i < n; i++)
        put_name(w, names[i]);
}

int tables_serialize(const ndis_tables *t, char **blob, size_t *len, char *err, size_t errlen)
{
    *blob = NULL;
    *len = 0;
    writer w = { open_memstream(blob, len), NULL };
    if (!w.f)
        return errtext(err, errlen, "tables: out of memory");
    fputs(WIRE_MAGIC "\n", w.f);
    for (size_t i = 0; i < t->nkinds; i++) {
        const resource_kind *k = &t->kinds[i];
        fputs("kind", w.f);
        put_name(&w, k->kind);
        fprintf(w.f, " %d", k->init_order);
        put_names(&w, k->alloc_ddis, k->nalloc);
        put_names(&w, k->free_ddis, k->nfree);
        fputc('\n', w.f);
    }
    for (size_t i = 0; i < t->nddis; i++) {
        fputs("ddi", w.f);
        put_name(&w, t->ddis[i].name);
        fprintf(w.f, " %d\n", t->ddis[i].max_irql);
    }
    for (size_t i = 0; i < t->ncallbacks; i++) {
        fputs("callback", w.f);
        put_name(&w, t->callbacks[i].name);
        fprintf(w.f, " %d %d\n", t->callbacks[i].irql, t->callbacks[i].strict_irql);
    }
    fputs("end\n", w.f);
    int broken = ferror(w.f);
    if (fclose(w.f) != 0 || broken) {
        free(*blob);
        *blob = NULL;
        return errtext(err, errlen, "tables: out of memory");
    }
    if (w.bad) {
        free(*blob);
        *blob = NULL;
        return errtext(err, errlen, "tables: the name '%s' cannot be passed to the host (empty or with a blank)", w.bad);
    }
    return 0;
}

/* ---- reading ---- */

typedef struct {
    char *save;        /* strtok_r state over the current line */
    unsigned line;
    char *err;
    size_t errlen;
} reader;

static const char *field(reader *r, const char *what)
{
    const char *f = strtok_r(NULL, " ", &r->save);
    if (!f)
        errtext(r->err, r->errlen, "tables:%u: expected %s", r->line, what);
    return f;
}

static int number(reader *r, const char *what, long lo, long hi, long *out)
{
    const char *f = field(r, what);
    if (!f)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(f, &end, 10);
    if (errno || *end || end == f || v < lo || v > hi)
        return errtext(r->err, r->errlen, "tables:%u: expected %s (%ld..%ld), not '%s'", r->line, what, lo, hi, f);
    *out = v;
    return 0;
}

static int name(reader *r, const char *what, char **out)
{
    const char *f = field(r, what);
    if (!f)
        return -1;
    *out = strdup(f);
    return *out ? 0 : errtext(r->err, r->errlen, "tables: out of memory");
}

static int names(reader *r, const char *what, char ***out, size_t *n)
{
    long count;
    if (number(r, what, 0, 4096, &count) < 0)
        return -1;
    *out = calloc((size_t)count + 1, sizeof **out);
    if (!*out)
        return errtext(r->err, r->errlen, "tables: out of memory");
    for (*n = 0; *n < (size_t)count; (*n)++)
        if (name(r, "a DDI name", &(*out)[*n]) < 0)
            return -1;
    return 0;
}

static int grow(void **items, size_t count, size_t size, reader *r)
{
    void *p = realloc(*items, (count + 1) * size);
    if (!p)
        return errtext(r->err, r->errlen, "tables: out of memory");
    *items = p;
    memset((char *)p + count * size, 0, size);
    return 0;
}

static int read_kind(reader *r, ndis_tables *t)
{
    if (grow((void **)&t->kinds, t->nkinds, sizeof *t->kinds, r) < 0)
        return -1;
    resource_kind *k = &t->kinds[t->nkinds++];
    long order;
    if (name(r, "a resource kind", &k->kind) < 0 || number(r, "an init order", 0, 100, &order) < 0)
        return -1;
    k->init_order = (int)order;
    return names(r, "the number of allocating DDIs", &k->alloc_ddis, &k->nalloc) < 0 ? -1
           : names(r, "the number of releasing DDIs", &k->free_ddis, &k->nfree);
}

static int read_ddi(reader *r, ndis_tables *t)
{
    if (grow((void **)&t->ddis, t->nddis, sizeof *t->ddis, r) < 0)
        return -1;
    ddi_irql *d = &t->ddis[t->nddis++];
    long irql;
    if (name(r, "a DDI name", &d->name) < 0 || number(r, "an IRQL", 0, 31, &irql) < 0)
        return -1;
    d->max_irql = (int)irql;
    return 0;
}

static int read_callback(reader *r, ndis_tables *t)
{
    if (grow((void **)&t->callbacks, t->ncallbacks, sizeof *t->callbacks, r) < 0)
        return -1;
    callback_irql *c = &t->callbacks[t->ncallbacks++];
    long irql, strict;
    if (name(r, "a callback name", &c->name) < 0 || number(r, "an IRQL", 0, 31, &irql) < 0 ||
        number(r, "a strict IRQL", 0, 31, &strict) < 0)
        return -1;
    c->irql = (int)irql;
    c->strict_irql = (int)strict;
    return 0;
}

static int read_lines(char *text, ndis_tables *t, reader *r)
{
    int ended = 0;
    char *line_save = NULL;
    for (char *line = strtok_r(text, "\n", &line_save); line; line = strtok_r(NULL, "\n", &line_save)) {
        r->line++;
        if (ended)
            return errtext(r->err, r->errlen, "tables:%u: expected nothing after 'end'", r->line);
        if (r->line == 1) {
            if (strcmp(line, WIRE_MAGIC) != 0)
                return errtext(r->err, r->errlen, "tables:1: expected '" WIRE_MAGIC "'");
            continue;
        }
        const char *what = strtok_r(line, " ", &r->save);
        int rc;
        if (!what)
            return errtext(r->err, r->errlen, "tables:%u: expected a record", r->line);
        else if (strcmp(what, "kind") == 0)
            rc = read_kind(r, t);
        else if (strcmp(what, "ddi") == 0)
            rc = read_ddi(r, t);
        else if (strcmp(what, "callback") == 0)
            rc = read_callback(r, t);
        else if (strcmp(what, "end") == 0)
            rc = 0, ended = 1;
        else
            return errtext(r->err, r->errlen, "tables:%u: expected kind, ddi, callback or end, not '%s'", r->line, what);
        if (rc < 0)
            return -1;
        if (strtok_r(NULL, " ", &r->save))
            return errtext(r->err, r->errlen, "tables:%u: expected the end of the line", r->line);
    }
    return ended ? 0 : errtext(r->err, r->errlen, "tables:%u: expected 'end' (the blob is cut short)", r->line + 1);
}

int tables_deserialize(const char *blob, size_t len, ndis_tables *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    if (memchr(blob, '\0', len))
        return errtext(err, errlen, "tables: expected text, found a NUL byte");
    char *text = malloc(len + 1);
    if (!text)
        return errtext(err, errlen, "tables: out of memory");
    memcpy(text, blob, len);
    text[len] = '\0';
    reader r = { .err = err, .errlen = errlen };
    int rc = read_lines(text, t, &r);
    free(text);
    if (rc < 0)
        tables_free(t);
    else
        tables_seal(t);
    return rc;
}

int tables_to_memfd(const ndis_tables *t, char *err, size_t errlen)
{
    char *blob;
    size_t len;
    if (tables_serialize(t, &blob, &len, err, errlen) < 0)
        return -1;
    int fd = memfd_create("mpconform-tables", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    size_t done = 0;
    while (fd >= 0 && done < len) {
        ssize_t n = write(fd, blob + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    free(blob);
    int high = -1;
    if (fd >= 0 && done == len) {
        /* No host may change what the others read. */
        fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
        high = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    }
    int saved = errno;
    if (fd >= 0)
        close(fd);
    if (high < 0)
        return errtext(err, errlen, "tables: cannot make the file for the hosts: %s", strerror(saved));
    return high;
}

int tables_from_fd(int fd, ndis_tables *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    struct stat st;
    if (fstat(fd, &st) != 0)
        return errtext(err, errlen, "tables: descriptor %d: %s", fd, strerror(errno));
    if (st.st_size <= 0 || st.st_size > 16 * 1024 * 1024)
        return errtext(err, errlen, "tables: descriptor %d: expected a blob of 1 byte to 16 MiB, found %lld bytes",
                    fd, (long long)st.st_size);
    size_t len = (size_t)st.st_size, done = 0;
    char *blob = malloc(len);
    if (!blob)
        return errtext(err, errlen, "tables: out of memory");
    while (done < len) {
        ssize_t n = pread(fd, blob + done, len - done, (off_t)done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    int rc = done == len ? tables_deserialize(blob, len, t, err, errlen)
                         : errtext(err, errlen, "tables: descriptor %d: read %zu of %zu bytes", fd, done, len);
    free(blob);
    return rc;
}
