/* The safe string and integer routines of ntstrsafe.h and ntintsafe.h:
 * each documented return code, with what the destination holds.  The
 * sentence of the WDK page (learn.microsoft.com, ddi/ntstrsafe/...) that
 * each group checks is quoted above it.  Wide literals are u"" here: the
 * test is built without -fshort-wchar, and u"" is 16-bit either way. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "ntstrsafe.h"
#include "ntintsafe.h"

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static int weq(const WCHAR *a, const WCHAR *b)
{
    return wlen(a) == wlen(b) && memcmp(a, b, wlen(a) * sizeof(WCHAR)) == 0;
}

START_TEST(test_copy_return_codes)
{
    CHAR a[8];
    WCHAR w[8];
    /* nf-ntstrsafe-rtlstringcchcopyw, STATUS_SUCCESS: "source data was
     * present, the string was copied without truncation, and the resultant
     * destination buffer is null-terminated." */
    ck_assert_int_eq(RtlStringCchCopyA(a, sizeof a, "abc"), STATUS_SUCCESS);
    ck_assert_str_eq(a, "abc");
    ck_assert_int_eq(RtlStringCchCopyW(w, 8, u"1234567"), STATUS_SUCCESS);
    ck_assert(weq(w, u"1234567"));
    /* STATUS_BUFFER_OVERFLOW: "the copy operation did not complete because
     * of insufficient buffer space. The destination buffer contains a
     * truncated, null-terminated version of the intended result." */
    ck_assert_int_eq(RtlStringCchCopyW(w, 8, u"12345678"), STATUS_BUFFER_OVERFLOW);
    ck_assert(weq(w, u"1234567"));
    ck_assert_int_eq(RtlStringCbCopyA(a, 4, "abcdef"), STATUS_BUFFER_OVERFLOW);
    ck_assert_str_eq(a, "abc");
    ck_assert_int_eq(RtlStringCbCopyW(w, 4 * sizeof(WCHAR), u"abcdef"), STATUS_BUFFER_OVERFLOW);
    ck_assert(weq(w, u"abc"));
    /* STATUS_INVALID_PARAMETER: "The value in cchDest is 0 or larger than
     * NTSTRSAFE_MAX_CCH" (the destination is left alone when it has no room). */
    memcpy(a, "keep", 5);
    ck_assert_int_eq(RtlStringCchCopyA(a, 0, "x"), STATUS_INVALID_PARAMETER);
    ck_assert_str_eq(a, "keep");
    ck_assert_int_eq(RtlStringCchCopyA(a, (size_t)NTSTRSAFE_MAX_CCH + 1, "x"), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(RtlStringCbCopyW(w, 1, u"x"), STATUS_INVALID_PARAMETER);   /* under one WCHAR */
    /* CopyN: "cchToCopy ... the maximum number of characters to copy". */
    ck_assert_int_eq(RtlStringCchCopyNA(a, sizeof a, "abcdef", 2), STATUS_SUCCESS);
    ck_assert_str_eq(a, "ab");
    ck_assert_int_eq(RtlStringCchCopyNA(a, 3, "abcdef", 5), STATUS_BUFFER_OVERFLOW);
    ck_assert_str_eq(a, "ab");
}
END_TEST

START_TEST(test_cat_return_codes)
{
    CHAR a[8] = "abc";
    /* nf-ntstrsafe-rtlstringcchcatw: concatenation "without truncation"
     * is STATUS_SUCCESS; a truncated result is STATUS_BUFFER_OVERFLOW. */
    ck_assert_int_eq(RtlStringCchCatA(a, sizeof a, "de"), STATUS_SUCCESS);
    ck_assert_str_eq(a, "abcde");
    ck_assert_int_eq(RtlStringCchCatA(a, sizeof a, "fghij"), STATUS_BUFFER_OVERFLOW);
    ck_assert_str_eq(a, "abcdefg");
    /* STATUS_INVALID_PARAMETER: "The destination buffer is already full."
     * (no terminator within cchDest). */
    memset(a, 'x', sizeof a);
    ck_assert_int_eq(RtlStringCchCatA(a, sizeof a, "y"), STATUS_INVALID_PARAMETER);
    WCHAR w[6] = u"ab";
    ck_assert_int_eq(RtlStringCbCatW(w, sizeof w, u"cd"), STATUS_SUCCESS);
    ck_assert(weq(w, u"abcd"));
    ck_assert_int_eq(RtlStringCchCatNW(w, 6, u"xyz", 1), STATUS_SUCCESS);
    ck_assert(weq(w, u"abcdx"));
}
END_TEST

START_TEST(test_length_return_codes)
{
    size_t n = 99;
    /* nf-ntstrsafe-rtlstringcchlengthw: STATUS_SUCCESS "The string at psz
     * was not NULL, and the length of the string (including the
     * terminating null character) was less than or equal to cchMax." */
    ck_assert_int_eq(RtlStringCchLengthA("hello", 6, &n), STATUS_SUCCESS);
    ck_assert_uint_eq(n, 5);
    ck_assert_int_eq(RtlStringCbLengthW(u"hi", 3 * sizeof(WCHAR), &n), STATUS_SUCCESS);
    ck_assert_uint_eq(n, 2 * sizeof(WCHAR));
    /* STATUS_INVALID_PARAMETER: "The value in psz is NULL, cchMax is larger
     * than NTSTRSAFE_MAX_CCH, or psz is longer than cchMax." */
    ck_assert_int_eq(RtlStringCchLengthA("hello", 5, &n), STATUS_INVALID_PARAMETER);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(RtlStringCchLengthA(NULL, 5, &n), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(RtlStringCchLengthW(u"x", (size_t)NTSTRSAFE_MAX_CCH + 1, &n), STATUS_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_printf_conversions_and_codes)
{
    CHAR a[128];
    WCHAR w[64];
    UNICODE_STRING us = { 8, 10, (PWCH)u"eth0x" };
    ANSI_STRING as = { 3, 4, (PCHAR)"lan" };
    /* nf-ntstrsafe-rtlstringcchprintfa: STATUS_SUCCESS when "the string
     * was created without truncation"; the kernel printf conversions: %ws
     * and %S wide in a narrow format, %wZ a UNICODE_STRING, %Z an
     * ANSI_STRING, l is 32 bits, I64 64 bits. */
    ck_assert_int_eq(RtlStringCchPrintfA(a, sizeof a, "%d|%5u|%-4x|%08lX|%I64d|%s|%ws|%S|%wZ|%Z|%c|%%",
                                         -7, 42u, 0xabu, 0xBEEFul, (LONGLONG)-5000000000LL, "n", u"wide",
                                         u"S", &us, &as, 'q'), STATUS_SUCCESS);
    ck_assert_str_eq(a, "-7|   42|ab  |0000BEEF|-5000000000|n|wide|S|eth0|lan|q|%");
    ck_assert_int_eq(RtlStringCchPrintfA(a, sizeof a, "%p|%#x|%.3s|%hd|%I64u", (void *)(ULONG_PTR)0x1234,
                                         255u, "abcdef", (short)-2, (ULONGLONG)18446744073709551615ull),
                     STATUS_SUCCESS);
    ck_assert_str_eq(a, "0000000000001234|0xff|abc|-2|18446744073709551615");
    /* A wide format: %s is wide, %S and %hs narrow. */
    ck_assert_int_eq(RtlStringCchPrintfW(w, 64, u"%s-%S-%hs-%u", u"w", "n", "h", 3u), STATUS_SUCCESS);
    ck_assert(weq(w, u"w-n-h-3"));
    /* STATUS_BUFFER_OVERFLOW: "the print operation did not complete because
     * of insufficient space in the destination buffer. The destination
     * buffer contains a truncated, null-terminated version of the intended
     * result." */
    ck_assert_int_eq(RtlStringCchPrintfA(a, 6, "%s", "0123456789"), STATUS_BUFFER_OVERFLOW);
    ck_assert_str_eq(a, "01234");
    ck_assert_int_eq(RtlStringCbPrintfW(w, 4 * sizeof(WCHAR), u"%d", 123456), STATUS_BUFFER_OVERFLOW);
    ck_assert(weq(w, u"123"));
    /* STATUS_INVALID_PARAMETER: cchDest 0 or too large, or an invalid
     * format (the kernel refuses %n). */
    ck_assert_int_eq(RtlStringCchPrintfA(a, 0, "x"), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(RtlStringCchPrintfA(a, sizeof a, "%n", (int *)NULL), STATUS_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_ex_flags)
{
    CHAR a[8];
    CHAR *end = NULL;
    size_t remaining = 0;
    /* nf-ntstrsafe-rtlstringcchcopyexa: ppszDestEnd "points to the end of
     * the string", pcchRemaining counts "the number of unused characters
     * ... including the terminating null character". */
    ck_assert_int_eq(RtlStringCchCopyExA(a, sizeof a, "abc", &end, &remaining, 0), STATUS_SUCCESS);
    ck_assert_ptr_eq(end, a + 3);
    ck_assert_uint_eq(remaining, 5);
    /* STRSAFE_IGNORE_NULLS: "Treat NULL string pointers like empty strings". */
    ck_assert_int_eq(RtlStringCchCopyExA(a, sizeof a, NULL, NULL, NULL, STRSAFE_IGNORE_NULLS), STATUS_SUCCESS);
    ck_assert_str_eq(a, "");
    /* STRSAFE_NO_TRUNCATION: on failure the destination is left unchanged
     * (here: empty, as nothing was there before the copy). */
    ck_assert_int_eq(RtlStringCchCopyExA(a, 4, "abcdef", NULL, NULL, STRSAFE_NO_TRUNCATION),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert_str_eq(a, "");
    /* STRSAFE_FILL_BEHIND_NULL: the low byte fills the buffer after the terminator. */
    ck_assert_int_eq(RtlStringCchCopyExA(a, sizeof a, "ab", NULL, NULL, STRSAFE_FILL_BYTE('z')), STATUS_SUCCESS);
    ck_assert_int_eq(memcmp(a, "ab\0zzzzz", 8), 0);
}
END_TEST

START_TEST(test_unicode_string_variants)
{
    WCHAR buffer[4];
    UNICODE_STRING dest = { 0, sizeof buffer, buffer };
    UNICODE_STRING src;
    /* nf-ntstrsafe-rtlunicodestringinit: Length and MaximumLength in bytes,
     * MaximumLength counting the terminator. */
    ck_assert_int_eq(RtlUnicodeStringInit(&src, u"abcdef"), STATUS_SUCCESS);
    ck_assert_uint_eq(src.Length, 12);
    ck_assert_uint_eq(src.MaximumLength, 14);
    /* nf-ntstrsafe-rtlunicodestringcopy: STATUS_BUFFER_OVERFLOW with the
     * truncated result in the destination (counted, not terminated). */
    ck_assert_int_eq(RtlUnicodeStringCopy(&dest, &src), STATUS_BUFFER_OVERFLOW);
    ck_assert_uint_eq(dest.Length, 8);
    ck_assert_int_eq(memcmp(buffer, u"abcd", 8), 0);
    ck_assert_int_eq(RtlUnicodeStringCopyString(&dest, u"xy"), STATUS_SUCCESS);
    ck_assert_int_eq(RtlUnicodeStringCatString(&dest, u"z"), STATUS_SUCCESS);
    ck_assert_uint_eq(dest.Length, 6);
    ck_assert_int_eq(memcmp(buffer, u"xyz", 6), 0);
    ck_assert_int_eq(RtlUnicodeStringPrintf(&dest, u"%d", 42), STATUS_SUCCESS);
    ck_assert_uint_eq(dest.Length, 4);
    /* STATUS_INVALID_PARAMETER: "The contents of the UNICODE_STRING
     * structure are invalid" (an odd Length here). */
    UNICODE_STRING bad = { 3, 8, buffer };
    ck_assert_int_eq(RtlUnicodeStringCopy(&dest, &bad), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(RtlUnicodeStringValidate(&bad), STATUS_INVALID_PARAMETER);
    /* nf-ntstrsafe-rtlstringcchcopyunicodestring: a counted string into a
     * terminated buffer, truncated with STATUS_BUFFER_OVERFLOW. */
    WCHAR out[4];
    ck_assert_int_eq(RtlStringCchCopyUnicodeString(out, 4, &src), STATUS_BUFFER_OVERFLOW);
    ck_assert(weq(out, u"abc"));
}
END_TEST

/* The ntintsafe contract: the exact result, or STATUS_INTEGER_OVERFLOW and
 * the result type's error value. */
START_TEST(test_ntintsafe_families)
{
    USHORT us;
    ck_assert_int_eq(RtlUShortAdd(0xFFF0, 0x10, &us), STATUS_INTEGER_OVERFLOW);
    ck_assert_uint_eq(us, USHORT_ERROR);
    ck_assert_int_eq(RtlUShortAdd(0xFFF0, 0xF, &us), STATUS_SUCCESS);
    ck_assert_uint_eq(us, 0xFFFF);
    SIZE_T sz;
    ck_assert_int_eq(RtlSizeTMult((SIZE_T)1 << 40, (SIZE_T)1 << 30, &sz), STATUS_INTEGER_OVERFLOW);
    ck_assert_uint_eq(sz, SIZET_ERROR);
    ck_assert_int_eq(RtlSizeTSub(3, 4, &sz), STATUS_INTEGER_OVERFLOW);
    ULONGLONG ull;
    ck_assert_int_eq(RtlULongLongAdd(~0ull - 1, 1, &ull), STATUS_SUCCESS);
    ck_assert_int_eq(RtlULongLongAdd(~0ull, 1, &ull), STATUS_INTEGER_OVERFLOW);
    ULONG ul;
    ck_assert_int_eq(RtlULongLongToULong(0x100000000ull, &ul), STATUS_INTEGER_OVERFLOW);
    ck_assert_uint_eq(ul, ULONG_ERROR);
    ck_assert_int_eq(RtlSizeTToULong(0xFFFFFFFFu, &ul), STATUS_SUCCESS);
    ck_assert_int_eq(RtlLongToULong(-1, &ul), STATUS_INTEGER_OVERFLOW);
    ck_assert_int_eq(RtlULongPtrSub(5, 2, (ULONG_PTR *)&sz), STATUS_SUCCESS);
    ck_assert_uint_eq(sz, 3);
    LONG l;
    ck_assert_int_eq(RtlLongAdd(0x7FFFFFFF, 1, &l), STATUS_INTEGER_OVERFLOW);
    ck_assert_int_eq(l, LONG_ERROR);
    ck_assert_int_eq(RtlULongToLong(0x80000000u, &l), STATUS_INTEGER_OVERFLOW);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("wdk_safe");
    TCase *tc = tcase_create("safe");
    tcase_add_test(tc, test_copy_return_codes);
    tcase_add_test(tc, test_cat_return_codes);
    tcase_add_test(tc, test_length_return_codes);
    tcase_add_test(tc, test_printf_conversions_and_codes);
    tcase_add_test(tc, test_ex_flags);
    tcase_add_test(tc, test_unicode_string_variants);
    tcase_add_test(tc, test_ntintsafe_families);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
