/* Helpers every report writer shares. */
#include "report_util.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

const char *report_str_or(const char *s, const char *fallback)
{
    return s && *s ? s : fallback;
}

json_t *report_json_text(const char *s, int null_if_missing)
{
    if (!s)
        return null_if_missing ? json_null() : json_string("");
    json_t *j = json_string(s);
    if (j)
        return j;
    char *copy = strdup(s);
    if (!copy)
        return json_string("");
    for (char *c = copy; *c; c++)
        if ((unsigned char)*c >= 0x80)
            *c = '?';
    j = json_string(copy);
    free(copy);
    return j ? j : json_string("");
}

int report_finish_memstream(const char *path, FILE *out, char **buf, size_t *len, char *err, size_t errlen)
{
    int bad = ferror(out);
    if (fclose(out) != 0 || bad) {
        free(*buf);
        *buf = NULL;
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    int rc = report_atomic_write(path, *buf, *len, err, errlen);
    free(*buf);
    *buf = NULL;
    return rc;
}

int report_write_json_document(const char *path, json_t *root, char *err, size_t errlen)
{
    char *text = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(root);
    size_t len = text ? strlen(text) : 0;
    /* json_dumps leaves no trailing newline; text tools expect one. */
    char *withnl = text ? realloc(text, len + 2) : NULL;
    if (!withnl) {
        free(text);
        snprintf(err, errlen, "%s: cannot encode the report as JSON (out of memory)", path);
        return -1;
    }
    withnl[len] = '\n';
    withnl[len + 1] = '\0';
    int rc = report_atomic_write(path, withnl, len + 1, err, errlen);
    free(withnl);
    return rc;
}
