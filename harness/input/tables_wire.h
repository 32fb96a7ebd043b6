/* The host's share of the NDIS tables (input/tables.h) as a compact text
 * blob: the judge loads the rule YAML once per run and hands every host the
 * resource kinds and the IRQL tables this way, so no host parses rules.
 * The return table is the judge's alone and is not carried. */
#ifndef MPC_TABLES_WIRE_H
#define MPC_TABLES_WIRE_H

#include <stddef.h>
#include "tables.h"

/* The blob of t (NUL-terminated, *len bytes without the NUL; caller frees).
 * -1 with a message when a name cannot be carried (empty, or with a blank). */
int tables_serialize(const ndis_tables *t, char **blob, size_t *len, char *err, size_t errlen);
/* Fills *t (kinds, ddis, callbacks) from a blob; -1 with "tables:LINE: what
 * was expected" on a damaged blob, *t then empty. */
int tables_deserialize(const char *blob, size_t len, ndis_tables *t, char *err, size_t errlen);

/* The blob of t in a sealed, close-on-exec memory file placed at descriptor
 * 10 or above (so it never lands on the host's fixed descriptors); -1 with
 * a message. */
int tables_to_memfd(const ndis_tables *t, char *err, size_t errlen);
/* Reads a blob from descriptor fd (from offset 0: the descriptor's offset is
 * shared by every host) into *t. */
int tables_from_fd(int fd, ndis_tables *t, char *err, size_t errlen);

#endif
