/* Task offload: what a miniport reports in NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES
 * and OID_TCP_OFFLOAD_* (NDIS_OFFLOAD, revisions 1-3 for NDIS 6.0/6.1/6.30),
 * the OID_TCP_OFFLOAD_PARAMETERS request, and the per-NBL checksum and LSO
 * information.  Layouts and values: mingw-w64 10.0.0 ntddndis.h:1380-1416
 * (OIDs), 2000-2320 (structures, revisions, NDIS_SIZEOF_*), ddk/ndis.h:386-393
 * (status codes); the NBL information structures from the WDK pages
 * ns-nblchecksum-ndis_tcp_ip_checksum_net_buffer_list_info and
 * ns-nbllso-ndis_tcp_large_send_offload_net_buffer_list_info. */
#ifndef MPC_NDIS_OFFLOAD_H
#define MPC_NDIS_OFFLOAD_H

#define OID_TCP_TASK_OFFLOAD                   0xFC010201
/* Offload statistics (ndis.h; NDIS 5 names still in ndis.h). */
#define OID_TCP4_OFFLOAD_STATS                 0xFC010207
#define OID_TCP6_OFFLOAD_STATS                 0xFC010208
#define OID_IP4_OFFLOAD_STATS                  0xFC010209
#define OID_IP6_OFFLOAD_STATS                  0xFC01020A
#define OID_TCP_OFFLOAD_CURRENT_CONFIG         0xFC01020B
#define OID_TCP_OFFLOAD_PARAMETERS             0xFC01020C
#define OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES  0xFC01020D
#define OID_OFFLOAD_ENCAPSULATION              0x0101010A

#define NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG        ((NDIS_STATUS)0x40020006L)
#define NDIS_STATUS_TASK_OFFLOAD_HARDWARE_CAPABILITIES ((NDIS_STATUS)0x40020007L)
#define NDIS_STATUS_OFFLOAD_ENCASPULATION_CHANGE       ((NDIS_STATUS)0x40020008L)   /* sic, as the WDK spells it */

/* NDIS_OFFLOAD_PARAMETERS members */
#define NDIS_OFFLOAD_PARAMETERS_NO_CHANGE               0
#define NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED          1
#define NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED  2
#define NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED  3
#define NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED           4
#define NDIS_OFFLOAD_PARAMETERS_LSOV1_DISABLED          1
#define NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED           2
#define NDIS_OFFLOAD_PARAMETERS_IPSECV1_DISABLED        1
#define NDIS_OFFLOAD_PARAMETERS_IPSECV1_AH_ENABLED      2
#define NDIS_OFFLOAD_PARAMETERS_IPSECV1_ESP_ENABLED     3
#define NDIS_OFFLOAD_PARAMETERS_IPSECV1_AH_AND_ESP_ENABLED 4
#define NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED          1
#define NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED           2
#define NDIS_OFFLOAD_PARAMETERS_IPSECV2_DISABLED        1
#define NDIS_OFFLOAD_PARAMETERS_IPSECV2_AH_ENABLED      2
#define NDIS_OFFLOAD_PARAMETERS_IPSECV2_ESP_ENABLED     3
#define NDIS_OFFLOAD_PARAMETERS_IPSECV2_AH_AND_ESP_ENABLED 4
#define NDIS_OFFLOAD_PARAMETERS_RSC_DISABLED            1
#define NDIS_OFFLOAD_PARAMETERS_RSC_ENABLED             2
#define NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_DISABLED 1
#define NDIS_OFFLOAD_PARAMETERS_CONNECTION_OFFLOAD_ENABLED  2
#define NDIS_OFFLOAD_PARAMETERS_SKIP_REGISTRY_UPDATE    0x00000001
#define NDIS_ENCAPSULATION_TYPE_GRE_MAC                 0x00000001

#define NDIS_OFFLOAD_PARAMETERS_REVISION_1 1
#define NDIS_OFFLOAD_PARAMETERS_REVISION_2 2
#define NDIS_OFFLOAD_PARAMETERS_REVISION_3 3

typedef struct _NDIS_OFFLOAD_PARAMETERS {
    NDIS_OBJECT_HEADER Header;
    UCHAR IPv4Checksum;
    UCHAR TCPIPv4Checksum;
    UCHAR UDPIPv4Checksum;
    UCHAR TCPIPv6Checksum;
    UCHAR UDPIPv6Checksum;
    UCHAR LsoV1;
    UCHAR IPsecV1;
    UCHAR LsoV2IPv4;
    UCHAR LsoV2IPv6;
    UCHAR TcpConnectionIPv4;
    UCHAR TcpConnectionIPv6;
    ULONG Flags;
    UCHAR IPsecV2;                       /* revision 2 (NDIS 6.1) */
    UCHAR IPsecV2IPv4;
    struct {                             /* revision 3 (NDIS 6.30) */
        UCHAR RscIPv4;
        UCHAR RscIPv6;
    };
    struct {
        UCHAR EncapsulatedPacketTaskOffload;
        UCHAR EncapsulationTypes;
    };
} NDIS_OFFLOAD_PARAMETERS, *PNDIS_OFFLOAD_PARAMETERS;

#define NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD_PARAMETERS, Flags)
#define NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_2 RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD_PARAMETERS, IPsecV2IPv4)
#define NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_3 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD_PARAMETERS, EncapsulationTypes)

/* NDIS_OFFLOAD capability values */
#define NDIS_OFFLOAD_NOT_SUPPORTED 0
#define NDIS_OFFLOAD_SUPPORTED     1
#define NDIS_OFFLOAD_SET_NO_CHANGE 0
#define NDIS_OFFLOAD_SET_ON        1
#define NDIS_OFFLOAD_SET_OFF       2
#define NDIS_ENCAPSULATION_NOT_SUPPORTED             0x00000000
#define NDIS_ENCAPSULATION_NULL                      0x00000001
#define NDIS_ENCAPSULATION_IEEE_802_3                0x00000002
#define NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q        0x00000004
#define NDIS_ENCAPSULATION_IEEE_802_3_P_AND_Q_IN_OOB 0x00000008
#define NDIS_ENCAPSULATION_IEEE_LLC_SNAP_ROUTED      0x00000010
#define NDIS_OFFLOAD_FLAGS_GROUP_CHECKSUM_CAPABILITIES 0x1
#define IPSEC_OFFLOAD_V2_AND_TCP_CHECKSUM_COEXISTENCE  0x2
#define IPSEC_OFFLOAD_V2_AND_UDP_CHECKSUM_COEXISTENCE  0x4

typedef struct _NDIS_TCP_IP_CHECKSUM_OFFLOAD {
    struct {
        ULONG Encapsulation;
        ULONG IpOptionsSupported : 2;
        ULONG TcpOptionsSupported : 2;
        ULONG TcpChecksum : 2;
        ULONG UdpChecksum : 2;
        ULONG IpChecksum : 2;
    } IPv4Transmit;
    struct {
        ULONG Encapsulation;
        ULONG IpOptionsSupported : 2;
        ULONG TcpOptionsSupported : 2;
        ULONG TcpChecksum : 2;
        ULONG UdpChecksum : 2;
        ULONG IpChecksum : 2;
    } IPv4Receive;
    struct {
        ULONG Encapsulation;
        ULONG IpExtensionHeadersSupported : 2;
        ULONG TcpOptionsSupported : 2;
        ULONG TcpChecksum : 2;
        ULONG UdpChecksum : 2;
    } IPv6Transmit;
    struct {
        ULONG Encapsulation;
        ULONG IpExtensionHeadersSupported : 2;
        ULONG TcpOptionsSupported : 2;
        ULONG TcpChecksum : 2;
        ULONG UdpChecksum : 2;
    } IPv6Receive;
} NDIS_TCP_IP_CHECKSUM_OFFLOAD, *PNDIS_TCP_IP_CHECKSUM_OFFLOAD;

typedef struct _NDIS_TCP_LARGE_SEND_OFFLOAD_V1 {
    struct {
        ULONG Encapsulation;
        ULONG MaxOffLoadSize;
        ULONG MinSegmentCount;
        ULONG TcpOptions : 2;
        ULONG IpOptions : 2;
    } IPv4;
} NDIS_TCP_LARGE_SEND_OFFLOAD_V1, *PNDIS_TCP_LARGE_SEND_OFFLOAD_V1;

typedef struct _NDIS_IPSEC_OFFLOAD_V1 {
    struct {
        ULONG Encapsulation;
        ULONG AhEspCombined;
        ULONG TransportTunnelCombined;
        ULONG IPv4Options;
        ULONG Flags;
    } Supported;
    struct {
        ULONG Md5 : 2;
        ULONG Sha_1 : 2;
        ULONG Transport : 2;
        ULONG Tunnel : 2;
        ULONG Send : 2;
        ULONG Receive : 2;
    } IPv4AH;
    struct {
        ULONG Des : 2;
        ULONG Reserved : 2;
        ULONG TripleDes : 2;
        ULONG NullEsp : 2;
        ULONG Transport : 2;
        ULONG Tunnel : 2;
        ULONG Send : 2;
        ULONG Receive : 2;
    } IPv4ESP;
} NDIS_IPSEC_OFFLOAD_V1, *PNDIS_IPSEC_OFFLOAD_V1;

typedef struct _NDIS_TCP_LARGE_SEND_OFFLOAD_V2 {
    struct {
        ULONG Encapsulation;
        ULONG MaxOffLoadSize;
        ULONG MinSegmentCount;
    } IPv4;
    struct {
        ULONG Encapsulation;
        ULONG MaxOffLoadSize;
        ULONG MinSegmentCount;
        ULONG IpExtensionHeadersSupported : 2;
        ULONG TcpOptionsSupported : 2;
    } IPv6;
} NDIS_TCP_LARGE_SEND_OFFLOAD_V2, *PNDIS_TCP_LARGE_SEND_OFFLOAD_V2;

typedef struct _NDIS_IPSEC_OFFLOAD_V2 {
    ULONG Encapsulation;
    BOOLEAN IPv6Supported;
    BOOLEAN IPv4Options;
    BOOLEAN IPv6NonIPsecExtensionHeaders;
    BOOLEAN Ah;
    BOOLEAN Esp;
    BOOLEAN AhEspCombined;
    BOOLEAN Transport;
    BOOLEAN Tunnel;
    BOOLEAN TransportTunnelCombined;
    BOOLEAN LsoSupported;
    BOOLEAN ExtendedSequenceNumbers;
    ULONG UdpEsp;
    ULONG AuthenticationAlgorithms;
    ULONG EncryptionAlgorithms;
    ULONG SaOffloadCapacity;
} NDIS_IPSEC_OFFLOAD_V2, *PNDIS_IPSEC_OFFLOAD_V2;

typedef struct _NDIS_TCP_RECV_SEG_COALESCE_OFFLOAD {
    struct {
        BOOLEAN Enabled;
    } IPv4;
    struct {
        BOOLEAN Enabled;
    } IPv6;
} NDIS_TCP_RECV_SEG_COALESCE_OFFLOAD, *PNDIS_TCP_RECV_SEG_COALESCE_OFFLOAD;

typedef struct _NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD {
    ULONG TransmitChecksumOffloadSupported : 4;
    ULONG ReceiveChecksumOffloadSupported : 4;
    ULONG LsoV2Supported : 4;
    ULONG RssSupported : 4;
    ULONG VmqSupported : 4;
    ULONG MaxHeaderSizeSupported;
} NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD, *PNDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD;

#define NDIS_OFFLOAD_REVISION_1 1
#define NDIS_OFFLOAD_REVISION_2 2
#define NDIS_OFFLOAD_REVISION_3 3
#define NDIS_TCP_RECV_SEG_COALESC_OFFLOAD_REVISION_1 1

typedef struct _NDIS_OFFLOAD {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_OFFLOAD */
    NDIS_TCP_IP_CHECKSUM_OFFLOAD Checksum;
    NDIS_TCP_LARGE_SEND_OFFLOAD_V1 LsoV1;
    NDIS_IPSEC_OFFLOAD_V1 IPsecV1;
    NDIS_TCP_LARGE_SEND_OFFLOAD_V2 LsoV2;
    ULONG Flags;
    NDIS_IPSEC_OFFLOAD_V2 IPsecV2;                 /* revision 2 (NDIS 6.1) */
    NDIS_TCP_RECV_SEG_COALESCE_OFFLOAD Rsc;        /* revision 3 (NDIS 6.30) */
    NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD EncapsulatedPacketTaskOffloadGre;
} NDIS_OFFLOAD, *PNDIS_OFFLOAD;

#define NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD, Flags)
#define NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_2 RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD, IPsecV2)
#define NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_3 RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD, EncapsulatedPacketTaskOffloadGre)

/* OID_OFFLOAD_ENCAPSULATION (WDK page ns-ntddndis-_ndis_offload_encapsulation). */
#define NDIS_OFFLOAD_ENCAPSULATION_REVISION_1 1
typedef struct _NDIS_OFFLOAD_ENCAPSULATION {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_OFFLOAD_ENCAPSULATION */
    struct {
        ULONG Enabled;
        ULONG EncapsulationType;
        ULONG HeaderSize;
    } IPv4;
    struct {
        ULONG Enabled;
        ULONG EncapsulationType;
        ULONG HeaderSize;
    } IPv6;
} NDIS_OFFLOAD_ENCAPSULATION, *PNDIS_OFFLOAD_ENCAPSULATION;
#define NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_OFFLOAD_ENCAPSULATION, IPv6.HeaderSize)

/* ---- per-NET_BUFFER_LIST information (one NetBufferListInfo slot each) ---- */
typedef struct _NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO {
    union {
        struct {
            ULONG IsIPv4 : 1;
            ULONG IsIPv6 : 1;
            ULONG TcpChecksum : 1;
            ULONG UdpChecksum : 1;
            ULONG IpHeaderChecksum : 1;
            ULONG Reserved : 11;
            ULONG TcpHeaderOffset : 10;
        } Transmit;
        struct {
            ULONG TcpChecksumFailed : 1;
            ULONG UdpChecksumFailed : 1;
            ULONG IpChecksumFailed : 1;
            ULONG TcpChecksumSucceeded : 1;
            ULONG UdpChecksumSucceeded : 1;
            ULONG IpChecksumSucceeded : 1;
            ULONG Loopback : 1;
            ULONG TcpChecksumValueInvalid : 1;   /* NDIS 6.30 */
            ULONG IpChecksumValueInvalid : 1;
        } Receive;
        PVOID Value;
    };
} NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO, *PNDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO;

#define NDIS_TCP_LARGE_SEND_OFFLOAD_V1_TYPE 0
#define NDIS_TCP_LARGE_SEND_OFFLOAD_V2_TYPE 1
#define NDIS_TCP_LARGE_SEND_OFFLOAD_IPv4    0
#define NDIS_TCP_LARGE_SEND_OFFLOAD_IPv6    1

typedef struct _NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO {
    union {
        struct {
            ULONG Unused : 30;
            ULONG Type : 1;
            ULONG Reserved2 : 1;
        } Transmit;
        struct {
            ULONG MSS : 20;
            ULONG TcpHeaderOffset : 10;
            ULONG Type : 1;
            ULONG Reserved2 : 1;
        } LsoV1Transmit;
        struct {
            ULONG TcpPayload : 30;
            ULONG Type : 1;
            ULONG Reserved2 : 1;
        } LsoV1TransmitComplete;
        struct {
            ULONG MSS : 20;
            ULONG TcpHeaderOffset : 10;
            ULONG Type : 1;
            ULONG IPVersion : 1;
        } LsoV2Transmit;
        struct {
            ULONG Reserved : 30;
            ULONG Type : 1;
            ULONG Reserved2 : 1;
        } LsoV2TransmitComplete;
        PVOID Value;
    };
} NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO, *PNDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO;

#endif
