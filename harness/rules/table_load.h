/* Filling ndis_tables (input/tables.h) from the `resources:` and `irql:`
 * files of a rule directory.  Names must be unique across all files. */
#ifndef MPC_RULES_TABLE_LOAD_H
#define MPC_RULES_TABLE_LOAD_H

#include "../input/tables.h"
#include "../input/yamldoc.h"

int table_load_resources(ndis_tables *t, const ynode *list, yerror *err);
int table_load_irql(ndis_tables *t, const ynode *map, yerror *err);
/* table_returns.c: the `returns:` list. */
int table_load_returns(ndis_tables *t, const ynode *list, yerror *err);
/* Every alloc/free DDI of the resource table must be in the IRQL table. */
int table_check(const ndis_tables *t, yerror *err);

/* One scalar or a list of scalars into a fresh string array. */
int yaml_names(const ynode *node, const char *what, char ***out, size_t *n, yerror *err);
void names_free(char **names, size_t n);
/* A copy of the non-empty scalar at map's key; NULL with err otherwise
 * ("missing required field" reported at where). */
char *yaml_dup_required(const ynode *map, const char *key, const ynode *where, yerror *err);

#endif
