/* The kernel-mode safe integer routines of the WDK's ntintsafe.h: add,
 * subtract and multiply for each integer type, and the narrowing and
 * sign-changing conversions.  Each returns STATUS_SUCCESS with the exact
 * result, or STATUS_INTEGER_OVERFLOW with *pResult set to the result
 * type's error value (the *_ERROR macros: all bits set for unsigned types,
 * -1 for signed ones).  gcc's overflow builtins compute the exact result
 * in infinite precision and say whether it fits the result type, which is
 * precisely the contract. */
#ifndef MPC_NTINTSAFE_H
#define MPC_NTINTSAFE_H

#include "ntdef.h"

#define UCHAR_ERROR     0xFFu
#define BYTE_ERROR      0xFFu
#define USHORT_ERROR    0xFFFFu
#define WORD_ERROR      0xFFFFu
#define UINT_ERROR      0xFFFFFFFFu
#define ULONG_ERROR     0xFFFFFFFFu
#define DWORD_ERROR     0xFFFFFFFFu
#define ULONGLONG_ERROR (~0ull)
#define ULONG_PTR_ERROR (~(ULONG_PTR)0)
#define SIZET_ERROR     ULONG_PTR_ERROR
#define SHORT_ERROR     (-1)
#define INT_ERROR       (-1)
#define LONG_ERROR      (-1)
#define LONGLONG_ERROR  (-1ll)
#define LONG_PTR_ERROR  (-1l)
#define SSIZET_ERROR    LONG_PTR_ERROR

#define MPC_INTSAFE_OP(Name, Type, Error, builtin) \
    static inline NTSTATUS Name(_In_ Type Operand1, _In_ Type Operand2, _Out_ Type *pResult) \
    { \
        if (builtin(Operand1, Operand2, pResult)) { \
            *pResult = (Type)(Error); \
            return STATUS_INTEGER_OVERFLOW; \
        } \
        return STATUS_SUCCESS; \
    }
#define MPC_INTSAFE_ARITH(Prefix, Type, Error) \
    MPC_INTSAFE_OP(Prefix##Add, Type, Error, __builtin_add_overflow) \
    MPC_INTSAFE_OP(Prefix##Sub, Type, Error, __builtin_sub_overflow) \
    MPC_INTSAFE_OP(Prefix##Mult, Type, Error, __builtin_mul_overflow)

/* Unsigned. */
MPC_INTSAFE_ARITH(RtlUShort, USHORT, USHORT_ERROR)
MPC_INTSAFE_ARITH(RtlWord, WORD, WORD_ERROR)
MPC_INTSAFE_ARITH(RtlUInt, UINT, UINT_ERROR)
MPC_INTSAFE_ARITH(RtlULong, ULONG, ULONG_ERROR)
MPC_INTSAFE_ARITH(RtlDWord, DWORD, DWORD_ERROR)
MPC_INTSAFE_ARITH(RtlULongLong, ULONGLONG, ULONGLONG_ERROR)
MPC_INTSAFE_ARITH(RtlULongPtr, ULONG_PTR, ULONG_PTR_ERROR)
MPC_INTSAFE_ARITH(RtlUIntPtr, UINT_PTR, ULONG_PTR_ERROR)
MPC_INTSAFE_ARITH(RtlDWordPtr, DWORD_PTR, ULONG_PTR_ERROR)
MPC_INTSAFE_ARITH(RtlSizeT, SIZE_T, SIZET_ERROR)
/* Signed. */
MPC_INTSAFE_ARITH(RtlShort, SHORT, SHORT_ERROR)
MPC_INTSAFE_ARITH(RtlInt, INT, INT_ERROR)
MPC_INTSAFE_ARITH(RtlLong, LONG, LONG_ERROR)
MPC_INTSAFE_ARITH(RtlLongLong, LONGLONG, LONGLONG_ERROR)
MPC_INTSAFE_ARITH(RtlLongPtr, LONG_PTR, LONG_PTR_ERROR)
MPC_INTSAFE_ARITH(RtlSSIZET, SSIZE_T, SSIZET_ERROR)

#define MPC_INTSAFE_CONVERT(Name, From, To, Error) \
    static inline NTSTATUS Name(_In_ From Operand, _Out_ To *pResult) \
    { \
        if (__builtin_add_overflow(Operand, (From)0, pResult)) { \
            *pResult = (To)(Error); \
            return STATUS_INTEGER_OVERFLOW; \
        } \
        return STATUS_SUCCESS; \
    }

/* Narrowing between unsigned types. */
MPC_INTSAFE_CONVERT(RtlUShortToUChar, USHORT, UCHAR, UCHAR_ERROR)
MPC_INTSAFE_CONVERT(RtlULongToUChar, ULONG, UCHAR, UCHAR_ERROR)
MPC_INTSAFE_CONVERT(RtlULongToUShort, ULONG, USHORT, USHORT_ERROR)
MPC_INTSAFE_CONVERT(RtlUIntToUShort, UINT, USHORT, USHORT_ERROR)
MPC_INTSAFE_CONVERT(RtlULongLongToUShort, ULONGLONG, USHORT, USHORT_ERROR)
MPC_INTSAFE_CONVERT(RtlULongLongToULong, ULONGLONG, ULONG, ULONG_ERROR)
MPC_INTSAFE_CONVERT(RtlULongLongToUInt, ULONGLONG, UINT, UINT_ERROR)
MPC_INTSAFE_CONVERT(RtlULongLongToSizeT, ULONGLONG, SIZE_T, SIZET_ERROR)
MPC_INTSAFE_CONVERT(RtlULongLongToULongPtr, ULONGLONG, ULONG_PTR, ULONG_PTR_ERROR)
MPC_INTSAFE_CONVERT(RtlSizeTToULong, SIZE_T, ULONG, ULONG_ERROR)
MPC_INTSAFE_CONVERT(RtlSizeTToUInt, SIZE_T, UINT, UINT_ERROR)
MPC_INTSAFE_CONVERT(RtlSizeTToUShort, SIZE_T, USHORT, USHORT_ERROR)
MPC_INTSAFE_CONVERT(RtlSizeTToDWord, SIZE_T, DWORD, DWORD_ERROR)
MPC_INTSAFE_CONVERT(RtlULongPtrToULong, ULONG_PTR, ULONG, ULONG_ERROR)
MPC_INTSAFE_CONVERT(RtlULongPtrToUInt, ULONG_PTR, UINT, UINT_ERROR)
MPC_INTSAFE_CONVERT(RtlULongPtrToUShort, ULONG_PTR, USHORT, USHORT_ERROR)
/* Sign changes. */
MPC_INTSAFE_CONVERT(RtlLongToULong, LONG, ULONG, ULONG_ERROR)
MPC_INTSAFE_CONVERT(RtlLongToUShort, LONG, USHORT, USHORT_ERROR)
MPC_INTSAFE_CONVERT(RtlLongToSizeT, LONG, SIZE_T, SIZET_ERROR)
MPC_INTSAFE_CONVERT(RtlLongToULongLong, LONG, ULONGLONG, ULONGLONG_ERROR)
MPC_INTSAFE_CONVERT(RtlIntToULong, INT, ULONG, ULONG_ERROR)
MPC_INTSAFE_CONVERT(RtlIntToUShort, INT, USHORT, USHORT_ERROR)
MPC_INTSAFE_CONVERT(RtlIntToSizeT, INT, SIZE_T, SIZET_ERROR)
MPC_INTSAFE_CONVERT(RtlLongLongToULong, LONGLONG, ULONG, ULONG_ERROR)
MPC_INTSAFE_CONVERT(RtlLongLongToULongLong, LONGLONG, ULONGLONG, ULONGLONG_ERROR)
MPC_INTSAFE_CONVERT(RtlLongPtrToULong, LONG_PTR, ULONG, ULONG_ERROR)
MPC_INTSAFE_CONVERT(RtlLongPtrToSizeT, LONG_PTR, SIZE_T, SIZET_ERROR)
MPC_INTSAFE_CONVERT(RtlULongToLong, ULONG, LONG, LONG_ERROR)
MPC_INTSAFE_CONVERT(RtlULongToInt, ULONG, INT, INT_ERROR)
MPC_INTSAFE_CONVERT(RtlULongLongToLong, ULONGLONG, LONG, LONG_ERROR)
MPC_INTSAFE_CONVERT(RtlULongLongToLongLong, ULONGLONG, LONGLONG, LONGLONG_ERROR)
MPC_INTSAFE_CONVERT(RtlSizeTToLong, SIZE_T, LONG, LONG_ERROR)
MPC_INTSAFE_CONVERT(RtlSizeTToInt, SIZE_T, INT, INT_ERROR)
/* Narrowing between signed types. */
MPC_INTSAFE_CONVERT(RtlLongLongToLong, LONGLONG, LONG, LONG_ERROR)
MPC_INTSAFE_CONVERT(RtlLongLongToInt, LONGLONG, INT, INT_ERROR)
MPC_INTSAFE_CONVERT(RtlLongToShort, LONG, SHORT, SHORT_ERROR)

/* Conversions that always fit: the WDK has them as plain assignments. */
#define RtlULongToULongPtr(ulOperand, pulResult) (*(pulResult) = (ULONG_PTR)(ulOperand), STATUS_SUCCESS)
#define RtlULongToSizeT(ulOperand, pResult) (*(pResult) = (SIZE_T)(ulOperand), STATUS_SUCCESS)
#define RtlULongToULongLong(ulOperand, pullResult) (*(pullResult) = (ULONGLONG)(ulOperand), STATUS_SUCCESS)
#define RtlUShortToULong(usOperand, pulResult) (*(pulResult) = (ULONG)(usOperand), STATUS_SUCCESS)

#undef MPC_INTSAFE_ARITH
#undef MPC_INTSAFE_OP
#undef MPC_INTSAFE_CONVERT

#endif
