/* OID_* names -> values, for scenario files. */
#ifndef MPC_OID_NAMES_H
#define MPC_OID_NAMES_H

#include <stdint.h>
#include "ndis.h"

/* 0 and *value set when name is an OID the shim defines; -1 otherwise. */
int oid_from_name(const char *name, uint32_t *value);

#endif
