/* Errors as values with a message: the caller's buffer gets the text and
 * the function returns -1, so a failure is one line: return errtext(...). */
#ifndef MPC_ERRTEXT_H
#define MPC_ERRTEXT_H

#include <stddef.h>

int errtext(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
