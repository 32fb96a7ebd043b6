/* See analysis.h: what the tables say about a DDI, remembered by the
 * name's address for as long as the ruleset lives. An event's name is an
 * atom or a literal, so one address is one text, and every scenario asks
 * about the same few DDIs (three hashed lookups an event before).
 * Direct-mapped: a slot taken by another name is looked up again. */
#include "analysis.h"

#include <stdint.h>
#include <stdlib.h>

#define DDI_FACT_SLOTS 256

struct ddi_facts {
    ddi_fact slot[DDI_FACT_SLOTS];
};

struct ddi_facts *analysis_facts_new(void)
{
    return calloc(1, sizeof(struct ddi_facts));
}

void analysis_facts_free(struct ddi_facts *facts)
{
    free(facts);
}

ddi_fact analysis_facts_about(const ruleset *rs, const char *ddi)
{
    const ndis_tables *t = &rs->tables;
    ddi_fact *f = rs->ddi_facts ? &rs->ddi_facts->slot[atom_memo_slot(ddi, DDI_FACT_SLOTS)] : NULL;
    if (f && f->name == ddi)
        return *f;
    ddi_fact fresh = { ddi, tables_kind_allocated_by(t, ddi), tables_kind_freed_by(t, ddi),
                       tables_ddi_max_irql(t, ddi) };
    if (f)
        *f = fresh;
    return fresh;
}
