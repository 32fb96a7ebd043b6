/* The WDK's ntstrsafe.h: bounded string routines for kernel drivers.  As in
 * the WDK they are inline functions of the header (the engine is in
 * ntstrsafe/core.h).  Return codes, as the ntstrsafe pages state them:
 *   STATUS_SUCCESS          the whole result fit and is NUL-terminated;
 *   STATUS_BUFFER_OVERFLOW  it did not fit: the destination holds the
 *                           truncated, NUL-terminated result;
 *   STATUS_INVALID_PARAMETER a size of 0 or above NTSTRSAFE_MAX_CCH, a NULL
 *                           pointer (without STRSAFE_IGNORE_NULLS), a
 *                           destination already full (Cat) or a source
 *                           longer than its stated maximum (Length).
 * Cch sizes count characters, Cb sizes bytes; W takes 16-bit WCHAR
 * strings (L"" under -fshort-wchar), A 8-bit ones.  Flag values: mingw-w64
 * ddk/ntstrsafe.h (an independent public header). */
#ifndef MPC_NTSTRSAFE_H
#define MPC_NTSTRSAFE_H

#include "wdm.h"
#include "ntstrsafe/core.h"

#define NTSTRSAFE_MAX_CCH 2147483647
#define NTSTRSAFE_MAX_LENGTH (NTSTRSAFE_MAX_CCH - 1)
#define NTSTRSAFE_UNICODE_STRING_MAX_CCH 32767
#define STRSAFE_IGNORE_NULLS     0x00000100
#define STRSAFE_FILL_BEHIND_NULL 0x00000200
#define STRSAFE_FILL_ON_FAILURE  0x00000400
#define STRSAFE_NULL_ON_FAILURE  0x00000800
#define STRSAFE_NO_TRUNCATION    0x00001000
#define STRSAFE_FILL_BYTE(x) ((ULONG)(((x) & 0xFF) | STRSAFE_FILL_BEHIND_NULL))
#define STRSAFE_FAILURE_BYTE(x) ((ULONG)(((x) & 0xFF) | STRSAFE_FILL_ON_FAILURE))

typedef CHAR *NTSTRSAFE_PSTR;
typedef const CHAR *NTSTRSAFE_PCSTR;
typedef WCHAR *NTSTRSAFE_PWSTR;
typedef const WCHAR *NTSTRSAFE_PCWSTR;
typedef __builtin_va_list mpc_va_list;

/* ---- the generic operations (wide: 1 for WCHAR, 0 for CHAR) ---- */
static inline int mpc_cch_ok(size_t cch) { return cch != 0 && cch <= NTSTRSAFE_MAX_CCH; }

static inline void mpc_set_unit(void *s, int wide, size_t i, unsigned int ch)
{
    if (wide)
        ((WCHAR *)s)[i] = (WCHAR)ch;
    else
        ((CHAR *)s)[i] = (CHAR)ch;
}

/* The bad-parameter answer: an empty destination when there is room for one. */
static inline NTSTATUS mpc_invalid(void *dest, size_t cch, int wide)
{
    if (dest && mpc_cch_ok(cch))
        mpc_set_unit(dest, wide, 0, 0);
    return STATUS_INVALID_PARAMETER;
}

/* Appends at most max units of src to dest, whose first start units are
 * kept; the result is NUL-terminated. */
static inline NTSTATUS mpc_put(void *dest, size_t cch, int wide, size_t start, const void *src, size_t max, int *len_out)
{
    mpc_strout o = { dest, cch, start, wide, 0 };
    for (size_t i = 0; i < max && !o.truncated; i++) {
        unsigned int ch = mpc_unit_at(src, wide, i);
        if (!ch)
            break;
        mpc_out_unit(&o, ch);
    }
    mpc_out_terminate(&o);
    if (len_out)
        *len_out = (int)o.len;
    return o.truncated ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

/* The Ex flags after an operation that left dest's result len units long
 * (start: its length before; 0 for Copy and Printf). */
static inline NTSTATUS mpc_ex_finish(void *dest, size_t cch, int wide, NTSTATUS st, size_t start, size_t len,
                                     void **end, size_t *remaining, ULONG flags)
{
    size_t unit = wide ? sizeof(WCHAR) : sizeof(CHAR);
    if (!NT_SUCCESS(st) && mpc_cch_ok(cch) && dest) {
        if (flags & STRSAFE_FILL_ON_FAILURE) {
            __builtin_memset(dest, (int)(flags & 0xFF), cch * unit);
            len = cch - 1;
        }
        if (flags & (STRSAFE_NULL_ON_FAILURE | STRSAFE_NO_TRUNCATION))
            len = (flags & STRSAFE_NULL_ON_FAILURE) ? 0 : start;
        mpc_set_unit(dest, wide, len, 0);
    }
    if (NT_SUCCESS(st) && (flags & STRSAFE_FILL_BEHIND_NULL) && len + 1 < cch)
        __builtin_memset((char *)dest + (len + 1) * unit, (int)(flags & 0xFF), (cch - len - 1) * unit);
    if (end && dest)
        *end = (char *)dest + len * unit;
    if (remaining)
        *remaining = cch > len ? cch - len : 0;
    return st;
}

static inline NTSTATUS mpc_copy_ex(void *dest, size_t cch, int wide, const void *src, size_t max,
                                   void **end, size_t *remaining, ULONG flags)
{
    static const WCHAR empty[1] = { 0 };
    if ((flags & STRSAFE_IGNORE_NULLS) && !src)
        src = empty;
    if (!dest || !mpc_cch_ok(cch) || !src || max > NTSTRSAFE_MAX_CCH)
        return mpc_invalid(dest, cch, wide);
    int len = 0;
    NTSTATUS st = mpc_put(dest, cch, wide, 0, src, max, &len);
    return mpc_ex_finish(dest, cch, wide, st, 0, (size_t)len, end, remaining, flags);
}

static inline NTSTATUS mpc_cat_ex(void *dest, size_t cch, int wide, const void *src, size_t max,
                                  void **end, size_t *remaining, ULONG flags)
{
    static const WCHAR empty[1] = { 0 };
    if ((flags & STRSAFE_IGNORE_NULLS) && !src)
        src = empty;
    if (!dest || !mpc_cch_ok(cch) || !src || max > NTSTRSAFE_MAX_CCH)
        return STATUS_INVALID_PARAMETER;
    size_t start = mpc_units_len(dest, wide, cch);
    if (start == cch)   /* no terminator inside the buffer: not a string of that size */
        return STATUS_INVALID_PARAMETER;
    int len = 0;
    NTSTATUS st = mpc_put(dest, cch, wide, start, src, max, &len);
    return mpc_ex_finish(dest, cch, wide, st, start, (size_t)len, end, remaining, flags);
}

static inline NTSTATUS mpc_vprintf_ex(void *dest, size_t cch, int wide, const void *fmt, void **end,
                                      size_t *remaining, ULONG flags, mpc_va_list ap)
{
    static const WCHAR empty[1] = { 0 };
    if ((flags & STRSAFE_IGNORE_NULLS) && !fmt)
        fmt = empty;
    if (!dest || !mpc_cch_ok(cch) || !fmt)
        return mpc_invalid(dest, cch, wide);
    mpc_strout o = { dest, cch, 0, wide, 0 };
    int bad = mpc_format(&o, fmt, wide, ap);
    mpc_out_terminate(&o);
    NTSTATUS st = bad ? STATUS_INVALID_PARAMETER : o.truncated ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
    return mpc_ex_finish(dest, cch, wide, st, 0, o.len, end, remaining, flags);
}

/* *len: the units before the terminator; INVALID_PARAMETER when none within max. */
static inline NTSTATUS mpc_length(const void *s, int wide, size_t max, size_t *len)
{
    size_t n = 0;
    NTSTATUS st = STATUS_INVALID_PARAMETER;
    if (s && mpc_cch_ok(max)) {
        n = mpc_units_len(s, wide, max);
        if (n < max)
            st = STATUS_SUCCESS;
        else
            n = 0;
    }
    if (len)
        *len = n;
    return st;
}

/* The body of a variadic routine: call with the arguments after last as `ap`. */
#define MPC_WITH_ARGS(last, call) \
    mpc_va_list ap; \
    __builtin_va_start(ap, last); \
    NTSTATUS st = (call); \
    __builtin_va_end(ap); \
    return st;

/* ---- the RtlString* family, W (wide) and A (narrow) ---- */
#define MPC_STRSAFE_FAMILY(S, T, W) \
static inline NTSTATUS RtlStringCchCopy##S(T *pszDest, size_t cchDest, const T *pszSrc) \
{ return mpc_copy_ex(pszDest, cchDest, W, pszSrc, NTSTRSAFE_MAX_CCH, NULL, NULL, 0); } \
static inline NTSTATUS RtlStringCbCopy##S(T *pszDest, size_t cbDest, const T *pszSrc) \
{ return mpc_copy_ex(pszDest, cbDest / sizeof(T), W, pszSrc, NTSTRSAFE_MAX_CCH, NULL, NULL, 0); } \
static inline NTSTATUS RtlStringCchCopyN##S(T *pszDest, size_t cchDest, const T *pszSrc, size_t cchToCopy) \
{ return mpc_copy_ex(pszDest, cchDest, W, pszSrc, cchToCopy, NULL, NULL, 0); } \
static inline NTSTATUS RtlStringCbCopyN##S(T *pszDest, size_t cbDest, const T *pszSrc, size_t cbToCopy) \
{ return mpc_copy_ex(pszDest, cbDest / sizeof(T), W, pszSrc, cbToCopy / sizeof(T), NULL, NULL, 0); } \
static inline NTSTATUS RtlStringCchCopyEx##S(T *pszDest, size_t cchDest, const T *pszSrc, T **ppszDestEnd, \
                                            size_t *pcchRemaining, ULONG dwFlags) \
{ return mpc_copy_ex(pszDest, cchDest, W, pszSrc, NTSTRSAFE_MAX_CCH, (void **)ppszDestEnd, pcchRemaining, dwFlags); } \
static inline NTSTATUS RtlStringCchCat##S(T *pszDest, size_t cchDest, const T *pszSrc) \
{ return mpc_cat_ex(pszDest, cchDest, W, pszSrc, NTSTRSAFE_MAX_CCH, NULL, NULL, 0); } \
static inline NTSTATUS RtlStringCbCat##S(T *pszDest, size_t cbDest, const T *pszSrc) \
{ return mpc_cat_ex(pszDest, cbDest / sizeof(T), W, pszSrc, NTSTRSAFE_MAX_CCH, NULL, NULL, 0); } \
static inline NTSTATUS RtlStringCchCatN##S(T *pszDest, size_t cchDest, const T *pszSrc, size_t cchToAppend) \
{ return mpc_cat_ex(pszDest, cchDest, W, pszSrc, cchToAppend, NULL, NULL, 0); } \
static inline NTSTATUS RtlStringCbCatN##S(T *pszDest, size_t cbDest, const T *pszSrc, size_t cbToAppend) \
{ return mpc_cat_ex(pszDest, cbDest / sizeof(T), W, pszSrc, cbToAppend / sizeof(T), NULL, NULL, 0); } \
static inline NTSTATUS RtlStringCchCatEx##S(T *pszDest, size_t cchDest, const T *pszSrc, T **ppszDestEnd, \
                                           size_t *pcchRemaining, ULONG dwFlags) \
{ return mpc_cat_ex(pszDest, cchDest, W, pszSrc, NTSTRSAFE_MAX_CCH, (void **)ppszDestEnd, pcchRemaining, dwFlags); } \
static inline NTSTATUS RtlStringCchVPrintf##S(T *pszDest, size_t cchDest, const T *pszFormat, mpc_va_list argList) \
{ return mpc_vprintf_ex(pszDest, cchDest, W, pszFormat, NULL, NULL, 0, argList); } \
static inline NTSTATUS RtlStringCbVPrintf##S(T *pszDest, size_t cbDest, const T *pszFormat, mpc_va_list argList) \
{ return mpc_vprintf_ex(pszDest, cbDest / sizeof(T), W, pszFormat, NULL, NULL, 0, argList); } \
static inline NTSTATUS RtlStringCchPrintf##S(T *pszDest, size_t cchDest, const T *pszFormat, ...) \
{ MPC_WITH_ARGS(pszFormat, mpc_vprintf_ex(pszDest, cchDest, W, pszFormat, NULL, NULL, 0, ap)) } \
static inline NTSTATUS RtlStringCbPrintf##S(T *pszDest, size_t cbDest, const T *pszFormat, ...) \
{ MPC_WITH_ARGS(pszFormat, mpc_vprintf_ex(pszDest, cbDest / sizeof(T), W, pszFormat, NULL, NULL, 0, ap)) } \
static inline NTSTATUS RtlStringCchPrintfEx##S(T *pszDest, size_t cchDest, T **ppszDestEnd, size_t *pcchRemaining, \
                                              ULONG dwFlags, const T *pszFormat, ...) \
{ MPC_WITH_ARGS(pszFormat, mpc_vprintf_ex(pszDest, cchDest, W, pszFormat, (void **)ppszDestEnd, pcchRemaining, dwFlags, ap)) } \
static inline NTSTATUS RtlStringCchLength##S(const T *psz, size_t cchMax, size_t *pcchLength) \
{ return mpc_length(psz, W, cchMax, pcchLength); } \
static inline NTSTATUS RtlStringCbLength##S(const T *psz, size_t cbMax, size_t *pcbLength) \
{ \
    NTSTATUS st = mpc_length(psz, W, cbMax / sizeof(T), pcbLength); \
    if (pcbLength) \
        *pcbLength *= sizeof(T); \
    return st; \
}

MPC_STRSAFE_FAMILY(W, WCHAR, 1)
MPC_STRSAFE_FAMILY(A, CHAR, 0)
#undef MPC_STRSAFE_FAMILY

/* ---- UNICODE_STRING variants: counted, never NUL-terminated ---- */
/* Valid: even byte lengths, Length <= MaximumLength <= the maximum, and a
 * buffer unless both are 0 (RtlUnicodeStringValidate). */
static inline NTSTATUS RtlUnicodeStringValidate(PCUNICODE_STRING SourceString)
{
    if (!SourceString || (SourceString->Length & 1) || (SourceString->MaximumLength & 1) ||
        SourceString->Length > SourceString->MaximumLength ||
        SourceString->MaximumLength > NTSTRSAFE_UNICODE_STRING_MAX_CCH * sizeof(WCHAR) ||
        (!SourceString->Buffer && SourceString->MaximumLength != 0))
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

static inline NTSTATUS RtlUnicodeStringInit(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc)
{
    size_t chars = pszSrc ? mpc_units_len(pszSrc, 1, NTSTRSAFE_UNICODE_STRING_MAX_CCH) : 0;
    if (!DestinationString || chars >= NTSTRSAFE_UNICODE_STRING_MAX_CCH)
        return STATUS_INVALID_PARAMETER;
    DestinationString->Buffer = (PWCH)pszSrc;
    DestinationString->Length = (USHORT)(chars * sizeof(WCHAR));
    DestinationString->MaximumLength = pszSrc ? (USHORT)((chars + 1) * sizeof(WCHAR)) : 0;
    return STATUS_SUCCESS;
}

/* Appends chars units of src (wide or narrow) at Dest->Length. */
static inline NTSTATUS mpc_ustr_put(PUNICODE_STRING Dest, int keep, const void *src, int src_wide, size_t chars)
{
    if (!NT_SUCCESS(RtlUnicodeStringValidate(Dest)))
        return STATUS_INVALID_PARAMETER;
    mpc_strout o = { Dest->Buffer, Dest->MaximumLength / sizeof(WCHAR) + 1,
                     keep ? Dest->Length / sizeof(WCHAR) : 0, 1, 0 };
    for (size_t i = 0; i < chars && !o.truncated; i++)
        mpc_out_unit(&o, mpc_unit_at(src, src_wide, i));
    Dest->Length = (USHORT)(o.len * sizeof(WCHAR));
    return o.truncated ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

static inline NTSTATUS RtlUnicodeStringCopy(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
    if (!NT_SUCCESS(RtlUnicodeStringValidate(SourceString)))
        return STATUS_INVALID_PARAMETER;
    return mpc_ustr_put(DestinationString, 0, SourceString->Buffer, 1, SourceString->Length / sizeof(WCHAR));
}
static inline NTSTATUS RtlUnicodeStringCat(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
    if (!NT_SUCCESS(RtlUnicodeStringValidate(SourceString)))
        return STATUS_INVALID_PARAMETER;
    return mpc_ustr_put(DestinationString, 1, SourceString->Buffer, 1, SourceString->Length / sizeof(WCHAR));
}
static inline NTSTATUS RtlUnicodeStringCopyString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc)
{
    if (!pszSrc)
        return STATUS_INVALID_PARAMETER;
    return mpc_ustr_put(DestinationString, 0, pszSrc, 1, mpc_units_len(pszSrc, 1, NTSTRSAFE_UNICODE_STRING_MAX_CCH + 1));
}
static inline NTSTATUS RtlUnicodeStringCatString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc)
{
    if (!pszSrc)
        return STATUS_INVALID_PARAMETER;
    return mpc_ustr_put(DestinationString, 1, pszSrc, 1, mpc_units_len(pszSrc, 1, NTSTRSAFE_UNICODE_STRING_MAX_CCH + 1));
}

static inline NTSTATUS RtlUnicodeStringVPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat,
                                               mpc_va_list argList)
{
    if (!pszFormat || !NT_SUCCESS(RtlUnicodeStringValidate(DestinationString)))
        return STATUS_INVALID_PARAMETER;
    mpc_strout o = { DestinationString->Buffer, DestinationString->MaximumLength / sizeof(WCHAR) + 1, 0, 1, 0 };
    int bad = mpc_format(&o, pszFormat, 1, argList);
    DestinationString->Length = (USHORT)(o.len * sizeof(WCHAR));
    return bad ? STATUS_INVALID_PARAMETER : o.truncated ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}
static inline NTSTATUS RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat, ...)
{
    MPC_WITH_ARGS(pszFormat, RtlUnicodeStringVPrintf(DestinationString, pszFormat, ap))
}

/* A UNICODE_STRING into a NUL-terminated buffer. */
static inline NTSTATUS RtlStringCchCopyUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cchDest, PCUNICODE_STRING SourceString)
{
    if (!NT_SUCCESS(RtlUnicodeStringValidate(SourceString)))
        return mpc_invalid(pszDest, cchDest, 1);
    return mpc_copy_ex(pszDest, cchDest, 1, SourceString->Buffer ? (const void *)SourceString->Buffer : u"",
                       SourceString->Length / sizeof(WCHAR), NULL, NULL, 0);
}
static inline NTSTATUS RtlStringCbCopyUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cbDest, PCUNICODE_STRING SourceString)
{
    return RtlStringCchCopyUnicodeString(pszDest, cbDest / sizeof(WCHAR), SourceString);
}

#endif
