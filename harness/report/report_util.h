/* Helpers every report writer shares. */
#ifndef MPC_REPORT_UTIL_H
#define MPC_REPORT_UTIL_H

#include <jansson.h>
#include <stdio.h>

const char *report_str_or(const char *s, const char *fallback);
/* A JSON string for s; bytes jansson refuses (not UTF-8) become '?'.
 * NULL s gives JSON null when null_if_missing, else "". */
json_t *report_json_text(const char *s, int null_if_missing);
/* Closes an open_memstream stream and writes its buffer to path atomically. */
int report_finish_memstream(const char *path, FILE *out, char **buf, size_t *len, char *err, size_t errlen);
/* Encodes root (indented, keys in order, trailing newline) and writes it to
 * path atomically; takes the reference to root. */
int report_write_json_document(const char *path, json_t *root, char *err, size_t errlen);

#endif
