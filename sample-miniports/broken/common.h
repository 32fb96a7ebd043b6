/* Drivers that must not load: each breaks one thing the loader checks.
 * They share this minimal set of handlers. */
#include <ndis.h>

static NDIS_STATUS BrokenInitialize(NDIS_HANDLE h, NDIS_HANDLE c, PNDIS_MINIPORT_INIT_PARAMETERS p) { (void)h; (void)c; (void)p; return NDIS_STATUS_FAILURE; }
static VOID BrokenHalt(NDIS_HANDLE c, NDIS_HALT_ACTION a) { (void)c; (void)a; }
static VOID BrokenUnload(PDRIVER_OBJECT d) { (void)d; }
static NDIS_STATUS BrokenPause(NDIS_HANDLE c, PNDIS_MINIPORT_PAUSE_PARAMETERS p) { (void)c; (void)p; return NDIS_STATUS_SUCCESS; }
static NDIS_STATUS BrokenRestart(NDIS_HANDLE c, PNDIS_MINIPORT_RESTART_PARAMETERS p) { (void)c; (void)p; return NDIS_STATUS_SUCCESS; }
static NDIS_STATUS BrokenOid(NDIS_HANDLE c, PNDIS_OID_REQUEST r) { (void)c; (void)r; return NDIS_STATUS_NOT_SUPPORTED; }
static VOID BrokenSend(NDIS_HANDLE c, PNET_BUFFER_LIST n, NDIS_PORT_NUMBER p, ULONG f) { (void)c; (void)n; (void)p; (void)f; }
static VOID BrokenReturn(NDIS_HANDLE c, PNET_BUFFER_LIST n, ULONG f) { (void)c; (void)n; (void)f; }
static VOID BrokenCancelSend(NDIS_HANDLE c, PVOID id) { (void)c; (void)id; }
static VOID BrokenPnp(NDIS_HANDLE c, PNET_DEVICE_PNP_EVENT e) { (void)c; (void)e; }
static VOID BrokenShutdown(NDIS_HANDLE c, NDIS_SHUTDOWN_ACTION a) { (void)c; (void)a; }
static VOID BrokenCancelOid(NDIS_HANDLE c, PVOID id) { (void)c; (void)id; }

static NDIS_HANDLE broken_driver_handle __attribute__((unused));

static __attribute__((unused)) void broken_fill(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *ch)
{
    NdisZeroMemory(ch, sizeof(*ch));
    ch->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    ch->Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    ch->Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    ch->MajorNdisVersion = 6;
    ch->MinorNdisVersion = 0;
    ch->InitializeHandlerEx = BrokenInitialize;
    ch->HaltHandlerEx = BrokenHalt;
    ch->UnloadHandler = BrokenUnload;
    ch->PauseHandler = BrokenPause;
    ch->RestartHandler = BrokenRestart;
    ch->OidRequestHandler = BrokenOid;
    ch->SendNetBufferListsHandler = BrokenSend;
    ch->ReturnNetBufferListsHandler = BrokenReturn;
    ch->CancelSendHandler = BrokenCancelSend;
    ch->DevicePnPEventNotifyHandler = BrokenPnp;
    ch->ShutdownHandlerEx = BrokenShutdown;
    ch->CancelOidRequestHandler = BrokenCancelOid;
}
