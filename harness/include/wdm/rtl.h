/* The Rtl run-time routines of wdm.h a driver uses for memory, counted
 * strings and bits.  The memory macros expand to compiler builtins, as the
 * WDK's expand to the C runtime; the counted-string routines are DDIs the
 * host emulates (harness/host/ndis/rtl_string.c) so their use is recorded; the
 * bit helpers are pure and inline. */
#ifndef MPC_WDM_RTL_H
#define MPC_WDM_RTL_H

/* ---- memory ---- */
#define RtlZeroMemory(Destination, Length) __builtin_memset((Destination), 0, (Length))
#define RtlFillMemory(Destination, Length, Fill) __builtin_memset((Destination), (Fill), (Length))
#define RtlCopyMemory(Destination, Source, Length) __builtin_memcpy((Destination), (Source), (Length))
#define RtlMoveMemory(Destination, Source, Length) __builtin_memmove((Destination), (Source), (Length))
#define RtlEqualMemory(Source1, Source2, Length) (!__builtin_memcmp((Source1), (Source2), (Length)))
#define RtlSecureZeroMemory(Destination, Length) RtlZeroMemory((Destination), (Length))
#define RtlCopyBytes RtlCopyMemory
#define RtlZeroBytes RtlZeroMemory
#define RtlFillBytes RtlFillMemory

/* How many leading bytes of the two blocks match (Length when all do).
 * Pure, "any level" for resident memory (wdm/nf-wdm-rtlcomparememory):
 * inline, so a per-packet address compare adds nothing to the trace. */
static inline SIZE_T RtlCompareMemory(_In_ const VOID *Source1, _In_ const VOID *Source2, _In_ SIZE_T Length)
{
    SIZE_T same = 0;
    while (same < Length && ((const UCHAR *)Source1)[same] == ((const UCHAR *)Source2)[same])
        same++;
    return same;
}

/* ---- counted strings ---- */
extern VOID RtlInitUnicodeString(_Out_ PUNICODE_STRING DestinationString, _In_opt_z_ PCWSTR SourceString);
extern VOID RtlInitAnsiString(_Out_ PANSI_STRING DestinationString, _In_opt_z_ PCSTR SourceString);
extern VOID RtlInitString(_Out_ PSTRING DestinationString, _In_opt_z_ PCSTR SourceString);
extern VOID RtlCopyUnicodeString(_Inout_ PUNICODE_STRING DestinationString, _In_opt_ PCUNICODE_STRING SourceString);
extern NTSTATUS RtlAppendUnicodeStringToString(_Inout_ PUNICODE_STRING Destination, _In_ PCUNICODE_STRING Source);
extern NTSTATUS RtlAppendUnicodeToString(_Inout_ PUNICODE_STRING Destination, _In_opt_z_ PCWSTR Source);
/* With AllocateDestinationString the buffer is the host's, released by
 * RtlFreeAnsiString (a ledger resource, checks/tables/resources.yaml). */
extern NTSTATUS RtlUnicodeStringToAnsiString(_When_(AllocateDestinationString, _Out_) _When_(!AllocateDestinationString, _Inout_)
                                             PANSI_STRING DestinationString, _In_ PCUNICODE_STRING SourceString,
                                             _In_ BOOLEAN AllocateDestinationString);
extern VOID RtlFreeAnsiString(_Inout_ PANSI_STRING AnsiString);

/* ---- bits (pure; the WDK's are exported or inline) ---- */
/* Index of the lowest set bit of Set, -1 when none is set. */
static inline CCHAR RtlFindLeastSignificantBit(_In_ ULONGLONG Set)
{
    return Set ? (CCHAR)__builtin_ctzll(Set) : (CCHAR)-1;
}
/* Index of the highest set bit of Set, -1 when none is set. */
static inline CCHAR RtlFindMostSignificantBit(_In_ ULONGLONG Set)
{
    return Set ? (CCHAR)(63 - __builtin_clzll(Set)) : (CCHAR)-1;
}
static inline ULONG RtlNumberOfSetBitsUlongPtr(_In_ ULONG_PTR Target)
{
    return (ULONG)__builtin_popcountl(Target);
}
static inline ULONG RtlNumberOfSetBitsInRange(_In_ ULONG64 Target, _In_ ULONG Start, _In_ ULONG Length)
{
    ULONG64 mask = Length >= 64 ? ~0ull : ((1ull << Length) - 1);
    return Start >= 64 ? 0 : (ULONG)__builtin_popcountll((Target >> Start) & mask);
}
#define RtlUshortByteSwap(Source) __builtin_bswap16((USHORT)(Source))
#define RtlUlongByteSwap(Source) __builtin_bswap32((ULONG)(Source))
#define RtlUlonglongByteSwap(Source) __builtin_bswap64((ULONGLONG)(Source))

#endif
