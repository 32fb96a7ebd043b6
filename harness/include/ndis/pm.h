/* NDIS 6.20 power management: NDIS_PM_CAPABILITIES (the general attributes'
 * PowerManagementCapabilitiesEx), NDIS_PM_PARAMETERS and the OID_PM_* OIDs.
 * Layouts and values: mingw-w64 10.0.0 ntddndis.h:1277-1287 (OIDs),
 * 2573-2650 (flags), 2722-2790 (revisions, sizes), 2802-2850 (structures);
 * the NDIS 6.30 members are always present (one layout, see ndis.h). */
#ifndef MPC_NDIS_PM_H
#define MPC_NDIS_PM_H

#define OID_PM_CURRENT_CAPABILITIES  0xFD010107
#define OID_PM_HARDWARE_CAPABILITIES 0xFD010108
#define OID_PM_PARAMETERS            0xFD010109
#define OID_PM_ADD_WOL_PATTERN       0xFD01010A
#define OID_PM_REMOVE_WOL_PATTERN    0xFD01010B
#define OID_PM_WOL_PATTERN_LIST      0xFD01010C
#define OID_PM_ADD_PROTOCOL_OFFLOAD  0xFD01010D
#define OID_PM_GET_PROTOCOL_OFFLOAD  0xFD01010E
#define OID_PM_REMOVE_PROTOCOL_OFFLOAD 0xFD01010F
#define OID_PM_PROTOCOL_OFFLOAD_LIST 0xFD010110

#define NDIS_PM_WOL_BITMAP_PATTERN_SUPPORTED          0x00000001
#define NDIS_PM_WOL_MAGIC_PACKET_SUPPORTED            0x00000002
#define NDIS_PM_WOL_IPV4_TCP_SYN_SUPPORTED            0x00000004
#define NDIS_PM_WOL_IPV6_TCP_SYN_SUPPORTED            0x00000008
#define NDIS_PM_WOL_IPV4_DEST_ADDR_WILDCARD_SUPPORTED 0x00000200
#define NDIS_PM_WOL_IPV6_DEST_ADDR_WILDCARD_SUPPORTED 0x00000800
#define NDIS_PM_WOL_EAPOL_REQUEST_ID_MESSAGE_SUPPORTED 0x00010000
#define NDIS_PM_PROTOCOL_OFFLOAD_ARP_SUPPORTED        0x00000001
#define NDIS_PM_PROTOCOL_OFFLOAD_NS_SUPPORTED         0x00000002
#define NDIS_PM_PROTOCOL_OFFLOAD_80211_RSN_REKEY_SUPPORTED 0x00000080
#define NDIS_PM_WAKE_ON_MEDIA_CONNECT_SUPPORTED       0x00000001
#define NDIS_PM_WAKE_ON_MEDIA_DISCONNECT_SUPPORTED    0x00000002
#define NDIS_PM_WAKE_PACKET_INDICATION_SUPPORTED      0x00000001
#define NDIS_PM_SELECTIVE_SUSPEND_SUPPORTED           0x00000002

#define NDIS_PM_WOL_BITMAP_PATTERN_ENABLED            0x00000001
#define NDIS_PM_WOL_MAGIC_PACKET_ENABLED              0x00000002
#define NDIS_PM_WOL_IPV4_TCP_SYN_ENABLED              0x00000004
#define NDIS_PM_WOL_IPV6_TCP_SYN_ENABLED              0x00000008
#define NDIS_PM_PROTOCOL_OFFLOAD_ARP_ENABLED          0x00000001
#define NDIS_PM_PROTOCOL_OFFLOAD_NS_ENABLED           0x00000002
#define NDIS_PM_WAKE_ON_LINK_CHANGE_ENABLED           0x00000001
#define NDIS_PM_WAKE_ON_MEDIA_DISCONNECT_ENABLED      0x00000002
#define NDIS_PM_SELECTIVE_SUSPEND_ENABLED             0x00000010

#define NDIS_PM_CAPABILITIES_REVISION_1 1
#define NDIS_PM_CAPABILITIES_REVISION_2 2
#define NDIS_PM_PARAMETERS_REVISION_1   1
#define NDIS_PM_PARAMETERS_REVISION_2   2

typedef struct _NDIS_PM_CAPABILITIES {
    NDIS_OBJECT_HEADER Header;
    ULONG Flags;
    ULONG SupportedWoLPacketPatterns;
    ULONG NumTotalWoLPatterns;
    ULONG MaxWoLPatternSize;
    ULONG MaxWoLPatternOffset;
    ULONG MaxWoLPacketSaveBuffer;
    ULONG SupportedProtocolOffloads;
    ULONG NumArpOffloadIPv4Addresses;
    ULONG NumNSOffloadIPv6Addresses;
    NDIS_DEVICE_POWER_STATE MinMagicPacketWakeUp;
    NDIS_DEVICE_POWER_STATE MinPatternWakeUp;
    NDIS_DEVICE_POWER_STATE MinLinkChangeWakeUp;
    ULONG SupportedWakeUpEvents;       /* revision 2 (NDIS 6.30) */
    ULONG MediaSpecificWakeUpEvents;
} NDIS_PM_CAPABILITIES;

#define NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_PM_CAPABILITIES, MinLinkChangeWakeUp)
#define NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_PM_CAPABILITIES, MediaSpecificWakeUpEvents)

typedef struct _NDIS_PM_PARAMETERS {
    NDIS_OBJECT_HEADER Header;
    ULONG EnabledWoLPacketPatterns;
    ULONG EnabledProtocolOffloads;
    ULONG WakeUpFlags;
    ULONG MediaSpecificWakeUpEvents;   /* revision 2 (NDIS 6.30) */
} NDIS_PM_PARAMETERS, *PNDIS_PM_PARAMETERS;

#define NDIS_SIZEOF_NDIS_PM_PARAMETERS_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_PM_PARAMETERS, WakeUpFlags)
#define NDIS_SIZEOF_NDIS_PM_PARAMETERS_REVISION_2 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_PM_PARAMETERS, MediaSpecificWakeUpEvents)

/* OID_PM_ADD_WOL_PATTERN / OID_PM_ADD_PROTOCOL_OFFLOAD payloads (MN 2783-2880). */
#define NDIS_PM_MAX_STRING_SIZE 64
#define NDIS_PM_WOL_PATTERN_REVISION_1 1
#define NDIS_PM_WOL_PATTERN_REVISION_2 2
#define NDIS_PM_PROTOCOL_OFFLOAD_REVISION_1 1
#define DOT11_RSN_KEK_LENGTH 16
#define DOT11_RSN_KCK_LENGTH 16

typedef enum _NDIS_PM_WOL_PACKET {
    NdisPMWoLPacketUnspecified,
    NdisPMWoLPacketBitmapPattern,
    NdisPMWoLPacketMagicPacket,
    NdisPMWoLPacketIPv4TcpSyn,
    NdisPMWoLPacketIPv6TcpSyn,
    NdisPMWoLPacketEapolRequestIdMessage,
    NdisPMWoLPacketMaximum
} NDIS_PM_WOL_PACKET, *PNDIS_PM_WOL_PACKET;

typedef enum _NDIS_PM_PROTOCOL_OFFLOAD_TYPE {
    NdisPMProtocolOffloadIdUnspecified,
    NdisPMProtocolOffloadIdIPv4ARP,
    NdisPMProtocolOffloadIdIPv6NS,
    NdisPMProtocolOffload80211RSNRekey,
    NdisPMProtocolOffloadIdMaximum
} NDIS_PM_PROTOCOL_OFFLOAD_TYPE, *PNDIS_PM_PROTOCOL_OFFLOAD_TYPE;

typedef struct _NDIS_PM_COUNTED_STRING {
    USHORT Length;
    WCHAR String[NDIS_PM_MAX_STRING_SIZE + 1];
} NDIS_PM_COUNTED_STRING, *PNDIS_PM_COUNTED_STRING;

typedef struct _NDIS_PM_WOL_PATTERN {
    NDIS_OBJECT_HEADER Header;
    ULONG Flags;
    ULONG Priority;
    NDIS_PM_WOL_PACKET WoLPacketType;
    NDIS_PM_COUNTED_STRING FriendlyName;
    ULONG PatternId;
    ULONG NextWoLPatternOffset;
    union _WOL_PATTERN {
        struct _IPV4_TCP_SYN_WOL_PACKET_PARAMETERS {
            ULONG Flags;
            UCHAR IPv4SourceAddress[4];
            UCHAR IPv4DestAddress[4];
            USHORT TCPSourcePortNumber;
            USHORT TCPDestPortNumber;
        } IPv4TcpSynParameters;
        struct _IPV6_TCP_SYN_WOL_PACKET_PARAMETERS {
            ULONG Flags;
            UCHAR IPv6SourceAddress[16];
            UCHAR IPv6DestAddress[16];
            USHORT TCPSourcePortNumber;
            USHORT TCPDestPortNumber;
        } IPv6TcpSynParameters;
        struct _EAPOL_REQUEST_ID_MESSAGE_WOL_PACKET_PARAMETERS {
            ULONG Flags;
        } EapolRequestIdMessageParameters;
        struct _WOL_BITMAP_PATTERN {
            ULONG Flags;
            ULONG MaskOffset;
            ULONG MaskSize;
            ULONG PatternOffset;
            ULONG PatternSize;
        } WoLBitMapPattern;
    } WoLPattern;
} NDIS_PM_WOL_PATTERN, *PNDIS_PM_WOL_PATTERN;

#define NDIS_SIZEOF_NDIS_PM_WOL_PATTERN_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_PM_WOL_PATTERN, WoLPattern)
#define NDIS_SIZEOF_NDIS_PM_WOL_PATTERN_REVISION_2 RTL_SIZEOF_THROUGH_FIELD(NDIS_PM_WOL_PATTERN, WoLPattern)

typedef struct _NDIS_PM_PROTOCOL_OFFLOAD {
    NDIS_OBJECT_HEADER Header;
    ULONG Flags;
    ULONG Priority;
    NDIS_PM_PROTOCOL_OFFLOAD_TYPE ProtocolOffloadType;
    NDIS_PM_COUNTED_STRING FriendlyName;
    ULONG ProtocolOffloadId;
    ULONG NextProtocolOffloadOffset;
    union _PROTOCOL_OFFLOAD_PARAMETERS {
        struct _IPV4_ARP_PARAMETERS {
            ULONG Flags;
            UCHAR RemoteIPv4Address[4];
            UCHAR HostIPv4Address[4];
            UCHAR MacAddress[6];
        } IPv4ARPParameters;
        struct _IPV6_NS_PARAMETERS {
            ULONG Flags;
            UCHAR RemoteIPv6Address[16];
            UCHAR SolicitedNodeIPv6Address[16];
            UCHAR MacAddress[6];
            UCHAR TargetIPv6Addresses[2][16];
        } IPv6NSParameters;
        struct _DOT11_RSN_REKEY_PARAMETERS {
            ULONG Flags;
            UCHAR KCK[DOT11_RSN_KCK_LENGTH];
            UCHAR KEK[DOT11_RSN_KEK_LENGTH];
            ULONGLONG KeyReplayCounter;
        } Dot11RSNRekeyParameters;
    } ProtocolOffloadParameters;
} NDIS_PM_PROTOCOL_OFFLOAD, *PNDIS_PM_PROTOCOL_OFFLOAD;

#define NDIS_SIZEOF_NDIS_PM_PROTOCOL_OFFLOAD_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_PM_PROTOCOL_OFFLOAD, ProtocolOffloadParameters)

#endif
