/* Fuzz support: hands a fuzz input to loaders that only read from a path.
 * The bytes go into one anonymous in-memory file (memfd) per process, named
 * by /proc/self/fd/N: a regular file to fstat, so the loaders run exactly
 * as they do on a user's file, and nothing is left on disk after a crash. */
#ifndef MPC_FUZZ_MEMFILE_H
#define MPC_FUZZ_MEMFILE_H

#include <stddef.h>
#include <stdint.h>

/* The path of a file holding exactly data[0..size); aborts when the file
 * cannot be written (the fuzzer cannot go on without it). */
const char *memfile_path(const uint8_t *data, size_t size);

#endif
