/* A rule's `doc:`: where the requirement it enforces is written.  Either a
 * seed page (`file:`, a file of /work/shared/seeds, shown to users as the
 * WDK page checks/tables/seeds.yaml names) or any other WDK page, named by
 * its title (`page:`) and public address (`url:`, on learn.microsoft.com),
 * with the sentence quoted (`passage:`). */
#include "rule_model.h"
#include "rule_load.h"
#include "table_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WDK_URL_PREFIX "https://learn.microsoft.com/"

static char *dup_field(const ynode *doc, const char *key, yerror *err)
{
    return yaml_dup_required(doc, key, doc, err);
}

int rule_doc_parse(rule *r, const ynode *doc, const ndis_tables *t, yerror *err)
{
    static const char *const doc_keys[] = { "file", "page", "url", "passage", NULL };
    if (ynode_expect(doc, YNODE_MAP, "doc", err) < 0 || ymap_check_keys(doc, doc_keys, err) < 0)
        return -1;
    const ynode *file = ymap_get(doc, "file"), *page = ymap_get(doc, "page");
    if ((file != NULL) == (page != NULL))
        return yerr_at(err, doc, "doc names either a seed 'file' or a WDK 'page' with its 'url'");
    if (file) {
        if (ymap_get(doc, "url"))
            return yerr_at(err, ymap_get(doc, "url"), "'url' goes with 'page', not with a seed 'file'");
        if (!(r->doc_file = dup_field(doc, "file", err)))
            return -1;
        /* users read the seed's WDK page (checks/tables/seeds.yaml), not the file name */
        const seed_page *seed = tables_seed(t, r->doc_file);
        if (seed && (!(r->doc_page = strdup(seed->page)) || !(r->doc_url = strdup(seed->url))))
            return yerr_at(err, doc, "out of memory");
    } else {
        if (!(r->doc_page = dup_field(doc, "page", err)) || !(r->doc_url = dup_field(doc, "url", err)))
            return -1;
        if (strncmp(r->doc_url, WDK_URL_PREFIX, strlen(WDK_URL_PREFIX)) != 0)
            return yerr_at(err, ymap_get(doc, "url"), "'url' must be the page's public address (%s...)",
                           WDK_URL_PREFIX);
    }
    if (!(r->doc_passage = dup_field(doc, "passage", err)))
        return -1;
    const char *title = r->doc_page ? r->doc_page : r->doc_file;
    size_t dl = strlen(title) + (r->doc_url ? strlen(r->doc_url) + 3 : 0) + strlen(r->doc_passage) + 3;
    if (!(r->doc = malloc(dl)))
        return yerr_at(err, doc, "out of memory");
    if (r->doc_url)
        snprintf(r->doc, dl, "%s <%s>: %s", title, r->doc_url, r->doc_passage);
    else
        snprintf(r->doc, dl, "%s: %s", title, r->doc_passage);
    return 0;
}
