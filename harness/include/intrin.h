/* The MSVC compiler intrinsics Windows drivers call, as gcc builtins.  MSVC
 * is LLP64: its `long` is 32 bits, so the plain _Interlocked* forms take a
 * 32-bit int here and the 64 forms __int64, which is long long as MSVC's
 * (and the shim's LONGLONG/LONG64).  No system header is
 * included (a driver's -I directory could shadow one). */
#ifndef MPC_INTRIN_H
#define MPC_INTRIN_H

#ifndef __int64
#define __int64 long long   /* as MSVC: the same type as LONGLONG and LONG64 */
#endif
#ifndef __int32
#define __int32 int
#endif
#ifndef __int16
#define __int16 short
#endif
#ifndef __int8
#define __int8 char
#endif

#define _alloca(size) __builtin_alloca(size)

/* A breakpoint trap: the host reports it as the crash it is without a debugger. */
static inline void __debugbreak(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __asm__ __volatile__("int3");
#else
    __builtin_trap();
#endif
}

static inline void __cpuidex(int CPUInfo[4], int Function, int SubLeaf)
{
#if defined(__x86_64__) || defined(__i386__)
    __asm__ __volatile__("cpuid"
                         : "=a"(CPUInfo[0]), "=b"(CPUInfo[1]), "=c"(CPUInfo[2]), "=d"(CPUInfo[3])
                         : "a"(Function), "c"(SubLeaf));
#else
    CPUInfo[0] = CPUInfo[1] = CPUInfo[2] = CPUInfo[3] = 0;
    (void)Function;
    (void)SubLeaf;
#endif
}
static inline void __cpuid(int CPUInfo[4], int Function) { __cpuidex(CPUInfo, Function, 0); }

/* ---- interlocked (sequentially consistent, as MSVC's full barriers) ---- */
#define MPC_SEQ __ATOMIC_SEQ_CST
static inline int _InterlockedIncrement(int volatile *Addend) { return __atomic_add_fetch(Addend, 1, MPC_SEQ); }
static inline int _InterlockedDecrement(int volatile *Addend) { return __atomic_sub_fetch(Addend, 1, MPC_SEQ); }
static inline int _InterlockedExchange(int volatile *Target, int Value) { return __atomic_exchange_n(Target, Value, MPC_SEQ); }
static inline int _InterlockedExchangeAdd(int volatile *Addend, int Value) { return __atomic_fetch_add(Addend, Value, MPC_SEQ); }
static inline int _InterlockedOr(int volatile *Destination, int Value) { return __atomic_fetch_or(Destination, Value, MPC_SEQ); }
static inline int _InterlockedAnd(int volatile *Destination, int Value) { return __atomic_fetch_and(Destination, Value, MPC_SEQ); }
static inline int _InterlockedXor(int volatile *Destination, int Value) { return __atomic_fetch_xor(Destination, Value, MPC_SEQ); }
static inline int _InterlockedCompareExchange(int volatile *Destination, int Exchange, int Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, MPC_SEQ, MPC_SEQ);
    return Comparand;
}
static inline long long _InterlockedIncrement64(long long volatile *Addend) { return __atomic_add_fetch(Addend, 1, MPC_SEQ); }
static inline long long _InterlockedDecrement64(long long volatile *Addend) { return __atomic_sub_fetch(Addend, 1, MPC_SEQ); }
static inline long long _InterlockedExchange64(long long volatile *Target, long long Value) { return __atomic_exchange_n(Target, Value, MPC_SEQ); }
static inline long long _InterlockedExchangeAdd64(long long volatile *Addend, long long Value) { return __atomic_fetch_add(Addend, Value, MPC_SEQ); }
static inline long long _InterlockedOr64(long long volatile *Destination, long long Value) { return __atomic_fetch_or(Destination, Value, MPC_SEQ); }
static inline long long _InterlockedAnd64(long long volatile *Destination, long long Value) { return __atomic_fetch_and(Destination, Value, MPC_SEQ); }
static inline long long _InterlockedCompareExchange64(long long volatile *Destination, long long Exchange, long long Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, MPC_SEQ, MPC_SEQ);
    return Comparand;
}
static inline void *_InterlockedExchangePointer(void *volatile *Target, void *Value)
{
    return __atomic_exchange_n(Target, Value, MPC_SEQ);
}
static inline void *_InterlockedCompareExchangePointer(void *volatile *Destination, void *Exchange, void *Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, MPC_SEQ, MPC_SEQ);
    return Comparand;
}
#undef MPC_SEQ

/* ---- bits and bytes ---- */
/* 1 and *Index = the lowest (highest) set bit, or 0 when Mask is 0. */
#define MPC_BITSCAN(Name, MaskType, index_of) \
    static inline unsigned char Name(unsigned int *Index, MaskType Mask) \
    { \
        if (!Mask) \
            return 0; \
        *Index = (unsigned int)(index_of); \
        return 1; \
    }
MPC_BITSCAN(_BitScanForward, unsigned int, __builtin_ctz(Mask))
MPC_BITSCAN(_BitScanReverse, unsigned int, 31 - __builtin_clz(Mask))
MPC_BITSCAN(_BitScanForward64, unsigned long long, __builtin_ctzll(Mask))
MPC_BITSCAN(_BitScanReverse64, unsigned long long, 63 - __builtin_clzll(Mask))
#undef MPC_BITSCAN
#define _byteswap_ushort(x) __builtin_bswap16((unsigned short)(x))
#define _byteswap_ulong(x) __builtin_bswap32((unsigned int)(x))
#define _byteswap_uint64(x) __builtin_bswap64((unsigned long long)(x))
#define __popcnt(x) ((unsigned int)__builtin_popcount((unsigned int)(x)))
#define __popcnt64(x) ((unsigned long long)__builtin_popcountll((unsigned long long)(x)))
#define _rotl(v, s) ((unsigned int)(((unsigned int)(v) << ((s) & 31)) | ((unsigned int)(v) >> ((32 - ((s) & 31)) & 31))))
#define _rotr(v, s) ((unsigned int)(((unsigned int)(v) >> ((s) & 31)) | ((unsigned int)(v) << ((32 - ((s) & 31)) & 31))))

/* ---- barriers and spinning ---- */
#define _ReadWriteBarrier() __asm__ __volatile__("" ::: "memory")
#define _ReadBarrier() _ReadWriteBarrier()
#define _WriteBarrier() _ReadWriteBarrier()
#define _mm_mfence() __sync_synchronize()
#define MemoryBarrier() __sync_synchronize()
#if defined(__x86_64__) || defined(__i386__)
#define _mm_pause() __asm__ __volatile__("pause")
#else
#define _mm_pause() ((void)0)
#endif
#define YieldProcessor() _mm_pause()
static inline unsigned long __rdtsc(void)
{
#if defined(__x86_64__) || defined(__i386__)
    unsigned int lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((unsigned long)hi << 32) | lo;
#else
    return 0;
#endif
}

#endif
