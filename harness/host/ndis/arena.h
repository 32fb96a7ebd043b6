/* Storage for the guarded blocks of memory.c: pre-mapped chunks carved
 * into blocks of a few size classes, so a block costs no system call.
 * Chunks are anonymous mappings, not malloc memory: valgrind must see each
 * miniport block (VALGRIND_MALLOCLIKE_BLOCK) as the only heap block there,
 * or its leak check is confused. A block's size (its stride) covers its
 * header, guards, data and slack; its first ARENA_ALIGN bytes are the
 * user's (memory.c's header and front guard) and are never written here,
 * the rest is the arena's while the block is given back. */
#ifndef MPC_NDIS_ARENA_H
#define MPC_NDIS_ARENA_H

#include <stddef.h>
#include <stdint.h>

#define ARENA_ALIGN 64        /* strides are multiples: data stays 64-byte aligned */

/* The stride arena_take gives for a block needing need bytes (need > 0). */
size_t arena_stride(size_t need);
/* A block of arena_stride(need) bytes, NOACCESS for valgrind; NULL when the
 * address space is exhausted. */
void *arena_take(size_t need);
/* Takes back a block of arena_take (given its stride) for reuse. */
void arena_give(void *block, size_t stride);
/* Calls fn on every block carved so far (given-back ones too: fn tells
 * them by their header), in address order within each chunk; fn returns
 * the block's stride from its header, 0 when the header is damaged (the
 * walk of that chunk stops). */
void arena_walk(size_t (*fn)(void *block, void *ctx), void *ctx);

#endif
