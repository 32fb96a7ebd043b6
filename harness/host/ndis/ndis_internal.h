/* What the emulated NDIS (harness/host/ndis/) shares with the host core: driving
 * the data path and interrupts, the memory audit, and the registry of
 * handles the emulation gave out, which every DDI consults before touching
 * a handle so a bogus or repeated one can never crash the host. */
#ifndef MPC_NDIS_INTERNAL_H
#define MPC_NDIS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "ndis.h"
#include "../host.h"

/* NdisGetVersion's answer: the NDIS the harness plays (6.86). */
/* A helper only a DDI (or the host thread, holding the host lock) calls:
 * no -finstrument-functions hooks, which count for the outermost call
 * only (host_thread.c); GCC calls them for inlined helpers too. */
#define NDIS_HELPER __attribute__((no_instrument_function))

#define NDIS_HOST_VERSION ((6u << 16) | 86u)

/* The processors of the emulated machine, all in group 0 (procgroup.c, rss_info.c). */
#define NDIS_HOST_PROCESSORS 4u
/* The most bytes a counted string (UNICODE_STRING, ANSI_STRING) holds: its
 * USHORT lengths, kept even (rtl_string.c, ndis_string.c). */
#define MAX_USTRING 0xFFFEu

/* What a KSPIN_LOCK word holds while held (ke_spinlock.c,
 * ke_queued_spinlock.c; the driver zeroes it with KeInitializeSpinLock). */
#define KLOCK_HELD 1u

/* ---- handle registry ---- */
typedef enum {
    NDIS_RES_MEMORY = 1,
    NDIS_RES_SPIN_LOCK,
    NDIS_RES_TIMER,
    NDIS_RES_WORK_ITEM,
    NDIS_RES_NBL_POOL,
    NDIS_RES_NBL,          /* allocated by the miniport from one of its pools */
    NDIS_RES_SEND_NBL,     /* allocated by NDIS for MiniportSendNetBufferLists */
    NDIS_RES_MDL,
    NDIS_RES_CONFIG,
    NDIS_RES_INTERRUPT,
    NDIS_RES_DMA,
    NDIS_RES_SHARED_MEMORY,
    NDIS_RES_IO_PORT,
    NDIS_RES_DRIVER,
    NDIS_RES_LOOKASIDE,
    NDIS_RES_RW_LOCK,
    NDIS_RES_RW_LOCK_EX,   /* NdisAllocateRWLock (NDIS 6.20) */
    NDIS_RES_SHARED_MEMORY_ALLOCATION,  /* NdisAllocateSharedMemory's allocation handle */
    NDIS_RES_DEVICE,       /* NdisRegisterDeviceEx's device handle */
    NDIS_RES_POOL,         /* ExAllocatePool2 / ExAllocatePoolWithTag block */
    NDIS_RES_IO_MDL,       /* IoAllocateMdl */
    NDIS_RES_ANSI_STRING,  /* RtlUnicodeStringToAnsiString's buffer (AllocateDestinationString) */
    NDIS_RES_NBL_DATA,     /* the data buffer of an NBL from a pool with a DataSize (host-owned) */
    NDIS_RES_RETREAT_MDL,  /* an MDL NdisRetreatNetBufferDataStart allocated itself (host-owned) */
    NDIS_RES_EVENT_HANDLE, /* IoCreateNotificationEvent's handle, closed by ZwClose */
    NDIS_RES_EVENT_OBJECT  /* the named event object behind such handles (host-owned) */
} ndis_res_kind;

/* 0 on success, -1 when out of memory. Re-adding a handle replaces its kind. */
int ndis_handle_add(const void *handle, ndis_res_kind kind);
int ndis_handle_is(const void *handle, ndis_res_kind kind);
void ndis_handle_remove(const void *handle);
/* NDIS spin locks (NdisAcquireSpinLock, NdisDprAcquireSpinLock) held now. */
int ndis_spin_locks_held(void);

/* ---- memory (memory.c) ---- */
/* Checks every quarantined freed block for writes after free; emits op
 * memory_corruption (where=after_free) once per block. Returns how many
 * blocks were found corrupted by this call. */
size_t ndis_memory_audit(void);
/* Guarded blocks of another kind (pool.c): a block of length bytes with
 * guard zones, registered as kind; NULL when out of memory. */
void *ndis_guarded_alloc(size_t length, ULONG tag, ndis_res_kind kind);
/* The length of a live guarded block of kind, -1 when block is not one. */
int64_t ndis_guarded_length(const void *block, ndis_res_kind kind);
/* The tag a live guarded block was allocated with. */
ULONG ndis_guarded_tag(const void *block);
/* Checks the guards and quarantines a live block of kind (else nothing). */
void ndis_guarded_free(void *block, ndis_res_kind kind);
/* p is the data of a freed guarded block still in quarantine: the host must
 * not read it on the miniport's behalf (nor write it). */
int ndis_memory_quarantined(const void *p);
/* Memory NDIS itself hands the miniport and the miniport may free with
 * NdisFreeMemory (restart attributes, 001): a guarded block, no event. */
void *ndis_memory_alloc_for_ndis(size_t length);
/* Frees such a block unless the miniport already did. */
void ndis_memory_release_for_ndis(void *block);
/* Is block memory of this module not yet freed? */
int ndis_memory_is_live(const void *block);

/* ---- interrupts (interrupt.c) ---- */
/* Plays a hardware interrupt on adapter a: calls its MiniportInterrupt at
 * DIRQL 3 and, if it asks, schedules MiniportInterruptDPC due now.
 * Returns 1 when the ISR claimed it, 0 when not, -1 when no interrupt is
 * registered. */
int ndis_fire_interrupt(adapter *a);

/* ---- data path (nbl.c) ---- */
/* Builds count NBLs (one NET_BUFFER of bytes, an Ethernet frame to the
 * adapter's address), chained, for the harness to pass to
 * MiniportSendNetBufferLists; adds count to a->outstanding_sends.
 * NULL when out of memory. */
NET_BUFFER_LIST *ndis_alloc_send_nbls(adapter *a, unsigned count, size_t bytes);
/* Has NdisMSendNetBufferListsComplete completed nbl (one NDIS sent)?
 * 1 and *status set when completed, 0 when still with the miniport, -1
 * when nbl is not one NDIS sent. */
int ndis_send_status(const NET_BUFFER_LIST *nbl, NDIS_STATUS *status);
/* Frees the completed send NBLs of adapter a (all of them when a is NULL). */
void ndis_free_completed_sends(adapter *a);
/* Returns every receive NBL adapter a indicated and NDIS still holds to
 * the miniport's ReturnNetBufferListsHandler (inside
 * MiniportReturnNetBufferLists). */
void ndis_return_receives(adapter *a);
/* How many indicated NBLs NDIS holds for adapter a. */
unsigned ndis_held_receives(adapter *a);
/* Is nb the NET_BUFFER of an NBL the emulation handed out (so it may be read)? */
int ndis_net_buffer_known(const NET_BUFFER *nb);
/* Points CurrentMdl / CurrentMdlOffset at DataOffset within nb's MDL chain. */
void ndis_net_buffer_set_current_mdl(NET_BUFFER *nb);

/* ---- data start (nb_data.c) ---- */
/* Frees the MDLs at the head of nb's chain that NdisRetreatNetBufferDataStart
 * allocated itself (when the NBL is freed). */
void ndis_net_buffer_release_mdls(NET_BUFFER *nb);

/* ---- named events (named_event.c) ---- */
/* Closes handle if IoCreateNotificationEvent gave it out: 1, else 0. */
int ndis_event_handle_close(HANDLE handle);

/* ---- read/write lock bookkeeping (rw_counts.c), shared by rwlock.c and rwlock_ex.c ---- */
typedef struct {
    volatile ULONG *readers;
    volatile BOOLEAN *writer;
} rw_counts;
/* Lock-state values the emulation stores in LOCK_STATE(_EX).LockState (opaque to drivers). */
#define RW_STATE_FREE 0u
#define RW_STATE_READ 1u
#define RW_STATE_WRITE 2u
/* Would this acquire have to wait for a writer (or, for a writer, for readers)? */
int rw_would_wait(rw_counts c, int write);
/* Takes the lock (counts a reader or flags the writer), raises IRQL to
 * DISPATCH_LEVEL, stores the caller's IRQL in *old_irql; returns the state. */
unsigned rw_take(rw_counts c, int write, KIRQL *old_irql);
/* Does state describe a hold the lock still has? */
int rw_holds(rw_counts c, unsigned state);
/* Releases a hold rw_holds confirmed and restores old_irql. */
void rw_give(rw_counts c, unsigned state, KIRQL old_irql);
/* ---- waits (time.c) ---- */
/* Lets "other processors" run (deferred work falls due as the clock moves)
 * until *signal_state is non-zero or the virtual clock reaches deadline_us.
 * deadline_us UINT64_MAX waits without end: when nothing left could set
 * the state, or SCENARIO_MAX_WAIT_US of virtual time passed while
 * periodic work ran, the host reports a hang with hang_reason and exits.
 * 1 when signaled. */
int ndis_wait_signaled(const volatile LONG *signal_state, uint64_t deadline_us, const char *hang_reason);
/* The same wait until ready(ctx) is non-zero (several objects at once);
 * returns ready(ctx) at the end. */
int ndis_wait_until(int (*ready)(void *), void *ctx, uint64_t deadline_us, const char *hang_reason);

/* ---- helpers shared by the DDI files ---- */
/* UTF-16 NDIS_STRING to a NUL-terminated ASCII copy in buf ('?' for non-ASCII). */
void ndis_string_to_ascii(const NDIS_STRING *s, char *buf, size_t size);

#endif
