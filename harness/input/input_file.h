/* Opening what users give as input files (rules, scenarios, traces, the
 * project file): only regular files, so a FIFO or a device named by mistake
 * or by malice can never block the judge in open() or read(); and lines read
 * with a length cap, so one endless line cannot take all memory. */
#ifndef MPC_INPUT_FILE_H
#define MPC_INPUT_FILE_H

#include <stdio.h>
#include <sys/types.h>

/* The file opened for reading, or NULL with the reason in why ("is a FIFO,
 * not a regular file", or strerror). Never blocks on a FIFO. */
FILE *input_open_regular(const char *path, char *why, size_t len);

/* A file's lines, read a block at a time. */
typedef struct {
    FILE *f;
    char *buf;          /* [start, end): read, not handed out yet */
    size_t start, end, cap;
    size_t covered;     /* where the last line's NUL stands over a byte of the next, or SIZE_MAX */
    char covered_byte;
} input_lines;

/* Lines of f (which stays the caller's to close). */
void input_lines_init(input_lines *in, FILE *f);
void input_lines_free(input_lines *in);

#define INPUT_LINE_TOO_LONG (-2)
/* The next line, with its newline and a NUL after it, in *line (valid
 * until the next call); its length, -1 at the end of the file (or out of
 * memory), or INPUT_LINE_TOO_LONG when it holds more than max bytes
 * before its newline. */
ssize_t input_read_line(input_lines *in, const char **line, size_t max);

#endif
