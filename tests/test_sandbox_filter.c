/* The sandbox's hand-built seccomp program (harness/host/sandbox_filter.c),
 * installed in a forked child: the calls it refuses fail with EPERM, the
 * allowed argument and every other call go through. Semantics of the
 * program: the kernel's Documentation/userspace-api/seccomp_filter.rst. */
#include <check.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

#include "host/sandbox_filter.h"

#if defined(__x86_64__)
#define ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH AUDIT_ARCH_AARCH64
#endif

#ifdef ARCH
/* What the child found, one bit per expectation that failed. */
enum { KILL_OTHER_ALLOWED = 1, KILL_SELF_REFUSED = 2, SETSID_ALLOWED = 4, HIGH_HALF_ALLOWED = 8,
       GETPID_REFUSED = 16, X32_ALLOWED = 32, NOT_INSTALLED = 64, PRLIMIT_SELF_REFUSED = 128,
       GETUID_ALLOWED = 256, GETEUID_REFUSED = 512, TKILL_SELF_REFUSED = 1024, TKILL_OTHER_ALLOWED = 2048 };

static int in_filtered_child(void)
{
    pid_t self = getpid(), parent = getppid();
    /* Out of order and more than a few: the numbers are searched as a tree. */
    filter_rule rules[] = {
        { .nr = __NR_setsid, .arg = -1 },
        { .nr = __NR_kill, .arg = 0, .allowed = (uint32_t)self },
        { .nr = __NR_prlimit64, .arg = 0, .allowed = 0 },
        { .nr = __NR_getuid, .arg = -1 },
        { .nr = __NR_tkill, .arg = 0, .allowed = (uint32_t)self },
        { .nr = __NR_getpgid, .arg = -1 },
        { .nr = __NR_getsid, .arg = -1 },
        { .nr = __NR_sched_setparam, .arg = 0, .allowed = 0 },
    };
    size_t n = sizeof rules / sizeof rules[0];
    struct sock_filter code[SANDBOX_FILTER_FIXED + SANDBOX_FILTER_PER_RULE * 8];
    struct sock_fprog prog = { .filter = code };
    prog.len = (unsigned short)sandbox_filter_build(rules, n, ARCH, SECCOMP_RET_ERRNO | EPERM, code,
                                                   sizeof code / sizeof code[0]);
    if (!prog.len || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
        return NOT_INSTALLED;
    int failed = 0;
    if (!(kill(parent, 0) == -1 && errno == EPERM))
        failed |= KILL_OTHER_ALLOWED;
    if (kill(self, 0) != 0)
        failed |= KILL_SELF_REFUSED;
    if (!(setsid() == -1 && errno == EPERM))
        failed |= SETSID_ALLOWED;
    /* The pid in the lower half, something in the upper: not exactly the allowed value. */
    if (!(syscall(__NR_kill, (long)self | (1L << 32), 0) == -1 && errno == EPERM))
        failed |= HIGH_HALF_ALLOWED;
    if (syscall(__NR_getpid) != self)
        failed |= GETPID_REFUSED;
    if (syscall(__NR_prlimit64, 0, RLIMIT_NOFILE, NULL, NULL) != 0)
        failed |= PRLIMIT_SELF_REFUSED;
    if (!(syscall(__NR_getuid) == -1 && errno == EPERM))
        failed |= GETUID_ALLOWED;
    if (syscall(__NR_geteuid) < 0)
        failed |= GETEUID_REFUSED;
    if (syscall(__NR_tkill, self, 0) != 0)
        failed |= TKILL_SELF_REFUSED;
    if (!(syscall(__NR_tkill, parent, 0) == -1 && errno == EPERM))
        failed |= TKILL_OTHER_ALLOWED;
#if defined(__x86_64__)
    /* An x32 call carries the x86-64 arch value: refused, never read as the
     * native call. valgrind answers an unknown number itself (ENOSYS),
     * without making the call. */
    if (!RUNNING_ON_VALGRIND && !(syscall(__NR_getpid | 0x40000000) == -1 && errno == EPERM))
        failed |= X32_ALLOWED;
#endif
    return failed;
}

START_TEST(the_filter_refuses_its_calls_and_allows_the_rest)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(in_filtered_child());
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

START_TEST(a_buffer_too_small_builds_nothing)
{
    filter_rule rule = { .nr = __NR_setsid, .arg = -1 };
    struct sock_filter code[SANDBOX_FILTER_FIXED + SANDBOX_FILTER_PER_RULE];
    ck_assert_uint_eq(sandbox_filter_build(&rule, 1, ARCH, SECCOMP_RET_KILL, code, SANDBOX_FILTER_FIXED), 0);
    ck_assert_uint_gt(sandbox_filter_build(&rule, 1, ARCH, SECCOMP_RET_KILL, code, sizeof code / sizeof code[0]), 0);
}
END_TEST
#endif

int main(void)
{
    Suite *s = suite_create("sandbox_filter");
    TCase *tc = tcase_create("sandbox_filter");
#ifdef ARCH
    tcase_add_test(tc, the_filter_refuses_its_calls_and_allows_the_rest);
    tcase_add_test(tc, a_buffer_too_small_builds_nothing);
#endif
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
