/* Sizes and member offsets of the WDK structures the Wintun work added, on
 * x86_64 (the Windows x64 layout the shim mirrors).  The expected values
 * are not taken from the shim: they are the x64 ntoskrnl type dumps of the
 * Vergilius Project (Windows 10 x64): _ERESOURCE 0x68 (OwnerTable 0x10,
 * ActiveCount 0x18, SharedWaiters 0x20, OwnerEntry 0x30, ActiveEntries
 * 0x40, SpinLock 0x60), _KLOCK_QUEUE_HANDLE 0x18 (OldIrql 0x10),
 * _KAPC_STATE 0x30 (Process 0x20), _SECURITY_SUBJECT_CONTEXT 0x20,
 * _CLIENT_ID 0x10, _GENERIC_MAPPING 0x10; EX_SPIN_LOCK is "a 32-bit
 * variable" ("ExAcquireSpinLockShared function (wdm.h)"). */
#include <check.h>
#include <stdlib.h>
#include "ntifs.h"
#include "ndis.h"

typedef struct {
    const char *what;
    size_t got;
    size_t want;
} layout_fact;

#define SIZE(type, want) { "sizeof(" #type ")", sizeof(type), (want) }
#define OFF(type, member, want) { #type "." #member, __builtin_offsetof(type, member), (want) }

static const layout_fact facts[] = {
    SIZE(ERESOURCE, 0x68), OFF(ERESOURCE, OwnerTable, 0x10), OFF(ERESOURCE, ActiveCount, 0x18),
    OFF(ERESOURCE, SharedWaiters, 0x20), OFF(ERESOURCE, OwnerEntry, 0x30), OFF(ERESOURCE, ActiveEntries, 0x40),
    OFF(ERESOURCE, SpinLock, 0x60),
    SIZE(KLOCK_QUEUE_HANDLE, 0x18), OFF(KLOCK_QUEUE_HANDLE, OldIrql, 0x10),
    SIZE(KAPC_STATE, 0x30), OFF(KAPC_STATE, Process, 0x20),
    SIZE(SECURITY_SUBJECT_CONTEXT, 0x20), SIZE(CLIENT_ID, 0x10), SIZE(GENERIC_MAPPING, 0x10),
    SIZE(EX_SPIN_LOCK, 4),
};

START_TEST(test_layout_fact)
{
    const layout_fact *f = &facts[_i];
    ck_assert_msg(f->got == f->want, "%s is 0x%zx, want 0x%zx", f->what, f->got, f->want);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("wdk_layout3");
    TCase *tc = tcase_create("layout");
    tcase_add_loop_test(tc, test_layout_fact, 0, (int)(sizeof facts / sizeof facts[0]));
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
