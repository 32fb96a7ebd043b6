/* Status indications and the error log. */
#ifndef MPC_NDIS_INDICATION_H
#define MPC_NDIS_INDICATION_H

#define NDIS_STATUS_INDICATION_REVISION_1 1

typedef struct _NDIS_STATUS_INDICATION {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_STATUS_INDICATION */
    NDIS_HANDLE SourceHandle;
    NDIS_PORT_NUMBER PortNumber;
    NDIS_STATUS StatusCode;
    ULONG Flags;
    NDIS_HANDLE DestinationHandle;
    PVOID RequestId;
    PVOID StatusBuffer;
    ULONG StatusBufferSize;
    GUID Guid;
    PVOID NdisReserved[4];
} NDIS_STATUS_INDICATION, *PNDIS_STATUS_INDICATION;

#define NDIS_SIZEOF_STATUS_INDICATION_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_STATUS_INDICATION, NdisReserved)

#define NDIS_LINK_STATE_REVISION_1 1

typedef struct _NDIS_LINK_STATE {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_DEFAULT */
    NDIS_MEDIA_CONNECT_STATE MediaConnectState;
    NDIS_MEDIA_DUPLEX_STATE MediaDuplexState;
    ULONG64 XmitLinkSpeed;
    ULONG64 RcvLinkSpeed;
    NDIS_SUPPORTED_PAUSE_FUNCTIONS PauseFunctions;
    ULONG AutoNegotiationFlags;
} NDIS_LINK_STATE, *PNDIS_LINK_STATE;

#define NDIS_SIZEOF_LINK_STATE_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_LINK_STATE, AutoNegotiationFlags)

extern VOID NdisMIndicateStatusEx(_In_ NDIS_HANDLE MiniportAdapterHandle,
                                  _In_ PNDIS_STATUS_INDICATION StatusIndication);
/* The variadic part is NumberOfErrorValues ULONG values. */
extern VOID NdisWriteErrorLogEntry(_In_ NDIS_HANDLE NdisAdapterHandle, _In_ NDIS_ERROR_CODE ErrorCode,
                                   _In_ ULONG NumberOfErrorValues, ...);

#endif
