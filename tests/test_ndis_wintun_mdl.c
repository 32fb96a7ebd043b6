/* IoBuildPartialMdl (mdl.c), with which Wintun describes each received
 * packet inside the ring's MDL.  "IoBuildPartialMdl function (wdm.h)",
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-iobuildpartialmdl */
#include <check.h>
#include <stdlib.h>
#include "host/ndis/ndis_internal.h"
#include "ndis_fixture.h"

static void setup(void)
{
    ck_assert_ptr_nonnull(ndis_fixture_begin(NULL, 0));
}

static void teardown(void)
{
    ndis_fixture_end();
}

/* "If Length is zero, the subrange to be mapped starts at VirtualAddress
 * and includes the remaining range described by the SourceMdl." and "If
 * the original MDL was already mapped in system space, the partial MDL
 * shares that mapping". */
START_TEST(partial_mdl_describes_the_rest_and_shares_the_mapping)
{
    enum { SIZE = 3 * PAGE_SIZE };
    char *buf = aligned_alloc(PAGE_SIZE, SIZE);
    ck_assert_ptr_nonnull(buf);
    PMDL src = IoAllocateMdl(buf, SIZE, FALSE, FALSE, NULL);
    PMDL dst = IoAllocateMdl(buf, SIZE, FALSE, FALSE, NULL);   /* room for every page */
    MmBuildMdlForNonPagedPool(src);
    IoBuildPartialMdl(src, dst, buf + 5000, 0);
    ck_assert_int_eq(ndis_fixture_last_int("IoBuildPartialMdl", "fits", -1), 1);
    ck_assert_int_eq(ndis_fixture_last_int("IoBuildPartialMdl", "source_locked", -1), 1);
    ck_assert_ptr_eq(MmGetMdlVirtualAddress(dst), buf + 5000);
    ck_assert_uint_eq(MmGetMdlByteCount(dst), SIZE - 5000);
    ck_assert_ptr_eq(MmGetSystemAddressForMdlSafe(dst, NormalPagePriority), buf + 5000);
    ck_assert(dst->MdlFlags & MDL_PARTIAL);
    ck_assert_uint_eq(MmGetMdlPfnArray(dst)[0], MmGetMdlPfnArray(src)[1]);   /* 5000 is in the second page */
    IoFreeMdl(dst);
    IoFreeMdl(src);
    free(buf);
}
END_TEST

/* Length "must specify a buffer that is a proper subrange of the buffer
 * that is described by SourceMdl"; TargetMdl "must be large enough to
 * describe the pages in the subrange": otherwise nothing is built. */
START_TEST(subrange_outside_the_source_or_too_small_a_target_builds_nothing)
{
    enum { SIZE = 2 * PAGE_SIZE };
    char *buf = aligned_alloc(PAGE_SIZE, SIZE);
    ck_assert_ptr_nonnull(buf);
    PMDL src = IoAllocateMdl(buf, SIZE, FALSE, FALSE, NULL);
    PMDL small = IoAllocateMdl(buf, 16, FALSE, FALSE, NULL);   /* one page of room */
    MmBuildMdlForNonPagedPool(src);
    CSHORT flags = small->MdlFlags;
    IoBuildPartialMdl(src, small, buf + 100, SIZE);   /* runs past the source's end */
    ck_assert_int_eq(ndis_fixture_last_int("IoBuildPartialMdl", "in_range", -1), 0);
    IoBuildPartialMdl(src, small, buf + 100, PAGE_SIZE);   /* spans two pages */
    ck_assert_int_eq(ndis_fixture_last_int("IoBuildPartialMdl", "in_range", -1), 1);
    ck_assert_int_eq(ndis_fixture_last_int("IoBuildPartialMdl", "fits", -1), 0);
    ck_assert_int_eq(small->MdlFlags, flags);
    ck_assert_uint_eq(MmGetMdlByteCount(small), 16);
    IoFreeMdl(small);
    IoFreeMdl(src);
    free(buf);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_wintun_mdl");
    TCase *tc = tcase_create("mdl");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, partial_mdl_describes_the_rest_and_shares_the_mapping);
    tcase_add_test(tc, subrange_outside_the_source_or_too_small_a_target_builds_nothing);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
