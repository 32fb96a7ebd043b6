/* The WDK's inline memory-access helpers with explicit ordering (wdm.h,
 * FORCEINLINE there too): ReadAcquire/WriteRelease give acquire/release
 * ordering, the NoFence forms are atomic with no ordering ("Interlocked
 * variable access", learn.microsoft.com/windows/win32/sync; the names and
 * types as wdm.h declares them: e.g. "LONG ReadAcquire(LONG const volatile
 * *Source)").  Not DDIs: nothing to emulate or import. */
#ifndef MPC_WDM_BARRIER_H
#define MPC_WDM_BARRIER_H

/* Name = Read<Type><Order><Width>, e.g. ReadULongAcquire, ReadNoFence64. */
#define MPC_RW_ACCESSORS(Kind, Width, Type)                                                                          \
    static inline Type Read##Kind##Acquire##Width(Type const volatile *Source) { return __atomic_load_n(Source, __ATOMIC_ACQUIRE); } \
    static inline Type Read##Kind##NoFence##Width(Type const volatile *Source) { return __atomic_load_n(Source, __ATOMIC_RELAXED); } \
    static inline Type Read##Kind##Raw##Width(Type const volatile *Source) { return *Source; }                        \
    static inline VOID Write##Kind##Release##Width(Type volatile *Destination, Type Value) { __atomic_store_n(Destination, Value, __ATOMIC_RELEASE); } \
    static inline VOID Write##Kind##NoFence##Width(Type volatile *Destination, Type Value) { __atomic_store_n(Destination, Value, __ATOMIC_RELAXED); } \
    static inline VOID Write##Kind##Raw##Width(Type volatile *Destination, Type Value) { *Destination = Value; }

MPC_RW_ACCESSORS(, , LONG)
MPC_RW_ACCESSORS(ULong, , ULONG)
MPC_RW_ACCESSORS(, 64, LONG64)
MPC_RW_ACCESSORS(ULong64, , ULONG64)
MPC_RW_ACCESSORS(Pointer, , PVOID)
MPC_RW_ACCESSORS(Boolean, , BOOLEAN)
#undef MPC_RW_ACCESSORS

static inline LONG InterlockedIncrementNoFence(LONG volatile *Addend) { return __atomic_add_fetch(Addend, 1, __ATOMIC_RELAXED); }
static inline LONG InterlockedDecrementNoFence(LONG volatile *Addend) { return __atomic_sub_fetch(Addend, 1, __ATOMIC_RELAXED); }
static inline LONG InterlockedAddNoFence(LONG volatile *Addend, LONG Value) { return __atomic_add_fetch(Addend, Value, __ATOMIC_RELAXED); }
static inline LONG64 InterlockedIncrementNoFence64(LONG64 volatile *Addend) { return __atomic_add_fetch(Addend, 1, __ATOMIC_RELAXED); }
static inline LONG64 InterlockedDecrementNoFence64(LONG64 volatile *Addend) { return __atomic_sub_fetch(Addend, 1, __ATOMIC_RELAXED); }
static inline LONG64 InterlockedAddNoFence64(LONG64 volatile *Addend, LONG64 Value) { return __atomic_add_fetch(Addend, Value, __ATOMIC_RELAXED); }

#endif
