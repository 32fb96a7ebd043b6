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

#define INPUT_LINE_TOO_LONG (-2)
/* Like getline: the line (with its newline) in *line; its length, -1 at the
 * end of the file, or INPUT_LINE_TOO_LONG when it exceeds max bytes. */
ssize_t input_read_line(FILE *f, char **line, size_t *cap, size_t max);

#endif
