/* Input files: regular files only, bounded lines (input_file.h). */
#include "input_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_of(mode_t mode)
{
    return S_ISFIFO(mode) ? "a FIFO" : S_ISDIR(mode) ? "a directory" : S_ISCHR(mode) ? "a character device"
           : S_ISBLK(mode) ? "a block device" : S_ISSOCK(mode) ? "a socket" : "not a regular file";
}

FILE *input_open_regular(const char *path, char *why, size_t len)
{
    /* O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, len, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(why, len, "is %s, not a regular file: mpconform reads only regular files here", kind_of(st.st_mode));
        close(fd);
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "r");
    if (!f) {
        snprintf(why, len, "cannot open: %s", strerror(errno));
        close(fd);
    }
    return f;
}

/* What one read asks for at least. */
#define INPUT_BLOCK ((size_t)64 << 10)

void input_lines_init(input_lines *in, FILE *f)
{
    memset(in, 0, sizeof *in);
    in->f = f;
    in->covered = SIZE_MAX;
}

void input_lines_free(input_lines *in)
{
    free(in->buf);
    memset(in, 0, sizeof *in);
    in->covered = SIZE_MAX;
}

/* The line [start, line_end), NUL-terminated in place: the NUL covers
 * the next line's first byte until the next call puts it back. */
static ssize_t hand_out(input_lines *in, size_t line_end, const char **line)
{
    *line = in->buf + in->start;
    ssize_t len = (ssize_t)(line_end - in->start);
    in->covered = line_end;
    in->covered_byte = in->buf[line_end];
    in->buf[line_end] = 0;
    in->start = line_end;
    return len;
}

/* Reads more after what is pending (moved to the front first, the buffer
 * grown when the pending line fills it). The bytes read; 0 at the end of
 * the file or on a read error, -1 out of memory. */
static ssize_t read_more(input_lines *in)
{
    if (in->start > 0) {
        memmove(in->buf, in->buf + in->start, in->end - in->start);
        in->end -= in->start;
        in->start = 0;
    }
    if (in->end + 1 >= in->cap) {   /* one byte always left for the NUL */
        size_t cap = in->cap ? in->cap * 2 : INPUT_BLOCK;
        char *grown = realloc(in->buf, cap);
        if (!grown)
            return -1;
        in->buf = grown;
        in->cap = cap;
    }
    size_t got = fread(in->buf + in->end, 1, in->cap - 1 - in->end, in->f);
    in->end += got;
    return (ssize_t)got;
}

ssize_t input_read_line(input_lines *in, const char **line, size_t max)
{
    if (in->covered != SIZE_MAX) {
        in->buf[in->covered] = in->covered_byte;
        in->covered = SIZE_MAX;
    }
    size_t scanned = 0;   /* bytes of the pending line known to hold no newline */
    for (;;) {
        size_t pending = in->end - in->start;
        const char *nl = pending > scanned ? memchr(in->buf + in->start + scanned, '\n', pending - scanned) : NULL;
        if (nl) {
            size_t at = (size_t)(nl - in->buf);
            if (at - in->start > max)
                return INPUT_LINE_TOO_LONG;
            return hand_out(in, at + 1, line);
        }
        if (pending > max)
            return INPUT_LINE_TOO_LONG;
        scanned = pending;
        ssize_t got = read_more(in);
        if (got < 0)
            return -1;
        if (got == 0)   /* the end of the file: the last line may lack its newline */
            return pending ? hand_out(in, in->end, line) : -1;
    }
}
