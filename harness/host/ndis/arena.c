/* Pre-mapped chunks (arena.h). Strides up to 64 KiB are exact multiples
 * of 64 bytes (a block's slack, which memory.c fills and checks as guard,
 * stays under 64 bytes: a 5 KiB block in an 8 KiB stride cost a third of
 * its own fill again), larger ones powers of two; a block of 512 KiB or more has a
 * mapping of its own, unmapped when it is given back. Given-back blocks
 * wait on a list per stride for the next block of that stride; the list
 * link lives just after the block's first ARENA_ALIGN bytes, which are
 * left to the user's header (so a walk still reads every stride). */
#include "arena.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <valgrind/memcheck.h>

#define CHUNK_SIZE ((size_t)1 << 20)
#define SMALL_MAX 65536u                             /* exact strides up to here */
#define OWN_MAPPING ((size_t)512 << 10)              /* and from here a mapping per block */
#define NSMALL (SMALL_MAX / ARENA_ALIGN)             /* classes 0..1023: 64..65536 bytes */
#define NCLASSES (NSMALL + 3)                        /* 128K, 256K: 1024..1025 (+1 spare) */

typedef struct {
    unsigned char *base;
    size_t size;
    size_t used;          /* blocks are carved from the front */
} chunk;

static chunk *chunks;
static size_t nchunks;
static void *free_lists[NCLASSES];

size_t arena_stride(size_t need)
{
    if (need < ARENA_ALIGN + sizeof(void *))
        need = ARENA_ALIGN + sizeof(void *);   /* room for the free-list link */
    size_t s = (need + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (s <= SMALL_MAX)
        return s;
    size_t p = SMALL_MAX * 2;
    while (p < s && p < OWN_MAPPING)
        p *= 2;
    return p < s ? (s + 4095) & ~(size_t)4095 : p;
}

/* -1 for a stride with its own mapping. */
static int class_of(size_t stride)
{
    if (stride <= SMALL_MAX)
        return (int)(stride / ARENA_ALIGN) - 1;
    if (stride >= OWN_MAPPING)
        return -1;
    int c = NSMALL;
    for (size_t p = SMALL_MAX * 2; p < stride; p *= 2)
        c++;
    return c;
}

static chunk *new_chunk(size_t size)
{
    chunk *grown = realloc(chunks, (nchunks + 1) * sizeof *chunks);
    if (!grown)
        return NULL;
    chunks = grown;
    void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    VALGRIND_MAKE_MEM_NOACCESS(m, size);
    chunk *c = &chunks[nchunks++];
    c->base = m;
    c->size = size;
    c->used = 0;
    return c;
}

static void **link_of(void *block)
{
    return (void **)((unsigned char *)block + ARENA_ALIGN);
}

void *arena_take(size_t need)
{
    size_t stride = arena_stride(need);
    int cls = class_of(stride);
    if (cls < 0) {
        chunk *c = new_chunk(stride);
        if (!c)
            return NULL;
        c->used = stride;
        return c->base;
    }
    void *block = free_lists[cls];
    if (block) {
        VALGRIND_MAKE_MEM_DEFINED(link_of(block), sizeof(void *));
        free_lists[cls] = *link_of(block);
        VALGRIND_MAKE_MEM_NOACCESS(block, stride);
        return block;
    }
    /* Carve from the newest small-block chunk; a new one when it is full. */
    chunk *c = NULL;
    for (size_t i = nchunks; i > 0 && !c; i--)
        if (chunks[i - 1].size == CHUNK_SIZE)
            c = &chunks[i - 1];
    if (!c || c->size - c->used < stride)
        c = new_chunk(CHUNK_SIZE);
    if (!c)
        return NULL;
    block = c->base + c->used;
    c->used += stride;
    return block;
}

void arena_give(void *block, size_t stride)
{
    int cls = class_of(stride);
    if (cls >= 0) {
        VALGRIND_MAKE_MEM_UNDEFINED(link_of(block), sizeof(void *));
        *link_of(block) = free_lists[cls];
        VALGRIND_MAKE_MEM_NOACCESS(link_of(block), sizeof(void *));
        free_lists[cls] = block;
        return;
    }
    for (size_t i = 0; i < nchunks; i++)
        if (chunks[i].base == block) {
            munmap(block, chunks[i].size);
            chunks[i] = chunks[--nchunks];
            return;
        }
}

void arena_walk(size_t (*fn)(void *block, void *ctx), void *ctx)
{
    for (size_t i = 0; i < nchunks; i++)
        for (size_t off = 0; off < chunks[i].used;) {
            size_t stride = fn(chunks[i].base + off, ctx);
            if (stride == 0 || stride % ARENA_ALIGN || stride > chunks[i].used - off)
                break;   /* a header the miniport destroyed: the rest of the chunk cannot be walked */
            off += stride;
        }
}
