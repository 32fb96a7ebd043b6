/* OIDs and NDIS_OID_REQUEST.  OID values: WDK ntddndis.h and mingw-w64
 * ntddndis.h (M-ntddndis:393 for OID_GEN_MINIPORT_RESTART_ATTRIBUTES); the
 * 802.3 and PnP OIDs were read from the public ntddndis.h copies found with
 * the search tool (identical in several independent RNDIS/NDIS headers). */
#ifndef MPC_NDIS_OID_H
#define MPC_NDIS_OID_H

#define OID_GEN_SUPPORTED_LIST                  0x00010101
#define OID_GEN_HARDWARE_STATUS                 0x00010102
#define OID_GEN_MEDIA_SUPPORTED                 0x00010103
#define OID_GEN_MEDIA_IN_USE                    0x00010104
#define OID_GEN_MAXIMUM_LOOKAHEAD               0x00010105
#define OID_GEN_MAXIMUM_FRAME_SIZE              0x00010106
#define OID_GEN_LINK_SPEED                      0x00010107
#define OID_GEN_TRANSMIT_BUFFER_SPACE           0x00010108
#define OID_GEN_RECEIVE_BUFFER_SPACE            0x00010109
#define OID_GEN_TRANSMIT_BLOCK_SIZE             0x0001010A
#define OID_GEN_RECEIVE_BLOCK_SIZE              0x0001010B
#define OID_GEN_VENDOR_ID                       0x0001010C
#define OID_GEN_VENDOR_DESCRIPTION              0x0001010D
#define OID_GEN_CURRENT_PACKET_FILTER           0x0001010E
#define OID_GEN_CURRENT_LOOKAHEAD               0x0001010F
#define OID_GEN_DRIVER_VERSION                  0x00010110
#define OID_GEN_MAXIMUM_TOTAL_SIZE              0x00010111
#define OID_GEN_PROTOCOL_OPTIONS                0x00010112
#define OID_GEN_MAC_OPTIONS                     0x00010113
#define OID_GEN_MEDIA_CONNECT_STATUS            0x00010114
#define OID_GEN_MAXIMUM_SEND_PACKETS            0x00010115
#define OID_GEN_VENDOR_DRIVER_VERSION           0x00010116
#define OID_GEN_SUPPORTED_GUIDS                 0x00010117
#define OID_GEN_NETWORK_LAYER_ADDRESSES         0x00010118
#define OID_GEN_TRANSPORT_HEADER_OFFSET         0x00010119
#define OID_GEN_MEDIA_CAPABILITIES              0x00010201
#define OID_GEN_PHYSICAL_MEDIUM                 0x00010202
#define OID_GEN_RECEIVE_SCALE_CAPABILITIES      0x00010203
#define OID_GEN_RECEIVE_SCALE_PARAMETERS        0x00010204
#define OID_GEN_MAC_ADDRESS                     0x00010205
#define OID_GEN_MAX_LINK_SPEED                  0x00010206
#define OID_GEN_LINK_STATE                      0x00010207
#define OID_GEN_LINK_PARAMETERS                 0x00010208
#define OID_GEN_INTERRUPT_MODERATION            0x00010209
#define OID_GEN_ENUMERATE_PORTS                 0x0001020D
#define OID_GEN_PORT_STATE                      0x0001020E
#define OID_GEN_PORT_AUTHENTICATION_PARAMETERS  0x0001020F
#define OID_GEN_PHYSICAL_MEDIUM_EX              0x00010213
#define OID_GEN_MACHINE_NAME                    0x0001021A
#define OID_GEN_VLAN_ID                         0x0001021C
#define OID_GEN_MINIPORT_RESTART_ATTRIBUTES     0x0001021D
#define OID_GEN_RECEIVE_HASH                    0x0001021F
#define OID_GEN_XMIT_OK                         0x00020101
#define OID_GEN_RCV_OK                          0x00020102
#define OID_GEN_XMIT_ERROR                      0x00020103
#define OID_GEN_RCV_ERROR                       0x00020104
#define OID_GEN_RCV_NO_BUFFER                   0x00020105
#define OID_GEN_STATISTICS                      0x00020106  /* mingw-w64 ntddndis.h:457 */
#define OID_GEN_TRANSMIT_QUEUE_LENGTH           0x0002020E  /* mingw-w64 ntddndis.h:473 */
#define OID_GEN_RCV_DISCARDS                    0x0002021B  /* mingw-w64 ntddndis.h:488 */
#define OID_GEN_XMIT_DISCARDS                   0x0002021C  /* mingw-w64 ntddndis.h:489 */

#define OID_802_3_PERMANENT_ADDRESS             0x01010101
#define OID_802_3_CURRENT_ADDRESS               0x01010102
#define OID_802_3_MULTICAST_LIST                0x01010103
#define OID_802_3_MAXIMUM_LIST_SIZE             0x01010104
/* 802.3 statistics (mingw-w64 10.0.0 ntddndis.h:536-546). */
#define OID_802_3_RCV_ERROR_ALIGNMENT           0x01020101
#define OID_802_3_XMIT_ONE_COLLISION            0x01020102
#define OID_802_3_XMIT_MORE_COLLISIONS          0x01020103
#define OID_802_3_XMIT_DEFERRED                 0x01020201
#define OID_802_3_XMIT_MAX_COLLISIONS           0x01020202
#define OID_802_3_RCV_OVERRUN                   0x01020203
#define OID_802_3_XMIT_UNDERRUN                 0x01020204
#define OID_802_3_XMIT_HEARTBEAT_FAILURE        0x01020205
#define OID_802_3_XMIT_TIMES_CRS_LOST           0x01020206
#define OID_802_3_XMIT_LATE_COLLISIONS          0x01020207

#define OID_PNP_CAPABILITIES                    0xFD010100
#define OID_PNP_SET_POWER                       0xFD010101
#define OID_PNP_QUERY_POWER                     0xFD010102
#define OID_PNP_ADD_WAKE_UP_PATTERN             0xFD010103
#define OID_PNP_REMOVE_WAKE_UP_PATTERN          0xFD010104
#define OID_PNP_WAKE_UP_PATTERN_LIST            0xFD010105
#define OID_PNP_ENABLE_WAKE_UP                  0xFD010106

typedef enum _NDIS_REQUEST_TYPE {             /* M-ntddndis:203-218 */
    NdisRequestQueryInformation,
    NdisRequestSetInformation,
    NdisRequestQueryStatistics,
    NdisRequestOpen,
    NdisRequestClose,
    NdisRequestSend,
    NdisRequestTransferData,
    NdisRequestReset,
    NdisRequestGeneric1,
    NdisRequestGeneric2,
    NdisRequestGeneric3,
    NdisRequestGeneric4,
    NdisRequestMethod
} NDIS_REQUEST_TYPE, *PNDIS_REQUEST_TYPE;

#define NDIS_OID_REQUEST_REVISION_1 1
#define NDIS_OID_REQUEST_REVISION_2 2   /* NDIS 6.50: SwitchId, VPortId, Flags */
#define NDIS_OID_REQUEST_FLAGS_VPORT_ID_VALID 0x0001
#define NDIS_OID_REQUEST_NDIS_RESERVED_SIZE 16

typedef struct _NDIS_OID_REQUEST {
    NDIS_OBJECT_HEADER Header;
    NDIS_REQUEST_TYPE RequestType;
    NDIS_PORT_NUMBER PortNumber;
    UINT Timeout;
    PVOID RequestId;
    NDIS_HANDLE RequestHandle;
    union _REQUEST_DATA {
        struct _QUERY {
            NDIS_OID Oid;
            PVOID InformationBuffer;
            UINT InformationBufferLength;
            UINT BytesWritten;
            UINT BytesNeeded;
        } QUERY_INFORMATION;
        struct _SET {
            NDIS_OID Oid;
            PVOID InformationBuffer;
            UINT InformationBufferLength;
            UINT BytesRead;
            UINT BytesNeeded;
        } SET_INFORMATION;
        struct _METHOD {
            NDIS_OID Oid;
            PVOID InformationBuffer;
            ULONG InputBufferLength;
            ULONG OutputBufferLength;
            ULONG MethodId;
            UINT BytesWritten;
            UINT BytesRead;
            UINT BytesNeeded;
        } METHOD_INFORMATION;
    } DATA;
    UCHAR NdisReserved[NDIS_OID_REQUEST_NDIS_RESERVED_SIZE * sizeof(PVOID)];
    UCHAR MiniportReserved[2 * sizeof(PVOID)];
    UCHAR SourceReserved[2 * sizeof(PVOID)];
    UCHAR SupportedRevision;
    UCHAR Reserved1;
    USHORT Reserved2;
    NDIS_NIC_SWITCH_ID SwitchId;         /* revision 2 (NDIS 6.50), WDK page ns-ndis-_ndis_oid_request */
    NDIS_NIC_SWITCH_VPORT_ID VPortId;
    ULONG Flags;
} NDIS_OID_REQUEST, *PNDIS_OID_REQUEST;

#define NDIS_SIZEOF_OID_REQUEST_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_OID_REQUEST, Reserved2)
#define NDIS_SIZEOF_OID_REQUEST_REVISION_2 RTL_SIZEOF_THROUGH_FIELD(NDIS_OID_REQUEST, Flags)

/* Power management structures OID_PNP_CAPABILITIES answers with. */
typedef struct _NDIS_PM_WAKE_UP_CAPABILITIES {
    NDIS_DEVICE_POWER_STATE MinMagicPacketWakeUp;
    NDIS_DEVICE_POWER_STATE MinPatternWakeUp;
    NDIS_DEVICE_POWER_STATE MinLinkChangeWakeUp;
} NDIS_PM_WAKE_UP_CAPABILITIES, *PNDIS_PM_WAKE_UP_CAPABILITIES;

typedef struct _NDIS_PNP_CAPABILITIES {
    ULONG Flags;
    NDIS_PM_WAKE_UP_CAPABILITIES WakeUpCapabilities;
} NDIS_PNP_CAPABILITIES, *PNDIS_PNP_CAPABILITIES;

#define NDIS_DEVICE_WAKE_UP_ENABLE 0x00000001
#define NDIS_PNP_WAKE_UP_MAGIC_PACKET 0x00000001
#define NDIS_PNP_WAKE_UP_PATTERN_MATCH 0x00000002
#define NDIS_PNP_WAKE_UP_LINK_CHANGE 0x00000004


/* OID_GEN_STATISTICS and OID_GEN_INTERRUPT_MODERATION payloads
 * (mingw-w64 10.0.0 ntddndis.h:246-312). */
#define NDIS_STATISTICS_INFO_REVISION_1 1
typedef struct _NDIS_STATISTICS_INFO {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_DEFAULT */
    ULONG SupportedStatistics;   /* NDIS_STATISTICS_FLAGS_VALID_* */
    ULONG64 ifInDiscards;
    ULONG64 ifInErrors;
    ULONG64 ifHCInOctets;
    ULONG64 ifHCInUcastPkts;
    ULONG64 ifHCInMulticastPkts;
    ULONG64 ifHCInBroadcastPkts;
    ULONG64 ifHCOutOctets;
    ULONG64 ifHCOutUcastPkts;
    ULONG64 ifHCOutMulticastPkts;
    ULONG64 ifHCOutBroadcastPkts;
    ULONG64 ifOutErrors;
    ULONG64 ifOutDiscards;
    ULONG64 ifHCInUcastOctets;
    ULONG64 ifHCInMulticastOctets;
    ULONG64 ifHCInBroadcastOctets;
    ULONG64 ifHCOutUcastOctets;
    ULONG64 ifHCOutMulticastOctets;
    ULONG64 ifHCOutBroadcastOctets;
} NDIS_STATISTICS_INFO, *PNDIS_STATISTICS_INFO;
#define NDIS_SIZEOF_STATISTICS_INFO_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_STATISTICS_INFO, ifHCOutBroadcastOctets)

typedef enum _NDIS_INTERRUPT_MODERATION {
    NdisInterruptModerationUnknown = 0,
    NdisInterruptModerationNotSupported = 1,
    NdisInterruptModerationEnabled = 2,
    NdisInterruptModerationDisabled = 3
} NDIS_INTERRUPT_MODERATION, *PNDIS_INTERRUPT_MODERATION;

#define NDIS_INTERRUPT_MODERATION_PARAMETERS_REVISION_1 1
typedef struct _NDIS_INTERRUPT_MODERATION_PARAMETERS {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_DEFAULT */
    ULONG Flags;
    NDIS_INTERRUPT_MODERATION InterruptModeration;
} NDIS_INTERRUPT_MODERATION_PARAMETERS, *PNDIS_INTERRUPT_MODERATION_PARAMETERS;
#define NDIS_SIZEOF_INTERRUPT_MODERATION_PARAMETERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_INTERRUPT_MODERATION_PARAMETERS, InterruptModeration)

#endif
