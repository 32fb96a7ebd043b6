/* NdisAllocateMemoryWithTagPriority / NdisFreeMemory with guard zones,
 * valgrind client requests and a quarantine of poisoned freed blocks.
 * Each block is its own mapping, so valgrind sees the miniport's block as
 * the only heap block there (MALLOCLIKE_BLOCK inside a malloc block
 * confuses its leak check). Layout: header | guard | data | guard. */
#include <sys/mman.h>
#include <valgrind/memcheck.h>
#include "ndis_internal.h"

#define GUARD_SIZE 32
#define HEADER_SIZE 32
#define GUARD_BYTE 0xFD
#define POISON_BYTE 0xDD
#define FRESH_BYTE 0xCD
#define BLOCK_MAGIC 0x4D454D42u
#define QUARANTINE_MAX 256
#define AUDIT_PER_CALL 8

typedef struct {
    uint32_t magic;
    uint32_t freed;
    size_t length;
    size_t map_size;
    ULONG tag;
    int reported;
} block_header;
_Static_assert(sizeof(block_header) <= HEADER_SIZE, "header fits");

static block_header *quarantine[QUARANTINE_MAX];
static size_t q_head, q_count, q_audit_pos;

static unsigned char *data_of(block_header *b) { return (unsigned char *)b + HEADER_SIZE + GUARD_SIZE; }
static block_header *header_of(void *p) { return (block_header *)((unsigned char *)p - GUARD_SIZE - HEADER_SIZE); }

static int all_bytes(const unsigned char *p, size_t n, unsigned char v)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != v)
            return 0;
    return 1;
}

static void emit_corruption(const void *handle, const char *where)
{
    trace_arg args[] = { TA_PTR("handle", handle), TA_STR("where", where) };
    host_emit_op("memory_corruption", args, 2);
}

/* 1 when the freed block's poison was overwritten (reported once). */
static int audit_block(block_header *b)
{
    unsigned char *d = data_of(b);
    VALGRIND_MAKE_MEM_DEFINED(d, b->length);
    int intact = all_bytes(d, b->length, POISON_BYTE);
    VALGRIND_MAKE_MEM_NOACCESS(d, b->length);
    if (intact || b->reported)
        return 0;
    b->reported = 1;
    emit_corruption(d, "after_free");
    return 1;
}

static void release_mapping(block_header *b)
{
    munmap(b, b->map_size);
}

static void quarantine_push(block_header *b)
{
    if (q_count == QUARANTINE_MAX) {
        block_header *oldest = quarantine[q_head];
        audit_block(oldest);
        release_mapping(oldest);
        q_head = (q_head + 1) % QUARANTINE_MAX;
        q_count--;
    }
    quarantine[(q_head + q_count) % QUARANTINE_MAX] = b;
    q_count++;
}

/* A few quarantined blocks per call, round robin, so a write after free
 * shows up soon without scanning everything on every call. */
static void audit_some(void)
{
    for (size_t i = 0; i < AUDIT_PER_CALL && q_count > 0; i++) {
        q_audit_pos %= q_count;
        audit_block(quarantine[(q_head + q_audit_pos) % QUARANTINE_MAX]);
        q_audit_pos++;
    }
}

size_t ndis_memory_audit(void)
{
    size_t found = 0;
    for (size_t i = 0; i < q_count; i++)
        found += (size_t)audit_block(quarantine[(q_head + i) % QUARANTINE_MAX]);
    return found;
}

/* A guarded block announced to valgrind, registered as a handle of kind;
 * NULL when out of memory. */
static void *alloc_block(size_t Length, ULONG Tag, ndis_res_kind kind)
{
    size_t map_size = HEADER_SIZE + 2 * GUARD_SIZE + Length;
    void *m = mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    block_header *b = m;
    b->magic = BLOCK_MAGIC;
    b->freed = 0;
    b->length = Length;
    b->map_size = map_size;
    b->tag = Tag;
    b->reported = 0;
    unsigned char *d = data_of(b);
    memset(d - GUARD_SIZE, GUARD_BYTE, GUARD_SIZE);
    memset(d, FRESH_BYTE, Length);   /* pool memory is not zeroed */
    memset(d + Length, GUARD_BYTE, GUARD_SIZE);
    if (ndis_handle_add(d, kind) != 0) {
        munmap(m, map_size);
        return NULL;
    }
    VALGRIND_MAKE_MEM_NOACCESS(d - GUARD_SIZE, GUARD_SIZE);
    VALGRIND_MAKE_MEM_NOACCESS(d + Length, GUARD_SIZE);
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
static void free_block(void *p)
{
    block_header *b = header_of(p);
    unsigned char *d = p;
    VALGRIND_MAKE_MEM_DEFINED(d - GUARD_SIZE, GUARD_SIZE);
    VALGRIND_MAKE_MEM_DEFINED(d + b->length, GUARD_SIZE);
    if (!all_bytes(d - GUARD_SIZE, GUARD_SIZE, GUARD_BYTE))
        emit_corruption(p, "before");
    if (!all_bytes(d + b->length, GUARD_SIZE, GUARD_BYTE))
        emit_corruption(p, "after");
    VALGRIND_FREELIKE_BLOCK(d, 0);
    VALGRIND_MAKE_MEM_UNDEFINED(d, b->length);
    memset(d, POISON_BYTE, b->length);
    b->freed = 1;
    VALGRIND_MAKE_MEM_NOACCESS(d - GUARD_SIZE, b->length + 2 * GUARD_SIZE);   /* the header stays readable */
    quarantine_push(b);
}

void *ndis_guarded_alloc(size_t length, ULONG tag, ndis_res_kind kind)
{
    audit_some();
    return alloc_block(length, tag, kind);
}

int64_t ndis_guarded_length(const void *block, ndis_res_kind kind)
{
    audit_some();
    return ndis_handle_is(block, kind) ? (int64_t)header_of((void *)block)->length : -1;
}

ULONG ndis_guarded_tag(const void *block)
{
    return header_of((void *)block)->tag;
}

void ndis_guarded_free(void *block, ndis_res_kind kind)
{
    if (!ndis_handle_is(block, kind))
        return;
    ndis_handle_remove(block);
    free_block(block);
}

static void free_memory(const char *ddi, PVOID VirtualAddress, const trace_arg *extra, size_t nextra)
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

void *ndis_memory_alloc_for_ndis(size_t length)
{
    return alloc_block(length, 0x5349444Eu, NDIS_RES_MEMORY);  /* 'NDIS' */
}

void ndis_memory_release_for_ndis(void *block)
{
    ndis_guarded_free(block, NDIS_RES_MEMORY);
}

int ndis_memory_is_live(const void *block)
{
    return block && ndis_handle_is(block, NDIS_RES_MEMORY);
}

ULONG NdisGetSharedDataAlignment(void)
{
    HOST_DDI_NOARGS("NdisGetSharedDataAlignment", 0, 0);
    return 64;   /* a cache line */
}
