/* Pre-mapped chunks (arena.h). Strides up to 4 KiB are exact multiples of
 * 64 bytes; from 4 to 512 KiB each octave has eight strides, an eighth of
 * it apart (4.5, 5, 5.5 ... 8 KiB; 9, 10 ... 16 KiB; ...), so a block's
 * slack, which memory.c fills and checks as guard, is under an eighth of
 * it (a 5 KiB block in the 8 KiB stride of powers of two paid for 3 KiB
 * of slack on both sides), while a freed block still serves every request
 * of its eighth: exact strides up to 64 KiB made a driver's varied sizes
 * wait on a thousand lists (200 k pairs of random sizes from 4 to 64 KiB
 * carved 106 MiB instead of 14.5). A block of 512 KiB or more has a
 * mapping of its own, unmapped when it is given back. Given-back blocks
 * wait on a list per stride for the next block of that stride; the list
 * link lives just after the block's first ARENA_ALIGN bytes, which are
 * left to the user's header (so a walk still reads every stride). */
#include "arena.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <valgrind/memcheck.h>

#define CHUNK_SIZE ((size_t)1 << 20)
#define SMALL_MAX 4096u                              /* exact strides up to here */
#define OWN_MAPPING ((size_t)512 << 10)              /* and from here a mapping per block */
#define NSMALL (SMALL_MAX / ARENA_ALIGN)             /* classes 0..63: 64..4096 bytes */
#define STEPS 8                                      /* strides per octave past SMALL_MAX */
#define OCTAVES 7                                    /* (4K, 8K] ... (256K, 512K] */
#define NCLASSES (NSMALL + OCTAVES * STEPS)          /* 64..119; 512 KiB itself has its own mapping */

typedef struct {
    unsigned char *base;
    size_t size;
    size_t used;          /* blocks are carved from the front */
} chunk;

static chunk *chunks;
static size_t nchunks;
static void *free_lists[NCLASSES];

/* The power of two the octave of s (> SMALL_MAX) starts from, the
 * largest one below s; *octave: its number, 0 for SMALL_MAX's. */
static size_t octave_of(size_t s, size_t *octave)
{
    size_t b = SMALL_MAX;
    for (*octave = 0; b * 2 < s; ++*octave)
        b *= 2;
    return b;
}

size_t arena_stride(size_t need)
{
    if (need < ARENA_ALIGN + sizeof(void *))
        need = ARENA_ALIGN + sizeof(void *);   /* room for the free-list link */
    size_t s = (need + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (s <= SMALL_MAX)
        return s;
    if (s >= OWN_MAPPING)
        return (s + 4095) & ~(size_t)4095;
    size_t octave, step = octave_of(s, &octave) / STEPS;
    return (s + step - 1) / step * step;
}

/* -1 for a stride with its own mapping. */
static int class_of(size_t stride)
{
    if (stride <= SMALL_MAX)
        return (int)(stride / ARENA_ALIGN) - 1;
    if (stride >= OWN_MAPPING)
        return -1;
    size_t octave, b = octave_of(stride, &octave);
    return (int)(NSMALL + octave * STEPS + (stride - b) / (b / STEPS) - 1);
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
