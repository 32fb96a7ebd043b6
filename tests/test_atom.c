/* atom / atom_n (trace/atom.h): equal text gives one pointer, different
 * text another, whatever the cache in front of the set holds: strings that
 * share the length and the bytes the cache slot is picked by (first,
 * middle, last), more strings than the cache has slots, a NUL inside the
 * given length. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "trace/atom.h"
#include "tool_runner.h"

START_TEST(equal_text_is_one_atom_and_different_text_another)
{
    char a[] = "NdisAllocateMemoryWithTagPriority", b[] = "NdisAllocateMemoryWithTagPriority";
    const char *x = atom(a), *y = atom(b);
    ck_assert_ptr_eq(x, y);
    ck_assert_ptr_ne(x, a);
    ck_assert_str_eq(x, a);
    ck_assert_ptr_ne(atom("NdisFreeMemory"), x);
    ck_assert_ptr_eq(atom_n("NdisFreeMemoryXYZ", 14), atom("NdisFreeMemory"));
    ck_assert_ptr_eq(atom_text("NdisFreeMemoryXYZ", 14), atom("NdisFreeMemory"));
    ck_assert_ptr_eq(atom_text("NdisFreeMemoryXYZ", 17), atom("NdisFreeMemoryXYZ"));
}
END_TEST

/* Same length, same first, middle and last byte: one cache slot, so
 * each lookup finds the other string's atom there and must not take it. */
START_TEST(strings_sharing_a_cache_slot_stay_apart)
{
    const char *s1 = "aXcdefghz", *s2 = "aYcdefghz";   /* differ at index 1 only */
    const char *p1 = NULL, *p2 = NULL;
    for (int round = 0; round < 4; round++) {
        const char *q1 = atom_n(s1, 9), *q2 = atom_n(s2, 9);
        ck_assert_str_eq(q1, s1);
        ck_assert_str_eq(q2, s2);
        ck_assert_ptr_ne(q1, q2);
        if (round) {
            ck_assert_ptr_eq(q1, p1);
            ck_assert_ptr_eq(q2, p2);
        }
        p1 = q1;
        p2 = q2;
    }
    /* a prefix of a cached atom, and a longer string starting with it */
    ck_assert_str_eq(atom_n(s1, 8), "aXcdefgh");
    ck_assert_str_eq(atom_n("aXcdefghzz", 10), "aXcdefghzz");
    ck_assert_ptr_eq(atom_n(s1, 9), p1);
}
END_TEST

START_TEST(more_strings_than_cache_slots_keep_their_atoms)
{
    enum { N = 5000 };
    static const char *first[N];
    char buf[32];
    for (int i = 0; i < N; i++) {
        snprintf(buf, sizeof buf, "r%d-lifecycle", i);
        first[i] = atom(buf);
        ck_assert_str_eq(first[i], buf);
    }
    for (int i = N; i-- > 0;) {
        snprintf(buf, sizeof buf, "r%d-lifecycle", i);
        ck_assert_ptr_eq(atom(buf), first[i]);
    }
}
END_TEST

START_TEST(a_nul_inside_the_length_ends_the_string_cached_or_not)
{
    const char *ab = atom_n("ab\0cd", 5);
    ck_assert_str_eq(ab, "ab");
    ck_assert_ptr_eq(atom("ab"), ab);
    ck_assert_ptr_eq(atom_n("ab\0zz", 5), ab);
    ck_assert_ptr_null(atom(NULL));
    ck_assert_str_eq(atom_n("", 0), "");
    ck_assert_ptr_eq(atom_n("\0x", 2), atom(""));
}
END_TEST

/* atom_owns tells an atom from the same text anywhere else: a literal, a
 * heap copy, the atom's text one byte in. Atoms of a later block too. */
START_TEST(only_an_atom_is_owned)
{
    static const char literal[] = "owned-or-not";
    const char *a = atom(literal);
    char *copy = strdup(literal);
    ck_assert(atom_owns(a));
    ck_assert(!atom_owns(literal));
    ck_assert(!atom_owns(copy));
    free(copy);
    char big[70000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    const char *later = atom(big);   /* longer than a block: a block of its own */
    ck_assert(atom_owns(later));
    ck_assert(atom_owns(later + 1));   /* inside an atom's text: still the atoms' memory */
    ck_assert(atom_owns(a));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("atom");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, equal_text_is_one_atom_and_different_text_another);
    tcase_add_test(tc, strings_sharing_a_cache_slot_stay_apart);
    tcase_add_test(tc, more_strings_than_cache_slots_keep_their_atoms);
    tcase_add_test(tc, a_nul_inside_the_length_ends_the_string_cached_or_not);
    tcase_add_test(tc, only_an_atom_is_owned);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
