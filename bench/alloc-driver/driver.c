/* The bench miniport: MiniportInitializeEx makes MPC_BENCH_PAIRS
 * NdisAllocateMemoryWithTagPriority + NdisFreeMemory pairs in one loop and
 * reports the host's CPU time for the loop; MiniportDriverUnload reports
 * the host's CPU time since it started (its fixed cost when the scenario
 * does nothing). Initialize then fails, cleanly: the bench needs no
 * running adapter, and a failed Initialize has nothing to halt. Built
 * against the shim like any vendor driver; clock.c does the libc part. */
#include <ndis.h>

#include "../alloc_pattern.h"
#include "bench_clock.h"

#define BENCH_TAG 'hcnB'

static NDIS_HANDLE bench_driver_handle;

static NDIS_STATUS BenchInitialize(NDIS_HANDLE AdapterHandle, NDIS_HANDLE Context, PNDIS_MINIPORT_INIT_PARAMETERS Params)
{
    (void)Context; (void)Params;
    unsigned long pairs = bench_pairs();
    long long start = bench_cpu_ns();
    for (unsigned long i = 0; i < pairs; i++) {
        UINT length = BENCH_PAIR_LENGTH(i);
        PUCHAR block = NdisAllocateMemoryWithTagPriority(AdapterHandle, length, BENCH_TAG, NormalPoolPriority);
        if (!block)
            return NDIS_STATUS_RESOURCES;
        block[0] = 1;
        NdisFreeMemory(block, length, 0);
    }
    if (pairs)
        bench_report("loop_cpu_ns", bench_cpu_ns() - start);
    return NDIS_STATUS_FAILURE;
}

static VOID BenchHalt(NDIS_HANDLE c, NDIS_HALT_ACTION a) { (void)c; (void)a; }
static NDIS_STATUS BenchPause(NDIS_HANDLE c, PNDIS_MINIPORT_PAUSE_PARAMETERS p) { (void)c; (void)p; return NDIS_STATUS_SUCCESS; }
static NDIS_STATUS BenchRestart(NDIS_HANDLE c, PNDIS_MINIPORT_RESTART_PARAMETERS p) { (void)c; (void)p; return NDIS_STATUS_SUCCESS; }
static NDIS_STATUS BenchOid(NDIS_HANDLE c, PNDIS_OID_REQUEST r) { (void)c; (void)r; return NDIS_STATUS_NOT_SUPPORTED; }
static VOID BenchSend(NDIS_HANDLE c, PNET_BUFFER_LIST n, NDIS_PORT_NUMBER p, ULONG f) { (void)c; (void)n; (void)p; (void)f; }
static VOID BenchReturn(NDIS_HANDLE c, PNET_BUFFER_LIST n, ULONG f) { (void)c; (void)n; (void)f; }
static VOID BenchCancelSend(NDIS_HANDLE c, PVOID id) { (void)c; (void)id; }
static VOID BenchPnp(NDIS_HANDLE c, PNET_DEVICE_PNP_EVENT e) { (void)c; (void)e; }
static VOID BenchShutdown(NDIS_HANDLE c, NDIS_SHUTDOWN_ACTION a) { (void)c; (void)a; }
static VOID BenchCancelOid(NDIS_HANDLE c, PVOID id) { (void)c; (void)id; }

static VOID BenchUnload(PDRIVER_OBJECT Driver)
{
    (void)Driver;
    NdisMDeregisterMiniportDriver(bench_driver_handle);
    bench_report("host_cpu_at_unload_ns", bench_cpu_ns());
}

NTSTATUS DriverEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING RegistryPath)
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS ch;
    NdisZeroMemory(&ch, sizeof(ch));
    ch.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    ch.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    ch.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    ch.MajorNdisVersion = 6;
    ch.MinorNdisVersion = 0;
    ch.InitializeHandlerEx = BenchInitialize;
    ch.HaltHandlerEx = BenchHalt;
    ch.UnloadHandler = BenchUnload;
    ch.PauseHandler = BenchPause;
    ch.RestartHandler = BenchRestart;
    ch.OidRequestHandler = BenchOid;
    ch.SendNetBufferListsHandler = BenchSend;
    ch.ReturnNetBufferListsHandler = BenchReturn;
    ch.CancelSendHandler = BenchCancelSend;
    ch.DevicePnPEventNotifyHandler = BenchPnp;
    ch.ShutdownHandlerEx = BenchShutdown;
    ch.CancelOidRequestHandler = BenchCancelOid;
    return NdisMRegisterMiniportDriver(Driver, RegistryPath, NULL, &ch, &bench_driver_handle);
}
