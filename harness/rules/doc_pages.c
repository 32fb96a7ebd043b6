/* Loading the `pages:` table (doc_pages.h). */
#include "doc_pages.h"

#include <stdlib.h>
#include <string.h>

int doc_url_valid(const char *url)
{
    return url && strncmp(url, "https://", 8) == 0 && url[8] && !strpbrk(url, " \t\n\"<>");
}

const doc_page *doc_pages_find(const doc_pages *pages, const char *seed)
{
    for (size_t i = 0; seed && i < pages->count; i++)
        if (strcmp(pages->items[i].seed, seed) == 0)
            return &pages->items[i];
    return NULL;
}

static char *scalar_of(const ynode *map, const char *key, yerror *err)
{
    const ynode *v = ymap_get(map, key);
    if (!v) {
        yerr_at(err, map, "missing required field '%s'", key);
        return NULL;
    }
    if (ynode_expect(v, YNODE_SCALAR, key, err) < 0)
        return NULL;
    char *s = strdup(v->scalar);
    if (!s)
        yerr_at(err, v, "out of memory");
    return s;
}

int doc_pages_load(doc_pages *pages, const ynode *list, yerror *err)
{
    static const char *const keys[] = { "seed", "title", "url", NULL };
    if (ynode_expect(list, YNODE_SEQ, "pages", err) < 0)
        return -1;
    for (size_t i = 0; i < list->count; i++) {
        const ynode *n = list->values[i];
        if (ynode_expect(n, YNODE_MAP, "a page", err) < 0 || ymap_check_keys(n, keys, err) < 0)
            return -1;
        doc_page p = { scalar_of(n, "seed", err), NULL, NULL };
        if (p.seed && doc_pages_find(pages, p.seed)) {
            yerr_at(err, ymap_get(n, "seed"), "seed page '%s' is listed twice", p.seed);
            free(p.seed);
            return -1;
        }
        if (p.seed)
            p.title = scalar_of(n, "title", err);
        if (p.title)
            p.url = scalar_of(n, "url", err);
        if (p.url && !doc_url_valid(p.url)) {
            yerr_at(err, ymap_get(n, "url"), "url must be an https:// address, not '%s'", p.url);
            free(p.url);
            p.url = NULL;
        }
        doc_page *grown = p.url ? realloc(pages->items, (pages->count + 1) * sizeof *grown) : NULL;
        if (!grown) {
            if (p.url)
                yerr_at(err, n, "out of memory");
            free(p.seed);
            free(p.title);
            free(p.url);
            return -1;
        }
        pages->items = grown;
        pages->items[pages->count++] = p;
    }
    return 0;
}

void doc_pages_free(doc_pages *pages)
{
    for (size_t i = 0; i < pages->count; i++) {
        free(pages->items[i].seed);
        free(pages->items[i].title);
        free(pages->items[i].url);
    }
    free(pages->items);
    memset(pages, 0, sizeof *pages);
}
