/* NDIS constant names a rule may use as a value (NDIS_STATUS_PENDING,
 * NdisHaltDeviceDisabled, DISPATCH_LEVEL, ...), and the reverse lookup
 * reports use to print a status symbolically. */
#ifndef MPC_RULES_CONSTANTS_H
#define MPC_RULES_CONSTANTS_H

#include <stdint.h>

typedef enum { CONST_STATUS, CONST_OTHER } constant_family;

/* 0 and *value set when name is known; -1 otherwise. */
int constant_value(const char *name, int64_t *value);
/* Name of the NDIS_STATUS with this (32-bit) value, NULL when none. */
const char *status_name(int64_t status);
/* "success", "informational", "warning" or "error": the two severity bits of an NTSTATUS. */
const char *status_class(int64_t status);
/* Looks like a constant name (so an unknown one is a typo, not a string). */
int constant_like(const char *text);

#endif
