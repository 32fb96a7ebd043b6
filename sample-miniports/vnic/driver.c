/* Driver-wide entry points: DriverEntry registers every handler with
 * NdisMRegisterMiniportDriver; MiniportDriverUnload deregisters. */
#include "vnic.h"

NDIS_HANDLE VnicDriverHandle = NULL;

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS Characteristics;
    NDIS_STATUS Status;

    NdisZeroMemory(&Characteristics, sizeof(Characteristics));
    Characteristics.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
#if NDIS_SUPPORT_NDIS61
    Characteristics.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    Characteristics.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
#else
    Characteristics.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    Characteristics.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
#endif

    Characteristics.MajorNdisVersion = VNIC_NDIS_MAJOR_VERSION;
    Characteristics.MinorNdisVersion = VNIC_NDIS_MINOR_VERSION;
    Characteristics.MajorDriverVersion = VNIC_DRIVER_MAJOR_VERSION;
    Characteristics.MinorDriverVersion = VNIC_DRIVER_MINOR_VERSION;
    Characteristics.Flags = 0;

    Characteristics.SetOptionsHandler = VnicSetOptions;
    Characteristics.InitializeHandlerEx = VnicInitialize;
    Characteristics.HaltHandlerEx = VnicHalt;
    Characteristics.UnloadHandler = VnicUnload;
    Characteristics.PauseHandler = VnicPause;
    Characteristics.RestartHandler = VnicRestart;
    Characteristics.OidRequestHandler = VnicOidRequest;
    Characteristics.SendNetBufferListsHandler = VnicSendNetBufferLists;
    Characteristics.ReturnNetBufferListsHandler = VnicReturnNetBufferLists;
    Characteristics.CancelSendHandler = VnicCancelSend;
    Characteristics.CheckForHangHandlerEx = VnicCheckForHang;
    Characteristics.ResetHandlerEx = VnicReset;
    Characteristics.DevicePnPEventNotifyHandler = VnicDevicePnPEventNotify;
    Characteristics.ShutdownHandlerEx = VnicShutdown;
    Characteristics.CancelOidRequestHandler = VnicCancelOidRequest;

    Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL,
                                         &Characteristics, &VnicDriverHandle);
    return (NTSTATUS)Status;
}

_Use_decl_annotations_
NDIS_STATUS
VnicSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext)
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
VnicUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    NdisMDeregisterMiniportDriver(VnicDriverHandle);
}
