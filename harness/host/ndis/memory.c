/* NdisAllocateMemoryWithTagPriority / NdisFreeMemory with guard zones,
 * valgrind client requests and a quarantine of poisoned freed blocks.
 * Blocks live in pre-mapped chunks (arena.h: no system call per block).
 * Layout: header | guard | data | guard and slack up to the stride; the
 * data is 64-byte aligned. Guards are checked at free and, for the blocks
 * still live, at each audit (end of Halt, failed Initialize). For valgrind
 * only the data is addressable: the header too is NOACCESS except while
 * this file reads or writes it, so an overrun that runs through the guard
 * and the slack into the next block is still reported at the miniport's
 * line. A header that does not match its check word (an overrun we could
 * not stop) is reported as a damaged guard and its block is never reused. */
#include <valgrind/memcheck.h>
#include "arena.h"
#include "ndis_internal.h"

#define GUARD_SIZE 32
#define HEADER_SIZE 32
#define GUARD_BYTE 0xFD
#define POISON_BYTE 0xDD
#define FRESH_BYTE 0xCD
#define BLOCK_MAGIC 0x4D454D42u
#define QUARANTINE_MAX 256
/* Quarantined blocks whose first bytes are audited per allocation, round
 * robin. Every block is audited whole when it leaves the quarantine and at
 * each audit point, so this only finds a write after free sooner: a write
 * to the fields at a structure's start (a state, a list link, a count),
 * which is where most land. The rest of the block waits for its whole
 * audit: scanning whole blocks here cost a second pass over every block
 * freed (some 8 % of a tracked alloc+free pair, docs/decisions-host.md). */
#define AUDIT_PER_ALLOCATION 1
#define AUDIT_HEAD_BYTES 64

enum {
    BLOCK_FREED = 1,
    REPORTED_BEFORE = 2,       /* each guard finding once per block */
    REPORTED_AFTER = 4,
};

typedef struct {
    uint64_t stride;
    uint64_t length;
    uint32_t magic;
    uint32_t flags;
    ULONG tag;
    uint32_t check;        /* header_check(): tells a header the miniport overwrote */
} block_header;
_Static_assert(sizeof(block_header) <= HEADER_SIZE, "header fits");
_Static_assert((HEADER_SIZE + GUARD_SIZE) % ARENA_ALIGN == 0, "data stays aligned");

/* A freed block waiting to be reused, with what its audits need (no
 * header read per audit: audits run on every allocation). */
typedef struct {
    block_header *b;
    size_t length;
    int reported;          /* its write after free was reported */
} quarantined;

static quarantined quarantine[QUARANTINE_MAX];
static size_t q_head, q_count, q_audit_pos;

NDIS_HELPER static unsigned char *data_of(block_header *b) { return (unsigned char *)b + HEADER_SIZE + GUARD_SIZE; }
NDIS_HELPER static block_header *header_of(const void *p) { return (block_header *)((unsigned char *)p - GUARD_SIZE - HEADER_SIZE); }
/* The guard after the data and the slack behind it, up to the stride. */
NDIS_HELPER static size_t tail_of(const block_header *h) { return h->stride - HEADER_SIZE - GUARD_SIZE - h->length; }

NDIS_HELPER static uint32_t header_check(const block_header *h)
{
    uint64_t x = h->stride * 0x9E3779B97F4A7C15ull ^ h->length * 0xC2B2AE3D27D4EB4Full ^ h->tag ^ BLOCK_MAGIC;
    return (uint32_t)(x ^ (x >> 32));
}

/* A copy of b's header; 0 when it is not one this file wrote. */
NDIS_HELPER static int header_get(const block_header *b, block_header *h)
{
    VALGRIND_MAKE_MEM_DEFINED(b, sizeof *b);
    *h = *b;
    VALGRIND_MAKE_MEM_NOACCESS(b, sizeof *b);
    return h->magic == BLOCK_MAGIC && h->check == header_check(h) &&
           h->stride == arena_stride(HEADER_SIZE + 2 * GUARD_SIZE + h->length);
}

NDIS_HELPER static void header_put(block_header *b, block_header *h)
{
    h->magic = BLOCK_MAGIC;
    h->check = header_check(h);
    VALGRIND_MAKE_MEM_UNDEFINED(b, sizeof *b);
    *b = *h;
    VALGRIND_MAKE_MEM_NOACCESS(b, sizeof *b);
}

/* Every byte is v: the first is, and each equals the next (one memcmp
 * of the block against itself shifted by a byte, which libc vectorizes). */
NDIS_HELPER static int all_bytes(const unsigned char *p, size_t n, unsigned char v)
{
    return n == 0 || (p[0] == v && memcmp(p, p + 1, n - 1) == 0);
}

NDIS_HELPER static void emit_corruption(const void *handle, const char *where)
{
    trace_arg args[] = { TA_PTR("handle", handle), TA_STR("where", where) };
    host_emit_op("memory_corruption", args, 2);
}

/* 1 when the first `length` bytes of the freed block's poison were
 * overwritten (reported once a block). */
NDIS_HELPER static int audit_bytes(quarantined *q, size_t length)
{
    unsigned char *d = data_of(q->b);
    VALGRIND_MAKE_MEM_DEFINED(d, length);
    int intact = all_bytes(d, length, POISON_BYTE);
    VALGRIND_MAKE_MEM_NOACCESS(d, length);
    if (intact || q->reported)
        return 0;
    q->reported = 1;
    emit_corruption(d, "after_free");
    return 1;
}

NDIS_HELPER static int audit_block(quarantined *q)
{
    return audit_bytes(q, q->length);
}

/* Reports a damaged guard of a block (live or being freed) once per side;
 * returns how many sides were newly found damaged. */
NDIS_HELPER static size_t check_guards(block_header *b, block_header *h)
{
    unsigned char *d = data_of(b);
    size_t tail = tail_of(h);
    VALGRIND_MAKE_MEM_DEFINED(d - GUARD_SIZE, GUARD_SIZE);
    VALGRIND_MAKE_MEM_DEFINED(d + h->length, tail);
    int before = !(h->flags & REPORTED_BEFORE) && !all_bytes(d - GUARD_SIZE, GUARD_SIZE, GUARD_BYTE);
    int after = !(h->flags & REPORTED_AFTER) && !all_bytes(d + h->length, tail, GUARD_BYTE);
    VALGRIND_MAKE_MEM_NOACCESS(d - GUARD_SIZE, GUARD_SIZE);
    VALGRIND_MAKE_MEM_NOACCESS(d + h->length, tail);
    if (before || after) {
        h->flags |= (before ? REPORTED_BEFORE : 0) | (after ? REPORTED_AFTER : 0);
        header_put(b, h);
    }
    if (before)
        emit_corruption(d, "before");
    if (after)
        emit_corruption(d, "after");
    return (size_t)(before + after);
}

NDIS_HELPER static void quarantine_push(block_header *b, size_t length)
{
    if (q_count == QUARANTINE_MAX) {
        quarantined *oldest = &quarantine[q_head];
        block_header h;
        audit_block(oldest);
        if (header_get(oldest->b, &h))   /* a damaged block is never handed out again */
            arena_give(oldest->b, h.stride);
        q_head = (q_head + 1) % QUARANTINE_MAX;
        q_count--;
    }
    quarantine[(q_head + q_count) % QUARANTINE_MAX] = (quarantined){ b, length, 0 };
    q_count++;
}

/* The heads of a few quarantined blocks per allocation, round robin, so a
 * write after free shows up soon without scanning everything on every call. */
NDIS_HELPER static void audit_some(void)
{
    for (size_t i = 0; i < AUDIT_PER_ALLOCATION && q_count > 0; i++) {
        q_audit_pos %= q_count;
        quarantined *q = &quarantine[(q_head + q_audit_pos) % QUARANTINE_MAX];
        audit_bytes(q, q->length < AUDIT_HEAD_BYTES ? q->length : AUDIT_HEAD_BYTES);
        q_audit_pos++;
    }
}

NDIS_HELPER int ndis_memory_quarantined(const void *p)
{
    for (size_t i = 0; p && i < q_count; i++)
        if (data_of(quarantine[(q_head + i) % QUARANTINE_MAX].b) == p)
            return 1;
    return 0;
}

NDIS_HELPER static size_t audit_live(void *block, void *ctx)
{
    block_header h;
    if (!header_get(block, &h))
        return 0;
    if (!(h.flags & BLOCK_FREED))
        *(size_t *)ctx += check_guards(block, &h);
    return h.stride;
}

NDIS_HELPER size_t ndis_memory_audit(void)
{
    size_t found = 0;
    for (size_t i = 0; i < q_count; i++)
        found += (size_t)audit_block(&quarantine[(q_head + i) % QUARANTINE_MAX]);
    arena_walk(audit_live, &found);
    return found;
}

/* A guarded block announced to valgrind, registered as a handle of kind;
 * NULL when out of memory. */
NDIS_HELPER static void *alloc_block(size_t Length, ULONG Tag, ndis_res_kind kind)
{
    size_t need = HEADER_SIZE + 2 * GUARD_SIZE + Length;
    if (need < Length)
        return NULL;
    block_header *b = arena_take(need);
    if (!b)
        return NULL;
    block_header h = { .stride = arena_stride(need), .length = Length, .tag = Tag };
    unsigned char *d = data_of(b);
    size_t tail = tail_of(&h);
    VALGRIND_MAKE_MEM_UNDEFINED(d - GUARD_SIZE, h.stride - HEADER_SIZE);
    memset(d - GUARD_SIZE, GUARD_BYTE, GUARD_SIZE);
    memset(d, FRESH_BYTE, Length);   /* pool memory is not zeroed */
    memset(d + Length, GUARD_BYTE, tail);
    if (ndis_handle_add(d, kind) != 0) {
        h.flags = BLOCK_FREED;
        header_put(b, &h);
        arena_give(b, h.stride);
        return NULL;
    }
    header_put(b, &h);
    VALGRIND_MAKE_MEM_NOACCESS(d - GUARD_SIZE, GUARD_SIZE);
    VALGRIND_MAKE_MEM_NOACCESS(d + Length, tail);
    VALGRIND_MALLOCLIKE_BLOCK(d, Length, 0, 0);
    return d;
}

PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, UINT Length, ULONG Tag, EX_POOL_PRIORITY Priority)
{
    (void)NdisHandle;
    audit_some();
    void *result = host_should_fail("NdisAllocateMemoryWithTagPriority") ? NULL : alloc_block(Length, Tag, NDIS_RES_MEMORY);
    HOST_DDI_VOID("NdisAllocateMemoryWithTagPriority", TA_PTR("handle", result), TA_INT("Length", Length),
                  TA_INT("Tag", Tag), TA_INT("Priority", Priority));
    return result;
}

/* The NDIS 5 form, still in ndis.h: NDIS_STATUS_SUCCESS and the block in
 * *VirtualAddress, or NDIS_STATUS_FAILURE and NULL ("An attempt to allocate
 * the requested memory failed"); the block is NDIS memory that
 * NdisFreeMemory releases. */
NDIS_STATUS NdisAllocateMemoryWithTag(PVOID *VirtualAddress, UINT Length, ULONG Tag)
{
    audit_some();
    void *result = host_should_fail("NdisAllocateMemoryWithTag") ? NULL : alloc_block(Length, Tag, NDIS_RES_MEMORY);
    NDIS_STATUS status = result ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
    if (VirtualAddress)
        *VirtualAddress = result;
    HOST_DDI("NdisAllocateMemoryWithTag", status, TA_PTR("handle", result), TA_INT("Length", Length), TA_INT("Tag", Tag));
    return status;
}

/* Releases a block this module handed out; reports damaged guards. */
NDIS_HELPER static void free_block(void *p)
{
    block_header *b = header_of(p), h;
    unsigned char *d = p;
    VALGRIND_FREELIKE_BLOCK(d, 0);
    if (!header_get(b, &h)) {
        /* Overwritten from the block before: no length to poison by, and
         * the block is never reused. */
        emit_corruption(p, "before");
        return;
    }
    check_guards(b, &h);
    VALGRIND_MAKE_MEM_UNDEFINED(d, h.length);
    memset(d, POISON_BYTE, h.length);
    VALGRIND_MAKE_MEM_NOACCESS(d - GUARD_SIZE, h.stride - HEADER_SIZE);
    h.flags |= BLOCK_FREED;
    header_put(b, &h);
    quarantine_push(b, h.length);
}

NDIS_HELPER void *ndis_guarded_alloc(size_t length, ULONG tag, ndis_res_kind kind)
{
    audit_some();
    return alloc_block(length, tag, kind);
}

NDIS_HELPER int64_t ndis_guarded_length(const void *block, ndis_res_kind kind)
{
    block_header h;
    if (!ndis_handle_is(block, kind))
        return -1;
    return header_get(header_of(block), &h) ? (int64_t)h.length : 0;
}

NDIS_HELPER ULONG ndis_guarded_tag(const void *block)
{
    block_header h;
    return header_get(header_of(block), &h) ? h.tag : 0;
}

NDIS_HELPER void ndis_guarded_free(void *block, ndis_res_kind kind)
{
    if (!ndis_handle_is(block, kind))
        return;
    ndis_handle_remove(block);
    free_block(block);
}

NDIS_HELPER static void free_memory(const char *ddi, PVOID VirtualAddress, const trace_arg *extra, size_t nextra)
{
    int64_t allocated = ndis_guarded_length(VirtualAddress, NDIS_RES_MEMORY);
    int known = allocated >= 0;
    trace_arg args[4] = { TA_PTR("handle", VirtualAddress), TA_INT("allocated_length", allocated) };
    size_t n = 2;
    for (size_t i = 0; i < nextra && n < 4; i++)
        args[n++] = extra[i];
    host_emit_ddi(ddi, 0, 0, args, n);
    if (known)    /* else a foreign or double free: the ledger already said so */
        ndis_guarded_free(VirtualAddress, NDIS_RES_MEMORY);
}

VOID NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags)
{
    trace_arg extra[] = { TA_INT("Length", Length), TA_INT("MemoryFlags", MemoryFlags) };
    free_memory("NdisFreeMemory", VirtualAddress, extra, 2);
}

VOID NdisFreeMemoryWithTagPriority(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, ULONG Tag)
{
    (void)NdisHandle;
    trace_arg extra[] = { TA_INT("Tag", Tag) };
    free_memory("NdisFreeMemoryWithTagPriority", VirtualAddress, extra, 1);
}

NDIS_HELPER void *ndis_memory_alloc_for_ndis(size_t length)
{
    return alloc_block(length, 0x5349444Eu, NDIS_RES_MEMORY);  /* 'NDIS' */
}

NDIS_HELPER void ndis_memory_release_for_ndis(void *block)
{
    ndis_guarded_free(block, NDIS_RES_MEMORY);
}

NDIS_HELPER int ndis_memory_is_live(const void *block)
{
    return block && ndis_handle_is(block, NDIS_RES_MEMORY);
}

ULONG NdisGetSharedDataAlignment(void)
{
    HOST_DDI_NOARGS("NdisGetSharedDataAlignment", 0, 0);
    return 64;   /* a cache line */
}
