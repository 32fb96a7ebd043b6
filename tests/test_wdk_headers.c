/* The WDK header set compiles the way a driver uses it: the test writes
 * small drivers and compiles each with the project's own compiler flags
 * for drivers (-std=gnu11 -Wall -Wextra -Werror -fshort-wchar), against
 * harness/include only, in the inclusion orders the WDK accepts; one uses
 * the driverspecs.h annotations and SDV hooks; one has its own string.h,
 * stddef.h, stdint.h and stdarg.h in its -I directory, which the shim must
 * never pick up. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool_runner.h"

#define DRIVER_CFLAGS "-std=gnu11 -Wall -Wextra -Werror -fshort-wchar -fPIC"

static char *workdir;

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", workdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

/* Runs a shell command in workdir; its exit status, stderr in *err. */
static int run_in_workdir(const char *command, char **err)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cd %s && %s 2>%s/stderr.txt", workdir, command, workdir);
    int rc = system(cmd);
    char path[512];
    snprintf(path, sizeof path, "%s/stderr.txt", workdir);
    *err = tool_read_file(path);
    return rc;
}

/* Compiles workdir/name into name.o with the driver flags, -I dirs first. */
static int compile(const char *name, const char *extra_flags, char **err)
{
    char repo[1024], command[1800];
    ck_assert(getcwd(repo, sizeof repo) != NULL);
    const char *cc = getenv("CC") ? getenv("CC") : "gcc";
    snprintf(command, sizeof command, "%s " DRIVER_CFLAGS " %s -I %s/harness/include -c %s -o %s.o",
             cc, extra_flags ? extra_flags : "", repo, name, name);
    return run_in_workdir(command, err);
}

static void assert_compiles(const char *name, const char *source, const char *extra_flags)
{
    char *err = NULL;
    write_file(name, source);
    int rc = compile(name, extra_flags, &err);
    ck_assert_msg(rc == 0, "%s does not compile against harness/include:\n%s", name, err ? err : "");
    free(err);
}

static void setup(void)
{
    workdir = tool_temp_dir("wdkhdr");
    ck_assert(workdir != NULL);
}

static void teardown(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", workdir);
    ck_assert_int_eq(system(cmd), 0);
    free(workdir);
}

/* The kernel surface an NDIS 6.20 driver uses before it touches NDIS. */
#define KERNEL_BODY \
    "typedef struct { LIST_ENTRY Link; KSPIN_LOCK Lock; KEVENT Done; PMDL Mdl; UCHAR Data[64]; } CTX;\n" \
    "DEFINE_GUID(GUID_TEST_DEVICE, 0x12345678, 0x1234, 0x5678, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78);\n" \
    "static NTSTATUS KernelWork(PUNICODE_STRING RegistryPath)\n" \
    "{\n" \
    "    WCHAR name[32]; UNICODE_STRING us; KIRQL old; LIST_ENTRY head; size_t len;\n" \
    "    PAGED_CODE();\n" \
    "    CTX *c = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(CTX), 'tseT');\n" \
    "    if (c == NULL) return STATUS_INSUFFICIENT_RESOURCES;\n" \
    "    InitializeListHead(&head); InsertTailList(&head, &c->Link);\n" \
    "    KeInitializeSpinLock(&c->Lock); KeAcquireSpinLock(&c->Lock, &old); KeReleaseSpinLock(&c->Lock, old);\n" \
    "    KeInitializeEvent(&c->Done, NotificationEvent, FALSE);\n" \
    "    c->Mdl = IoAllocateMdl(c->Data, sizeof c->Data, FALSE, FALSE, NULL);\n" \
    "    if (c->Mdl) { MmBuildMdlForNonPagedPool(c->Mdl); (void)MmGetSystemAddressForMdlSafe(c->Mdl, NormalPagePriority); IoFreeMdl(c->Mdl); }\n" \
    "    RtlStringCchPrintfW(name, RTL_NUMBER_OF(name), L\"%ws-%wZ-%u\", L\"vnic\", RegistryPath, 7u);\n" \
    "    RtlStringCchLengthW(name, RTL_NUMBER_OF(name), &len);\n" \
    "    RtlInitUnicodeString(&us, name); RtlZeroMemory(c->Data, sizeof c->Data);\n" \
    "    ASSERT(len > 0); NT_ASSERT(IsListEmpty(&head) == FALSE); KdPrint((\"%u\\n\", (ULONG)len));\n" \
    "    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, \"%p\\n\", (PVOID)&GUID_TEST_DEVICE);\n" \
    "    RemoveEntryList(&c->Link); (void)InterlockedIncrement((LONG volatile *)&len);\n" \
    "    ExFreePoolWithTag(c, 'tseT');\n" \
    "    return STATUS_SUCCESS;\n" \
    "}\n" \
    "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n" \
    "{ UNREFERENCED_PARAMETER(DriverObject); return KernelWork(RegistryPath); }\n"

START_TEST(test_ntddk_ntstrsafe_ndis_order)
{
    /* The order vendors use, with nothing but the version macro defined. */
    assert_compiles("order1.c",
                    "#define NDIS620_MINIPORT 1\n#include <ntddk.h>\n#include <ntstrsafe.h>\n#include <ndis.h>\n"
                    KERNEL_BODY, NULL);
}
END_TEST

START_TEST(test_other_wdk_orders)
{
    assert_compiles("order2.c", "#define NDIS60_MINIPORT 1\n#include <ndis.h>\n#include <ntstrsafe.h>\n" KERNEL_BODY, NULL);
    assert_compiles("order3.c", "#include <wdm.h>\n#include <ntstrsafe.h>\n#define NDIS630_MINIPORT 1\n#include <ndis.h>\n"
                    KERNEL_BODY, NULL);
    assert_compiles("order4.c",
                    "#include <ntifs.h>\n#include <procgrp.h>\n#include <ntstrsafe.h>\n#include <ntintsafe.h>\n"
                    "#define NDIS620_MINIPORT 1\n#include <ndis.h>\n#include <netioapi.h>\n#include <wdmsec.h>\n"
                    "#include <intrin.h>\n#include <initguid.h>\n#include <ntddk.h>\n" KERNEL_BODY
                    "const UNICODE_STRING *Sddl(void) { return &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R; }\n"
                    "ULONG Bits(ULONG m) { ULONG i = 0; int c[4]; __cpuid(c, 0); _ReadWriteBarrier();\n"
                    "  return _BitScanForward(&i, m) ? i + (ULONG)_byteswap_ulong(m) + (ULONG)c[0] : 0; }\n", NULL);
    /* A checked build (DBG=1): the assertion macros keep their arguments. */
    assert_compiles("order_dbg.c", "#define NDIS60_MINIPORT 1\n#include <ntddk.h>\n#include <ntstrsafe.h>\n#include <ndis.h>\n"
                    KERNEL_BODY, "-DDBG=1");
    /* Twice, in both orders: every header is idempotent. */
    assert_compiles("order5.c", "#define NDIS60_MINIPORT 1\n#include <ndis.h>\n#include <ntddk.h>\n#include <wdm.h>\n"
                    "#include <ndis.h>\n#include <ntstrsafe.h>\n#include <ntstrsafe.h>\n" KERNEL_BODY, NULL);
}
END_TEST

START_TEST(test_driverspecs_annotations_and_sdv_hooks)
{
    assert_compiles("specs.c",
        "#define NDIS630_MINIPORT 1\n#include <ntddk.h>\n#include <driverspecs.h>\n#include <ndis.h>\n"
        "typedef struct { ULONG Flags; } ADAPTER, *PADAPTER;\n"
        "DRIVER_DISPATCH DispatchIoctl;\n"
        "_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) _Dispatch_type_(IRP_MJ_CREATE)\n"
        "_Function_class_(DRIVER_DISPATCH) _IRQL_requires_max_(PASSIVE_LEVEL) _IRQL_requires_same_\n"
        "NTSTATUS DispatchIoctl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)\n"
        "{\n"
        "    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);\n"
        "    UNREFERENCED_PARAMETER(DeviceObject);\n"
        "    __sdv_save_request(Irp);\n"
        "    Irp->IoStatus.Status = sp->Parameters.DeviceIoControl.IoControlCode ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_REQUEST;\n"
        "    Irp->IoStatus.Information = 0;\n"
        "    IoCompleteRequest(Irp, IO_NO_INCREMENT);\n"
        "    return STATUS_SUCCESS;\n"
        "}\n"
        "__drv_maxIRQL(DISPATCH_LEVEL) __drv_requiresIRQL(PASSIVE_LEVEL) __drv_sameIRQL\n"
        "_IRQL_raises_(DISPATCH_LEVEL) _IRQL_saves_global_(OldIrql, Lock) __drv_savesIRQLGlobal(OldIrql, Lock)\n"
        "_Requires_lock_not_held_(*Lock) _Acquires_lock_(*Lock) __drv_at(Lock, __drv_acquiresResource(SpinLock))\n"
        "static KIRQL Take(_Inout_ PKSPIN_LOCK Lock) { KIRQL old; KeAcquireSpinLock(Lock, &old); return old; }\n"
        "_IRQL_requires_(DISPATCH_LEVEL) _Releases_lock_(*Lock) __drv_at(Lock, __drv_releasesResource(SpinLock))\n"
        "static VOID Give(_Inout_ PKSPIN_LOCK Lock, _In_ _IRQL_restores_ KIRQL Old) { KeReleaseSpinLock(Lock, Old); }\n"
        "_Must_inspect_result_ __drv_allocatesMem(Mem) _When_(return != NULL, __drv_aliasesMem)\n"
        "static PADAPTER MakeAdapter(VOID) { return ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(ADAPTER), 'pdA1'); }\n"
        "_Use_decl_annotations_ _Kernel_float_saved_ _Kernel_float_restored_\n"
        "NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)\n"
        "{\n"
        "    KSPIN_LOCK lock; PADAPTER adapter = MakeAdapter();\n"
        "    UNREFERENCED_PARAMETER(RegistryPath);\n"
        "    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;\n"
        "    if (adapter == NULL) return STATUS_INSUFFICIENT_RESOURCES;\n"
        "    __sdv_save_adapter_context(&adapter);\n"
        "    KeInitializeSpinLock(&lock); Give(&lock, Take(&lock));\n"
        "    ExFreePool(adapter);\n"
        "    return STATUS_SUCCESS;\n"
        "}\n", NULL);
}
END_TEST

/* Every header of the set compiles on its own, and twice (include guards). */
START_TEST(test_each_header_stands_alone)
{
    static const char *const headers[] = { "ntdef.h", "ntstatus.h", "wdm.h", "ntddk.h", "ntifs.h", "ntstrsafe.h",
                                            "ntintsafe.h", "driverspecs.h", "sal.h", "procgrp.h", "intrin.h",
                                            "ifdef.h", "ipifcons.h", "netioapi.h", "wdmsec.h", "guiddef.h",
                                            "initguid.h", "excpt.h", NULL };
    for (size_t i = 0; headers[i]; i++) {
        char name[64], text[256];
        snprintf(name, sizeof name, "alone%zu.c", i);
        snprintf(text, sizeof text, "#include <%s>\n#include <%s>\nint alone_%zu;\n", headers[i], headers[i], i);
        assert_compiles(name, text, NULL);
    }
}
END_TEST

/* The driver's -I directory comes first, as in a vendor's build. */
START_TEST(test_driver_headers_never_shadow_the_shim)
{
    ck_assert_int_eq(system(NULL) != 0, 1);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "mkdir -p %s/inc", workdir);
    ck_assert_int_eq(system(cmd), 0);
    static const char *const shadowed[] = { "string.h", "stddef.h", "stdint.h", "stdarg.h", "stdlib.h",
                                            "wchar.h", "limits.h", "stdbool.h", "ctype.h", NULL };
    for (size_t i = 0; shadowed[i]; i++) {
        char name[64], text[160];
        snprintf(name, sizeof name, "inc/%s", shadowed[i]);
        snprintf(text, sizeof text, "#error \"the shim included the driver's own %s\"\n", shadowed[i]);
        write_file(name, text);
    }
    assert_compiles("shadow.c",
                    "#define NDIS620_MINIPORT 1\n#include <ntddk.h>\n#include <ntstrsafe.h>\n#include <ntintsafe.h>\n"
                    "#include <ndis.h>\n#include <netioapi.h>\n#include <wdmsec.h>\n#include <procgrp.h>\n"
                    "#include <intrin.h>\n#include <initguid.h>\n#include <ntifs.h>\n" KERNEL_BODY, "-I inc");
    /* The control: the same directory does shadow a header a file names itself. */
    char *err = NULL;
    write_file("control.c", "#include <string.h>\nint x;\n");
    ck_assert_msg(compile("control.c", "-I inc", &err) != 0, "the shadowing string.h was not picked up: the test proves nothing");
    ck_assert_ptr_nonnull(strstr(err, "the shim included the driver's own string.h"));
    free(err);
}
END_TEST

/* DEFINE_GUID defines the GUID under INITGUID (once per driver, weakly)
 * and only declares it otherwise: two objects link only with the definer. */
START_TEST(test_define_guid_with_and_without_initguid)
{
    const char *use = "#include <ntddk.h>\n"
                      "DEFINE_GUID(GUID_X, 0x1, 0x2, 0x3, 4, 5, 6, 7, 8, 9, 10, 11);\n"
                      "const GUID *UseGuid(void) { return &GUID_X; }\n";
    assert_compiles("guid_use.c", use, NULL);
    assert_compiles("guid_def.c", "#include <ntddk.h>\n#include <initguid.h>\n"
                                  "DEFINE_GUID(GUID_X, 0x1, 0x2, 0x3, 4, 5, 6, 7, 8, 9, 10, 11);\n", NULL);
    assert_compiles("guid_def2.c", "#define INITGUID\n#include <ntddk.h>\n"
                                   "DEFINE_GUID(GUID_X, 0x1, 0x2, 0x3, 4, 5, 6, 7, 8, 9, 10, 11);\n", NULL);
    char *err = NULL;
    ck_assert_msg(run_in_workdir("gcc -shared -Wl,--no-undefined -o guid.so guid_use.c.o guid_def.c.o guid_def2.c.o", &err) == 0,
                  "GUID_X defined under INITGUID does not link: %s", err);
    free(err);
    ck_assert_msg(run_in_workdir("gcc -shared -Wl,--no-undefined -o guid_missing.so guid_use.c.o", &err) != 0,
                  "without INITGUID DEFINE_GUID must only declare GUID_X");
    free(err);
}
END_TEST

/* Structured exception handling in a driver built by clang -fms-extensions,
 * which takes __try/__except/__finally/__leave as keywords and rejects
 * them on Linux targets: the shim's excpt.h macros come first and replace
 * them (the body runs, the handler never does: nothing raises).  The
 * program is run to check those semantics under clang, and the control
 * shows clang refuses the keywords without the shim. */
#define SEH_BODY \
    "static int Seh(int leave_early)\n" \
    "{\n" \
    "    int r = 0;\n" \
    "    __try { r = 1; if (leave_early) __leave; r = 2; }\n" \
    "    __except (GetExceptionCode() == STATUS_ACCESS_VIOLATION ? EXCEPTION_EXECUTE_HANDLER\n" \
    "                                                            : EXCEPTION_CONTINUE_SEARCH) { r = -1; }\n" \
    "    __try { r += 10; } __finally { r += 100; }\n" \
    "    for (int i = 0; i < 5; i++) { __try { if (i == 2) break; } __except (EXCEPTION_EXECUTE_HANDLER) { r = -1; } r += 1000; }\n" \
    "    return r;\n" \
    "}\n" \
    "int main(void) { return Seh(0) == 2112 && Seh(1) == 2111 ? 0 : 1; }\n"

/* The 64-bit integer types are __int64 (long long) as in the WDK's
 * basetsd.h and winnt.h: a driver that repeats the typedefs in its own
 * headers, as SoftEther's Neo6 does, compiles against the shim. */
START_TEST(test_driver_repeats_the_64_bit_typedefs)
{
    assert_compiles("int64.c",
                    "#define NDIS620_MINIPORT 1\n#include <ndis.h>\n"
                    "typedef unsigned long long UINT64;\ntypedef signed long long INT64;\n"
                    "typedef unsigned __int64 ULONG64;\ntypedef __int64 LONGLONG;\n"
                    "LONG64 Bump(LONG64 volatile *v) { return InterlockedIncrement64(v); }\n", NULL);
}
END_TEST

START_TEST(test_seh_under_clang_ms_extensions)
{
    char repo[1024], command[2048], *err = NULL;
    ck_assert(getcwd(repo, sizeof repo) != NULL);
    write_file("seh.c", "#define NDIS620_MINIPORT 1\n#include <ntddk.h>\n#include <ndis.h>\n" SEH_BODY);
    snprintf(command, sizeof command,
             "clang -fms-extensions " DRIVER_CFLAGS " -I %s/harness/include -o seh seh.c && ./seh", repo);
    int rc = run_in_workdir(command, &err);
    ck_assert_msg(rc == 0, "__try/__except under clang -fms-extensions (rc %d):\n%s", rc, err ? err : "");
    free(err);
    /* The same with the project's compiler. */
    assert_compiles("seh_cc.c", "#define NDIS620_MINIPORT 1\n#include <ndis.h>\n" SEH_BODY, NULL);
    /* Control: without the shim clang rejects the keywords on this target. */
    write_file("seh_raw.c", "int f(void) { __try { return 1; } __except (1) { return 0; } }\n");
    ck_assert_msg(run_in_workdir("clang -fms-extensions -c seh_raw.c -o seh_raw.o", &err) != 0,
                  "clang accepted __try without the shim: the test proves nothing");
    free(err);
}
END_TEST

/* The WDK's shared/warning.h, force-included by the WDK's driver build,
 * spells __try/__except/__finally/__leave as try/except/finally/leave in
 * C (Wintun's device-control path is written so), unless the file defines
 * DONT_REDEFINE_TRYEXCEPT_IN_WARNING_H ("allows C files to opt-out of
 * getting these symbols redefined so that they can be used as regular C
 * identifiers").  Both halves compile: the spellings, and the opt-out. */
START_TEST(test_try_except_spellings_of_warning_h)
{
    assert_compiles("try.c",
                    "#define NDIS620_MINIPORT 1\n#include <ndis.h>\n"
                    "int f(int x) { int r = 0; try { r = x; if (x) leave; } except (EXCEPTION_EXECUTE_HANDLER) { r = -1; }\n"
                    "  try { r++; } finally { r++; } return r; }\n", NULL);
    assert_compiles("try_optout.c",
                    "#define DONT_REDEFINE_TRYEXCEPT_IN_WARNING_H\n#define NDIS620_MINIPORT 1\n#include <ndis.h>\n"
                    "int f(int try, int leave) { int finally = try + leave; return finally; }\n", NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("wdk_headers");
    TCase *tc = tcase_create("compile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_ntddk_ntstrsafe_ndis_order);
    tcase_add_test(tc, test_other_wdk_orders);
    tcase_add_test(tc, test_driverspecs_annotations_and_sdv_hooks);
    tcase_add_test(tc, test_each_header_stands_alone);
    tcase_add_test(tc, test_driver_headers_never_shadow_the_shim);
    tcase_add_test(tc, test_define_guid_with_and_without_initguid);
    tcase_add_test(tc, test_seh_under_clang_ms_extensions);
    tcase_add_test(tc, test_try_except_spellings_of_warning_h);
    tcase_add_test(tc, test_driver_repeats_the_64_bit_typedefs);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
