/* The resource and IRQL tables as shipped in checks/tables (their
 * validation is in test_tables_validation.c, their trip to the host in
 * test_tables_wire.c, their name index in test_tables_index.c). */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"
#include "rules_fixture.h"
#include "rules/table_load.h"

static const ndis_tables *t;

static void setup(void)
{
    load_checks();
    t = ruleset_tables(shipped_rules);
}

START_TEST(resource_kinds_and_reciprocals)
{
    const resource_kind *k = tables_kind_allocated_by(t, "NdisAllocateMemoryWithTagPriority");
    ck_assert_ptr_nonnull(k);
    ck_assert_str_eq(k->kind, "memory");
    ck_assert_ptr_eq(tables_kind_freed_by(t, "NdisFreeMemory"), k);
    ck_assert_str_eq(tables_kind_freed_by(t, "NdisMFreePort")->kind, "port");
    ck_assert_str_eq(tables_kind_freed_by(t, "NdisMDeregisterInterruptEx")->kind, "interrupt");
    ck_assert_str_eq(tables_kind_allocated_by(t, "NdisAllocateTimerObject")->kind, "timer");
    ck_assert_ptr_null(tables_kind_allocated_by(t, "NdisFreeMemory"));
    ck_assert_ptr_null(tables_kind(t, "gpu"));
    /* 004's typical order */
    static const char *const order[] = { "memory", "nbl_pool", "spin_lock", "timer", "io_port_range",
                                         "dma", "shared_memory", "interrupt" };
    for (int i = 0; i < 8; i++)
        ck_assert_int_eq(tables_kind(t, order[i])->init_order, i + 1);
    ck_assert_int_eq(tables_kind(t, "port")->init_order, 0);
}
END_TEST

START_TEST(ddi_irql_limits)
{
    static const char *const ddis[] = {
        "NdisAllocateMemoryWithTagPriority", "NdisFreeMemory", "NdisAllocateSpinLock", "NdisFreeSpinLock",
        "NdisAcquireSpinLock", "NdisReleaseSpinLock", "NdisDprAcquireSpinLock", "NdisDprReleaseSpinLock",
        "NdisAllocateTimerObject", "NdisFreeTimerObject", "NdisSetTimerObject", "NdisCancelTimerObject",
        "NdisAllocateNetBufferListPool", "NdisFreeNetBufferListPool", "NdisAllocateNetBufferAndNetBufferList",
        "NdisFreeNetBufferList", "NdisMSendNetBufferListsComplete", "NdisMIndicateReceiveNetBufferLists",
        "NdisMAllocatePort", "NdisMFreePort", "NdisMNetPnPEvent", "NdisMRegisterIoPortRange",
        "NdisMDeregisterIoPortRange", "NdisMRegisterScatterGatherDma", "NdisMDeregisterScatterGatherDma",
        "NdisMAllocateSharedMemory", "NdisMFreeSharedMemory", "NdisMRegisterInterruptEx",
        "NdisMDeregisterInterruptEx", "NdisOpenConfigurationEx", "NdisReadConfiguration",
        "NdisCloseConfiguration", "NdisMRegisterMiniportDriver", "NdisMDeregisterMiniportDriver",
        "NdisMSetMiniportAttributes", "NdisMRestartComplete", "NdisMPauseComplete", "NdisMResetComplete",
        "NdisMOidRequestComplete", "NdisMResetMiniport", "NdisMIndicateStatusEx", "NdisStallExecution",
        "NdisMSleep", "NdisWriteErrorLogEntry", "NdisInitializeEvent", "NdisSetEvent", "NdisResetEvent",
        "NdisWaitEvent", "NdisAllocateIoWorkItem", "NdisQueueIoWorkItem", "NdisFreeIoWorkItem",
        "NdisGetVersion",
    };
    for (size_t i = 0; i < sizeof ddis / sizeof ddis[0]; i++)
        ck_assert_msg(tables_ddi_max_irql(t, ddis[i]) >= 0, "%s missing", ddis[i]);
    ck_assert_int_eq(tables_ddi_max_irql(t, "NdisMFreePort"), 2);
    ck_assert_int_eq(tables_ddi_max_irql(t, "NdisMSleep"), 1);
    ck_assert_int_eq(tables_ddi_max_irql(t, "NdisWaitEvent"), 0);
    ck_assert_int_eq(tables_ddi_max_irql(t, "NdisStallExecution"), 31);
    ck_assert_int_eq(tables_ddi_max_irql(t, "NdisFrobnicate"), -1);
}
END_TEST

/* Item 8 of issue 9: every DDI IRQL maximum of checks/tables/irql.yaml,
 * with the WDK page it comes from (learn.microsoft.com/windows-hardware/
 * drivers/ddi/<page>, Requirements table, IRQL row, or the Remarks the
 * table's comment names): a value moved in the table fails here.  "Any
 * level" is HIGH_LEVEL, "< DISPATCH_LEVEL" APC_LEVEL.  Read again for this
 * test: NdisCancelTimerObject (one-shot bound; the periodic PASSIVE_LEVEL is
 * IRQL-CANCEL-PERIODIC-TIMER), NdisFreeTimerObject, NdisStallExecution,
 * NdisGetVersion, NdisMResetComplete, NdisMOidRequestComplete,
 * NdisMRestartComplete, NdisFreeIoWorkItem, NdisQueueIoWorkItem. */
START_TEST(ddi_irql_limits_match_their_pages)
{
    static const struct { const char *ddi, *max, *page; } documented[] = {
        { "NdisAllocateMemoryWithTagPriority", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisallocatememorywithtagpriority" },
        { "NdisFreeMemory", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisfreememory" },
        { "NdisFreeMemoryWithTagPriority", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisfreememorywithtagpriority" },
        { "NdisAllocateSpinLock", "HIGH_LEVEL", "ndis/nf-ndis-ndisallocatespinlock" },
        { "NdisFreeSpinLock", "HIGH_LEVEL", "ndis/nf-ndis-ndisfreespinlock" },
        { "NdisAcquireSpinLock", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisacquirespinlock" },
        { "NdisReleaseSpinLock", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisreleasespinlock" },
        { "NdisDprAcquireSpinLock", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisdpracquirespinlock" },
        { "NdisDprReleaseSpinLock", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisdprreleasespinlock" },
        { "NdisAllocateTimerObject", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisallocatetimerobject" },
        { "NdisFreeTimerObject", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisfreetimerobject" },
        { "NdisSetTimerObject", "DISPATCH_LEVEL", "ndis/nf-ndis-ndissettimerobject" },
        { "NdisCancelTimerObject", "DISPATCH_LEVEL", "ndis/nf-ndis-ndiscanceltimerobject" },
        { "NdisAllocateNetBufferListPool", "DISPATCH_LEVEL", "nblapi/nf-nblapi-ndisallocatenetbufferlistpool" },
        { "NdisFreeNetBufferListPool", "DISPATCH_LEVEL", "nblapi/nf-nblapi-ndisfreenetbufferlistpool" },
        { "NdisAllocateNetBufferAndNetBufferList", "DISPATCH_LEVEL", "nblapi/nf-nblapi-ndisallocatenetbufferandnetbufferlist" },
        { "NdisFreeNetBufferList", "DISPATCH_LEVEL", "nblapi/nf-nblapi-ndisfreenetbufferlist" },
        { "NdisMSendNetBufferListsComplete", "DISPATCH_LEVEL", "ndis/nf-ndis-ndismsendnetbufferlistscomplete" },
        { "NdisMIndicateReceiveNetBufferLists", "DISPATCH_LEVEL", "ndis/nf-ndis-ndismindicatereceivenetbufferlists" },
        { "NdisMAllocatePort", "DISPATCH_LEVEL", "ndis/nf-ndis-ndismallocateport" },
        { "NdisMFreePort", "DISPATCH_LEVEL", "ndis/nf-ndis-ndismfreeport" },
        { "NdisMNetPnPEvent", "PASSIVE_LEVEL", "ndis/nf-ndis-ndismnetpnpevent" },
        { "NdisMRegisterIoPortRange", "PASSIVE_LEVEL", "ndis/nf-ndis-ndismregisterioportrange" },
        { "NdisMDeregisterIoPortRange", "PASSIVE_LEVEL", "ndis/nf-ndis-ndismderegisterioportrange" },
        { "NdisMRegisterScatterGatherDma", "PASSIVE_LEVEL", "ndis/nf-ndis-ndismregisterscattergatherdma" },
        { "NdisMDeregisterScatterGatherDma", "PASSIVE_LEVEL", "ndis/nf-ndis-ndismderegisterscattergatherdma" },
        { "NdisMAllocateSharedMemory", "PASSIVE_LEVEL", "ndis/nf-ndis-ndismallocatesharedmemory" },
        { "NdisMFreeSharedMemory", "DISPATCH_LEVEL", "ndis/nf-ndis-ndismfreesharedmemory" },
        { "NdisMRegisterInterruptEx", "PASSIVE_LEVEL", "ndis/nf-ndis-ndismregisterinterruptex" },
        { "NdisMDeregisterInterruptEx", "PASSIVE_LEVEL", "ndis/nf-ndis-ndismderegisterinterruptex" },
        { "NdisOpenConfigurationEx", "PASSIVE_LEVEL", "ndis/nf-ndis-ndisopenconfigurationex" },
        { "NdisReadConfiguration", "PASSIVE_LEVEL", "ndis/nf-ndis-ndisreadconfiguration" },
        { "NdisCloseConfiguration", "PASSIVE_LEVEL", "ndis/nf-ndis-ndiscloseconfiguration" },
        { "NdisMRegisterMiniportDriver", "PASSIVE_LEVEL", "ndis/nf-ndis-ndismregisterminiportdriver" },
        { "NdisMDeregisterMiniportDriver", "PASSIVE_LEVEL", "ndis/nf-ndis-ndismderegisterminiportdriver" },
        { "NdisMSetMiniportAttributes", "PASSIVE_LEVEL", "ndis/nf-ndis-ndismsetminiportattributes" },
        { "NdisMRestartComplete", "DISPATCH_LEVEL", "ndis/nf-ndis-ndismrestartcomplete" },
        { "NdisMPauseComplete", "DISPATCH_LEVEL", "ndis/nf-ndis-ndismpausecomplete" },
        { "NdisMResetComplete", "DISPATCH_LEVEL", "ndis/nf-ndis-ndismresetcomplete" },
        { "NdisMOidRequestComplete", "DISPATCH_LEVEL", "ndis/nf-ndis-ndismoidrequestcomplete" },
        { "NdisMResetMiniport", "DISPATCH_LEVEL", "ndis/nf-ndis-ndismresetminiport" },
        { "NdisMIndicateStatusEx", "DISPATCH_LEVEL", "ndis/nf-ndis-ndismindicatestatusex" },
        { "NdisStallExecution", "HIGH_LEVEL", "ndis/nf-ndis-ndisstallexecution" },
        { "NdisMSleep", "APC_LEVEL", "ndis/nf-ndis-ndismsleep" },
        { "NdisWriteErrorLogEntry", "DISPATCH_LEVEL", "ndis/nf-ndis-ndiswriteerrorlogentry" },
        { "NdisInitializeEvent", "HIGH_LEVEL", "ndis/nf-ndis-ndisinitializeevent" },
        { "NdisSetEvent", "DISPATCH_LEVEL", "ndis/nf-ndis-ndissetevent" },
        { "NdisResetEvent", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisresetevent" },
        { "NdisWaitEvent", "PASSIVE_LEVEL", "ndis/nf-ndis-ndiswaitevent" },
        { "NdisAllocateIoWorkItem", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisallocateioworkitem" },
        { "NdisQueueIoWorkItem", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisqueueioworkitem" },
        { "NdisFreeIoWorkItem", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisfreeioworkitem" },
        { "NdisGetVersion", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisgetversion" },
        { "NdisInitializeNPagedLookasideList", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisinitializenpagedlookasidelist" },
        { "NdisDeleteNPagedLookasideList", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisdeletenpagedlookasidelist" },
        { "NdisAllocateFromNPagedLookasideList", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisallocatefromnpagedlookasidelist" },
        { "NdisFreeToNPagedLookasideList", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisfreetonpagedlookasidelist" },
        { "NdisInitializeReadWriteLock", "HIGH_LEVEL", "ndis/nf-ndis-ndisinitializereadwritelock" },
        { "NdisAcquireReadWriteLock", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisacquirereadwritelock" },
        { "NdisReleaseReadWriteLock", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisreleasereadwritelock" },
        { "NdisMGetDeviceProperty", "PASSIVE_LEVEL", "ndis/nf-ndis-ndismgetdeviceproperty" },
        { "KeInitializeDpc", "HIGH_LEVEL", "wdm/nf-wdm-keinitializedpc" },
        { "KeInsertQueueDpc", "HIGH_LEVEL", "wdm/nf-wdm-keinsertqueuedpc" },
        { "KeRemoveQueueDpc", "HIGH_LEVEL", "wdm/nf-wdm-keremovequeuedpc" },
        { "KeFlushQueuedDpcs", "PASSIVE_LEVEL", "wdm/nf-wdm-keflushqueueddpcs" },
        { "KeAcquireSpinLockAtDpcLevel", "HIGH_LEVEL", "wdm/nf-wdm-keacquirespinlockatdpclevel" },
        { "KeTryToAcquireSpinLockAtDpcLevel", "DISPATCH_LEVEL", "wdm/nf-wdm-ketrytoacquirespinlockatdpclevel" },
        { "KeReleaseSpinLockFromDpcLevel", "DISPATCH_LEVEL", "wdm/nf-wdm-kereleasespinlockfromdpclevel" },
        { "KeReleaseSpinLock", "DISPATCH_LEVEL", "wdm/nf-wdm-kereleasespinlock" },
            /* NDIS 6.20+ (ndis6x) and WDK kernel (wdm/ntddk) DDIs: each value read off
         * the IRQL row of the page named, when the entry was added. */
        { "NdisAllocateRWLock", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisallocaterwlock" },
        { "NdisFreeRWLock", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisfreerwlock" },
        { "NdisAcquireRWLockRead", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisacquirerwlockread" },
        { "NdisAcquireRWLockWrite", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisacquirerwlockwrite" },
        { "NdisReleaseRWLock", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisreleaserwlock" },
        { "NdisAllocateSharedMemory", "PASSIVE_LEVEL", "ndis/nf-ndis-ndisallocatesharedmemory" },
        { "NdisFreeSharedMemory", "PASSIVE_LEVEL", "ndis/nf-ndis-ndisfreesharedmemory" },
        { "NdisRegisterDeviceEx", "PASSIVE_LEVEL", "ndis/nf-ndis-ndisregisterdeviceex" },
        { "NdisDeregisterDeviceEx", "PASSIVE_LEVEL", "ndis/nf-ndis-ndisderegisterdeviceex" },
        { "NdisGetDataBuffer", "DISPATCH_LEVEL", "nblapi/nf-nblapi-ndisgetdatabuffer" },
        { "NdisGetRssProcessorInformation", "DISPATCH_LEVEL", "ndis/nf-ndis-ndisgetrssprocessorinformation" },
        { "NdisGetSystemUpTimeEx", "HIGH_LEVEL", "ndis/nf-ndis-ndisgetsystemuptimeex" },
        { "KeGetCurrentProcessorNumberEx", "HIGH_LEVEL", "wdm/nf-wdm-kegetcurrentprocessornumberex" },
        { "KeQueryActiveProcessorCountEx", "HIGH_LEVEL", "wdm/nf-wdm-kequeryactiveprocessorcountex" },
        { "KeQueryMaximumProcessorCountEx", "HIGH_LEVEL", "wdm/nf-wdm-kequerymaximumprocessorcountex" },
        { "KeQueryActiveGroupCount", "HIGH_LEVEL", "wdm/nf-wdm-kequeryactivegroupcount" },
        { "KeGetProcessorNumberFromIndex", "HIGH_LEVEL", "wdm/nf-wdm-kegetprocessornumberfromindex" },
        { "KeGetProcessorIndexFromNumber", "HIGH_LEVEL", "wdm/nf-wdm-kegetprocessorindexfromnumber" },
        { "KeSetTargetProcessorDpcEx", "HIGH_LEVEL", "wdm/nf-wdm-kesettargetprocessordpcex" },
        { "NdisGroupActiveProcessorCount", "HIGH_LEVEL", "ndis/nf-ndis-ndisgroupactiveprocessorcount" },
        { "NdisGroupActiveProcessorMask", "HIGH_LEVEL", "ndis/nf-ndis-ndisgroupactiveprocessormask" },
        { "NdisCurrentGroupAndProcessor", "HIGH_LEVEL", "ndis/nf-ndis-ndiscurrentgroupandprocessor" },
        { "ExAllocatePool2", "DISPATCH_LEVEL", "wdm/nf-wdm-exallocatepool2" },
        { "ExAllocatePoolWithTag", "DISPATCH_LEVEL", "wdm/nf-wdm-exallocatepoolwithtag" },
        { "ExFreePoolWithTag", "DISPATCH_LEVEL", "wdm/nf-wdm-exfreepoolwithtag" },
        { "ExFreePool", "DISPATCH_LEVEL", "wdm/nf-wdm-exfreepool" },
        { "IoAllocateMdl", "DISPATCH_LEVEL", "wdm/nf-wdm-ioallocatemdl" },
        { "IoFreeMdl", "DISPATCH_LEVEL", "wdm/nf-wdm-iofreemdl" },
        { "MmBuildMdlForNonPagedPool", "DISPATCH_LEVEL", "wdm/nf-wdm-mmbuildmdlfornonpagedpool" },
        { "MmGetPhysicalAddress", "DISPATCH_LEVEL", "ntddk/nf-ntddk-mmgetphysicaladdress" },
        { "RtlInitUnicodeString", "DISPATCH_LEVEL", "wdm/nf-wdm-rtlinitunicodestring" },
        { "RtlInitAnsiString", "DISPATCH_LEVEL", "wdm/nf-wdm-rtlinitansistring" },
        { "RtlInitString", "DISPATCH_LEVEL", "wdm/nf-wdm-rtlinitstring" },
        { "RtlCopyUnicodeString", "HIGH_LEVEL", "wdm/nf-wdm-rtlcopyunicodestring" },
        { "RtlCopyString", "HIGH_LEVEL", "ntddk/nf-ntddk-rtlcopystring" },
        { "KeAcquireSpinLockRaiseToDpc", "DISPATCH_LEVEL", "wdm/nf-wdm-keacquirespinlockraisetodpc" },
        /* Wintun: executive resources, critical regions, EX_SPIN_LOCK, queued spin locks, process notify. */
        { "ExInitializeResourceLite", "DISPATCH_LEVEL", "wdm/nf-wdm-exinitializeresourcelite" },
        { "ExDeleteResourceLite", "APC_LEVEL", "wdm/nf-wdm-exdeleteresourcelite" },
        { "ExAcquireResourceExclusiveLite", "APC_LEVEL", "wdm/nf-wdm-exacquireresourceexclusivelite" },
        { "ExAcquireResourceSharedLite", "APC_LEVEL", "wdm/nf-wdm-exacquireresourcesharedlite" },
        { "ExAcquireSharedStarveExclusive", "APC_LEVEL", "wdm/nf-wdm-exacquiresharedstarveexclusive" },
        { "ExReleaseResourceLite", "DISPATCH_LEVEL", "wdm/nf-wdm-exreleaseresourcelite" },
        { "KeEnterCriticalRegion", "APC_LEVEL", "ntddk/nf-ntddk-keentercriticalregion" },
        { "KeLeaveCriticalRegion", "APC_LEVEL", "ntddk/nf-ntddk-keleavecriticalregion" },
        { "ExAcquireSpinLockExclusive", "DISPATCH_LEVEL", "wdm/nf-wdm-exacquirespinlockexclusive" },
        { "ExReleaseSpinLockExclusive", "DISPATCH_LEVEL", "wdm/nf-wdm-exreleasespinlockexclusive" },
        { "ExAcquireSpinLockShared", "DISPATCH_LEVEL", "wdm/nf-wdm-exacquirespinlockshared" },
        { "ExReleaseSpinLockShared", "DISPATCH_LEVEL", "wdm/nf-wdm-exreleasespinlockshared" },
        { "KeAcquireInStackQueuedSpinLock", "DISPATCH_LEVEL", "wdm/nf-wdm-keacquireinstackqueuedspinlock" },
        { "KeReleaseInStackQueuedSpinLock", "DISPATCH_LEVEL", "wdm/nf-wdm-kereleaseinstackqueuedspinlock" },
        { "PsSetCreateProcessNotifyRoutine", "PASSIVE_LEVEL", "ntddk/nf-ntddk-pssetcreateprocessnotifyroutine" },
        { "KeGetCurrentThread", "HIGH_LEVEL", "wdm/nf-wdm-kegetcurrentthread" },
        { "KeSetPriorityThread", "PASSIVE_LEVEL", "wdm/nf-wdm-kesetprioritythread" },
        { "KeQueryPerformanceCounter", "HIGH_LEVEL", "wdm/nf-wdm-kequeryperformancecounter" },
        { "IoBuildPartialMdl", "DISPATCH_LEVEL", "wdm/nf-wdm-iobuildpartialmdl" },
        { "KeWaitForMultipleObjects", "DISPATCH_LEVEL", "wdm/nf-wdm-kewaitformultipleobjects" },
        { "KeGetCurrentIrql", "HIGH_LEVEL", "wdm/nf-wdm-kegetcurrentirql" },
        { "KeInitializeEvent", "HIGH_LEVEL", "wdm/nf-wdm-keinitializeevent" },
        { "KeSetEvent", "DISPATCH_LEVEL", "wdm/nf-wdm-kesetevent" },
        { "KeClearEvent", "DISPATCH_LEVEL", "wdm/nf-wdm-keclearevent" },
        { "KeResetEvent", "DISPATCH_LEVEL", "wdm/nf-wdm-keresetevent" },
        { "KeReadStateEvent", "DISPATCH_LEVEL", "wdm/nf-wdm-kereadstateevent" },
        { "KeWaitForSingleObject", "DISPATCH_LEVEL", "wdm/nf-wdm-kewaitforsingleobject" },
        { "KeDelayExecutionThread", "APC_LEVEL", "wdm/nf-wdm-kedelayexecutionthread" },
        { "KeStallExecutionProcessor", "HIGH_LEVEL", "wdm/nf-wdm-kestallexecutionprocessor" },
        { "KeQueryInterruptTime", "HIGH_LEVEL", "wdm/nf-wdm-kequeryinterrupttime" },
        { "KeQuerySystemTime", "HIGH_LEVEL", "wdm/nf-wdm-kequerysystemtime-r1" },
        { "IoCompleteRequest", "DISPATCH_LEVEL", "wdm/nf-wdm-iocompleterequest" },
        /* tap-windows6 / TapDriver6 (cancel-safe queues, registry, versions, strings). */
        { "IoCsqInitialize", "DISPATCH_LEVEL", "wdm/nf-wdm-iocsqinitialize" },
        { "IoCsqInitializeEx", "DISPATCH_LEVEL", "wdm/nf-wdm-iocsqinitializeex" },
        { "IoCsqInsertIrp", "DISPATCH_LEVEL", "wdm/nf-wdm-iocsqinsertirp" },
        { "IoCsqInsertIrpEx", "DISPATCH_LEVEL", "wdm/nf-wdm-iocsqinsertirpex" },
        { "IoCsqRemoveNextIrp", "DISPATCH_LEVEL", "wdm/nf-wdm-iocsqremovenextirp" },
        { "IoCsqRemoveIrp", "DISPATCH_LEVEL", "wdm/nf-wdm-iocsqremoveirp" },
        { "ZwOpenKey", "PASSIVE_LEVEL", "wdm/nf-wdm-zwopenkey" },
        { "ZwQueryValueKey", "PASSIVE_LEVEL", "wdm/nf-wdm-zwqueryvaluekey" },
        { "ZwClose", "PASSIVE_LEVEL", "wdm/nf-wdm-zwclose" },
        { "RtlGetVersion", "PASSIVE_LEVEL", "wdm/nf-wdm-rtlgetversion" },
        { "RtlVerifyVersionInfo", "PASSIVE_LEVEL", "wdm/nf-wdm-rtlverifyversioninfo" },
        { "VerSetConditionMask", "HIGH_LEVEL", "wdm/nf-wdm-versetconditionmask" },
        { "RtlUnicodeStringToAnsiString", "PASSIVE_LEVEL", "wdm/nf-wdm-rtlunicodestringtoansistring" },
        { "RtlFreeAnsiString", "APC_LEVEL", "wdm/nf-wdm-rtlfreeansistring" },
        { "RtlAppendUnicodeStringToString", "DISPATCH_LEVEL", "wdm/nf-wdm-rtlappendunicodestringtostring" },
        { "RtlAppendUnicodeToString", "DISPATCH_LEVEL", "wdm/nf-wdm-rtlappendunicodetostring" },
        { "NdisAllocateMemoryWithTag", "DISPATCH_LEVEL", "previous-versions/windows/hardware/network/ff550767" },
        /* SoftEther VPN's Neo6 (NDIS 6.20): each page's req.irql. */
        { "PsGetVersion", "PASSIVE_LEVEL", "wdm/nf-wdm-psgetversion" },
        { "NdisInitializeString", "PASSIVE_LEVEL", "ndis/nf-ndis-ndisinitializestring" },
        { "NdisAllocateNetBufferList", "DISPATCH_LEVEL", "nblapi/nf-nblapi-ndisallocatenetbufferlist" },
        { "NdisRetreatNetBufferDataStart", "DISPATCH_LEVEL", "nblapi/nf-nblapi-ndisretreatnetbufferdatastart" },
        { "NdisAdvanceNetBufferDataStart", "DISPATCH_LEVEL", "nblapi/nf-nblapi-ndisadvancenetbufferdatastart" },
        { "MmProbeAndLockPages", "DISPATCH_LEVEL", "wdm/nf-wdm-mmprobeandlockpages (Remarks)" },
        { "MmUnlockPages", "DISPATCH_LEVEL", "wdm/nf-wdm-mmunlockpages" },
        { "IoCreateNotificationEvent", "PASSIVE_LEVEL", "wdm/nf-wdm-iocreatenotificationevent" },
        { "ProbeForRead", "APC_LEVEL", "wdm/nf-wdm-probeforread" },
        { "ProbeForWrite", "APC_LEVEL", "wdm/nf-wdm-probeforwrite" },
    };
    size_t n = sizeof documented / sizeof documented[0];
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(tables_ddi_max_irql(t, documented[i].ddi) == irql_from_name(documented[i].max),
                      "%s: %d, its page %s says %s", documented[i].ddi, tables_ddi_max_irql(t, documented[i].ddi),
                      documented[i].page, documented[i].max);
    ck_assert_uint_eq(t->nddis, n);   /* no entry without its page here */
}
END_TEST

START_TEST(callback_irqls)
{
    static const char *const cbs[] = {
        "DriverEntry", "MiniportSetOptions", "MiniportInitializeEx", "MiniportHaltEx", "MiniportDriverUnload",
        "MiniportRestart", "MiniportPause", "MiniportResetEx", "MiniportCheckForHangEx", "MiniportOidRequest",
        "MiniportCancelOidRequest", "MiniportSendNetBufferLists", "MiniportReturnNetBufferLists",
        "MiniportCancelSend", "MiniportDevicePnPEventNotify", "MiniportShutdownEx", "MiniportInterrupt",
        "MiniportInterruptDPC", "NetTimerCallback", "IoWorkItemRoutine",
    };
    for (size_t i = 0; i < sizeof cbs / sizeof cbs[0]; i++)
        ck_assert_msg(tables_callback(t, cbs[i]) != NULL, "%s missing", cbs[i]);
    const callback_irql *reset = tables_callback(t, "MiniportResetEx");
    ck_assert_int_eq(reset->irql, 0);
    ck_assert_int_eq(reset->strict_irql, 2);
    ck_assert_int_eq(tables_callback(t, "MiniportHaltEx")->strict_irql, 0);
    ck_assert_int_eq(tables_callback(t, "MiniportInterrupt")->irql, 3);
    ck_assert_int_eq(tables_callback(t, "NetTimerCallback")->irql, 2);
}
END_TEST

START_TEST(irql_names)
{
    ck_assert_int_eq(irql_from_name("PASSIVE_LEVEL"), 0);
    ck_assert_int_eq(irql_from_name("DISPATCH_LEVEL"), 2);
    ck_assert_int_eq(irql_from_name("DIRQL"), 3);
    ck_assert_int_eq(irql_from_name("5"), 5);
    ck_assert_int_eq(irql_from_name("HIGH"), -1);
    ck_assert_str_eq(irql_name(1), "APC_LEVEL");
    ck_assert_str_eq(irql_name(7), "DIRQL");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tables");
    TCase *tc = tcase_create("tables");
    tcase_add_checked_fixture(tc, setup, unload_checks);
    tcase_add_test(tc, resource_kinds_and_reciprocals);
    tcase_add_test(tc, ddi_irql_limits);
    tcase_add_test(tc, ddi_irql_limits_match_their_pages);
    tcase_add_test(tc, callback_irqls);
    tcase_add_test(tc, irql_names);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
