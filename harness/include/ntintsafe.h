/* The kernel-mode safe integer routines drivers use for size arithmetic:
 * STATUS_SUCCESS, or STATUS_INTEGER_OVERFLOW with *pResult set to ULONG_ERROR
 * (WDK ntintsafe.h; STATUS_INTEGER_OVERFLOW 0xC0000095: mingw-w64 ntstatus.h:393). */
#ifndef MPC_NTINTSAFE_H
#define MPC_NTINTSAFE_H

#include "ntdef.h"

#ifndef STATUS_INTEGER_OVERFLOW
#define STATUS_INTEGER_OVERFLOW ((NTSTATUS)0xC0000095L)
#endif
#define ULONG_ERROR 0xFFFFFFFFu

static inline NTSTATUS RtlULongAdd(_In_ ULONG ulAugend, _In_ ULONG ulAddend, _Out_ ULONG *pulResult)
{
    if (__builtin_add_overflow(ulAugend, ulAddend, pulResult)) {
        *pulResult = ULONG_ERROR;
        return STATUS_INTEGER_OVERFLOW;
    }
    return STATUS_SUCCESS;
}

static inline NTSTATUS RtlULongMult(_In_ ULONG ulMultiplicand, _In_ ULONG ulMultiplier, _Out_ ULONG *pulResult)
{
    if (__builtin_mul_overflow(ulMultiplicand, ulMultiplier, pulResult)) {
        *pulResult = ULONG_ERROR;
        return STATUS_INTEGER_OVERFLOW;
    }
    return STATUS_SUCCESS;
}

#endif
