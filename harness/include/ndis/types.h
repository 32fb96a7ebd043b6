/* NDIS basic types, the object header and the enumerations miniport
 * callbacks receive (values: ndis-constants.md §2-§7). */
#ifndef MPC_NDIS_TYPES_H
#define MPC_NDIS_TYPES_H

#include "../ifdef.h"     /* NET_LUID, NET_IFINDEX, NET_IF_* (ntddndis.h includes both) */
#include "../ipifcons.h"  /* IF_TYPE_* */

typedef PVOID NDIS_HANDLE, *PNDIS_HANDLE;
typedef UNICODE_STRING NDIS_STRING, *PNDIS_STRING;
typedef ANSI_STRING NDIS_ANSI_STRING, *PNDIS_ANSI_STRING;
typedef PHYSICAL_ADDRESS NDIS_PHYSICAL_ADDRESS, *PNDIS_PHYSICAL_ADDRESS;
typedef ULONG NDIS_OID, *PNDIS_OID;
typedef ULONG NDIS_PORT_NUMBER, *PNDIS_PORT_NUMBER;      /* M-ntddndis:2450 */
typedef ULONG NDIS_ERROR_CODE, *PNDIS_ERROR_CODE;

/* x is a narrow literal; the WDK pastes L##x, u"" x gives the same 16-bit
 * string whatever -fshort-wchar says, so the macro works in harness code too. */
#define NDIS_STRING_CONST(x) \
    { (USHORT)(sizeof(u"" x) - sizeof(WCHAR)), (USHORT)sizeof(u"" x), (PWCH)(u"" x) }
#define NDIS_DEFAULT_PORT_NUMBER ((NDIS_PORT_NUMBER)0)   /* M-ntddndis:2238 */
#define NDIS_MAXIMUM_PORTS 0x1000000                     /* M-ntddndis:2236 */
#define NDIS_MAX_PHYS_ADDRESS_LENGTH 32                  /* IF_MAX_PHYS_ADDRESS_LENGTH */
#define NDIS_PROTOCOL_ID_DEFAULT 0x00
#define NDIS_PROTOCOL_ID_TCP_IP 0x02
#define NDIS_PROTOCOL_ID_IPX 0x06
#define NDIS_PROTOCOL_ID_NBF 0x07

/* ---- NDIS_OBJECT_HEADER (M-ntddndis:197-201) ---- */
typedef struct _NDIS_OBJECT_HEADER {
    UCHAR Type;
    UCHAR Revision;
    USHORT Size;
} NDIS_OBJECT_HEADER, *PNDIS_OBJECT_HEADER;

#define NDIS_OBJECT_REVISION_1 1

/* NDIS_OBJECT_TYPE_* (M-ntddndis:129-194; WDK ntddndis.h). */
#define NDIS_OBJECT_TYPE_DEFAULT                                     0x80
#define NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS                    0x81
#define NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION                          0x83
#define NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT                          0x84
#define NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES                    0x85
#define NDIS_OBJECT_TYPE_BIND_PARAMETERS                             0x86
#define NDIS_OBJECT_TYPE_OPEN_PARAMETERS                             0x87
#define NDIS_OBJECT_TYPE_RSS_CAPABILITIES                            0x88
#define NDIS_OBJECT_TYPE_RSS_PARAMETERS                              0x89
#define NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS             0x8A
#define NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS               0x8B
#define NDIS_OBJECT_TYPE_FILTER_PARTIAL_CHARACTERISTICS              0x8C
#define NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES                           0x8D
#define NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS                 0x90
#define NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS                 0x91
#define NDIS_OBJECT_TYPE_MINIPORT_PNP_CHARACTERISTICS                0x92
#define NDIS_OBJECT_TYPE_REQUEST_EX                                  0x96
#define NDIS_OBJECT_TYPE_OID_REQUEST                                 0x96
#define NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS                       0x97
#define NDIS_OBJECT_TYPE_STATUS_INDICATION                           0x98
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES    0x9E
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES         0x9F
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES         0xA0
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_NATIVE_802_11_ATTRIBUTES   0xA1
#define NDIS_OBJECT_TYPE_RESTART_GENERAL_ATTRIBUTES                  0xA2
#define NDIS_OBJECT_TYPE_PROTOCOL_RESTART_PARAMETERS                 0xA3
#define NDIS_OBJECT_TYPE_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES 0xA4
#define NDIS_OBJECT_TYPE_OFFLOAD                                     0xA7
#define NDIS_OBJECT_TYPE_OFFLOAD_ENCAPSULATION                       0xA8
#define NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT                        0xA9
#define NDIS_OBJECT_TYPE_DRIVER_WRAPPER_OBJECT                       0xAA
#define NDIS_OBJECT_TYPE_HD_SPLIT_ATTRIBUTES                         0xAB
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES 0xAF
#define NDIS_OBJECT_TYPE_SHARED_MEMORY_PROVIDER_CHARACTERISTICS      0xB0
#define NDIS_OBJECT_TYPE_RSS_PROCESSOR_INFO                          0xB1
/* NDIS 6.30 and later (WDK objectheader.h; the same values in the
 * windows-docs-rs Wdk::NetworkManagement::Ndis constants: 178, 179, 180, 197). */
#define NDIS_OBJECT_TYPE_NDK_PROVIDER_CHARACTERISTICS                0xB2
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_NDK_ATTRIBUTES             0xB3
#define NDIS_OBJECT_TYPE_MINIPORT_SS_CHARACTERISTICS                 0xB4
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_PACKET_DIRECT_ATTRIBUTES   0xC5
#define NDIS_OBJECT_TYPE_QOS_CAPABILITIES                            0xB5
#define NDIS_OBJECT_TYPE_QOS_PARAMETERS                              0xB6
#define NDIS_OBJECT_TYPE_QOS_CLASSIFICATION_ELEMENT                  0xB7

/* ---- enumerations miniport callbacks receive ---- */
typedef enum _NDIS_HALT_ACTION {              /* G:851-859, D; sequential from 0 */
    NdisHaltDeviceDisabled,
    NdisHaltDeviceInstanceDeInitialized,
    NdisHaltDevicePoweredDown,
    NdisHaltDeviceSurpriseRemoved,
    NdisHaltDeviceFailed,
    NdisHaltDeviceInitializationFailed,
    NdisHaltDeviceStopped
} NDIS_HALT_ACTION, *PNDIS_HALT_ACTION;

typedef enum _NDIS_SHUTDOWN_ACTION {          /* G:977-981 */
    NdisShutdownPowerOff,
    NdisShutdownBugCheck
} NDIS_SHUTDOWN_ACTION, *PNDIS_SHUTDOWN_ACTION;

typedef enum _NDIS_DEVICE_PNP_EVENT {         /* G:987ff */
    NdisDevicePnPEventQueryRemoved,
    NdisDevicePnPEventRemoved,
    NdisDevicePnPEventSurpriseRemoved,
    NdisDevicePnPEventQueryStopped,
    NdisDevicePnPEventStopped,
    NdisDevicePnPEventPowerProfileChanged,
    NdisDevicePnPEventFilterListChanged,
    NdisDevicePnPEventMaximum
} NDIS_DEVICE_PNP_EVENT, *PNDIS_DEVICE_PNP_EVENT;

typedef enum _NET_PNP_EVENT_CODE {            /* M-netpnp:14-29 */
    NetEventSetPower,
    NetEventQueryPower,
    NetEventQueryRemoveDevice,
    NetEventCancelRemoveDevice,
    NetEventReconfigure,
    NetEventBindList,
    NetEventBindsComplete,
    NetEventPnPCapabilities,
    NetEventPause,
    NetEventRestart,
    NetEventPortActivation,
    NetEventPortDeactivation,
    NetEventIMReEnableDevice,
    NetEventMaximum
} NET_PNP_EVENT_CODE, *PNET_PNP_EVENT_CODE;

typedef enum _NDIS_POWER_PROFILE {
    NdisPowerProfileBattery,
    NdisPowerProfileAcOnLine
} NDIS_POWER_PROFILE, *PNDIS_POWER_PROFILE;

typedef enum _NDIS_DEVICE_POWER_STATE {       /* M-ntddndis:1708-1715 */
    NdisDeviceStateUnspecified,
    NdisDeviceStateD0,
    NdisDeviceStateD1,
    NdisDeviceStateD2,
    NdisDeviceStateD3,
    NdisDeviceStateMaximum
} NDIS_DEVICE_POWER_STATE, *PNDIS_DEVICE_POWER_STATE;

typedef enum _NDIS_MEDIUM {                   /* WDK ntddndis.h */
    NdisMedium802_3,
    NdisMedium802_5,
    NdisMediumFddi,
    NdisMediumWan,
    NdisMediumLocalTalk,
    NdisMediumDix,
    NdisMediumArcnetRaw,
    NdisMediumArcnet878_2,
    NdisMediumAtm,
    NdisMediumWirelessWan,
    NdisMediumIrda,
    NdisMediumBpc,
    NdisMediumCoWan,
    NdisMedium1394,
    NdisMediumInfiniBand,
    NdisMediumTunnel,
    NdisMediumNative802_11,
    NdisMediumLoopback,
    NdisMediumWiMAX,
    NdisMediumIP,
    NdisMediumMax
} NDIS_MEDIUM, *PNDIS_MEDIUM;

typedef enum _NDIS_PHYSICAL_MEDIUM {          /* WDK ntddndis.h */
    NdisPhysicalMediumUnspecified,
    NdisPhysicalMediumWirelessLan,
    NdisPhysicalMediumCableModem,
    NdisPhysicalMediumPhoneLine,
    NdisPhysicalMediumPowerLine,
    NdisPhysicalMediumDSL,
    NdisPhysicalMediumFibreChannel,
    NdisPhysicalMedium1394,
    NdisPhysicalMediumWirelessWan,
    NdisPhysicalMediumNative802_11,
    NdisPhysicalMediumBluetooth,
    NdisPhysicalMediumInfiniband,
    NdisPhysicalMediumWiMax,
    NdisPhysicalMediumUWB,
    NdisPhysicalMedium802_3,
    NdisPhysicalMedium802_5,
    NdisPhysicalMediumIrda,
    NdisPhysicalMediumWiredWAN,
    NdisPhysicalMediumWiredCoWan,
    NdisPhysicalMediumOther,
    NdisPhysicalMediumMax
} NDIS_PHYSICAL_MEDIUM, *PNDIS_PHYSICAL_MEDIUM;

typedef NET_IF_MEDIA_CONNECT_STATE NDIS_MEDIA_CONNECT_STATE, *PNDIS_MEDIA_CONNECT_STATE;

typedef NET_IF_MEDIA_DUPLEX_STATE NDIS_MEDIA_DUPLEX_STATE, *PNDIS_MEDIA_DUPLEX_STATE;

/* OID_GEN_HARDWARE_STATUS and OID_GEN_MEDIA_CONNECT_STATUS answers (NDIS 5
 * OIDs that NDIS 6 drivers still see).  Values: Microsoft's windows-sys
 * crate, Win32::NetworkManagement::Ndis (NdisHardwareStatusReady = 0 ...
 * NdisHardwareStatusNotReady = 4; NdisMediaStateDisconnected = 1); order as
 * listed on learn.microsoft.com, OID_GEN_HARDWARE_STATUS. */
typedef enum _NDIS_HARDWARE_STATUS {
    NdisHardwareStatusReady = 0,
    NdisHardwareStatusInitializing = 1,
    NdisHardwareStatusReset = 2,
    NdisHardwareStatusClosing = 3,
    NdisHardwareStatusNotReady = 4
} NDIS_HARDWARE_STATUS, *PNDIS_HARDWARE_STATUS;

typedef enum _NDIS_MEDIA_STATE {
    NdisMediaStateConnected = 0,
    NdisMediaStateDisconnected = 1
} NDIS_MEDIA_STATE, *PNDIS_MEDIA_STATE;

typedef enum _NDIS_SUPPORTED_PAUSE_FUNCTIONS {
    NdisPauseFunctionsUnsupported,
    NdisPauseFunctionsSendOnly,
    NdisPauseFunctionsReceiveOnly,
    NdisPauseFunctionsSendAndReceive,
    NdisPauseFunctionsUnknown
} NDIS_SUPPORTED_PAUSE_FUNCTIONS, *PNDIS_SUPPORTED_PAUSE_FUNCTIONS;

typedef enum _NDIS_INTERFACE_TYPE {           /* = INTERFACE_TYPE */
    NdisInterfaceInternal = Internal,
    NdisInterfaceIsa = Isa,
    NdisInterfaceEisa = Eisa,
    NdisInterfaceMca = MicroChannel,
    NdisInterfaceTurboChannel = TurboChannel,
    NdisInterfacePci = PCIBus,
    NdisInterfacePcMcia = PCMCIABus,
    NdisInterfaceCBus = CBus,
    NdisInterfaceMPIBus = MPIBus,
    NdisInterfaceMPSABus = MPSABus,
    NdisInterfaceProcessorInternal = ProcessorInternal,
    NdisInterfaceInternalPowerBus = InternalPowerBus,
    NdisInterfacePNPISABus = PNPISABus,
    NdisInterfacePNPBus = PNPBus
} NDIS_INTERFACE_TYPE, *PNDIS_INTERFACE_TYPE;

typedef enum _EX_POOL_PRIORITY {
    LowPoolPriority = 0,
    LowPoolPrioritySpecialPoolOverrun = 8,
    LowPoolPrioritySpecialPoolUnderrun = 9,
    NormalPoolPriority = 16,
    NormalPoolPrioritySpecialPoolOverrun = 24,
    NormalPoolPrioritySpecialPoolUnderrun = 25,
    HighPoolPriority = 32,
    HighPoolPrioritySpecialPoolOverrun = 40,
    HighPoolPrioritySpecialPoolUnderrun = 41
} EX_POOL_PRIORITY;
typedef EX_POOL_PRIORITY MM_PAGE_PRIORITY;
/* MM_PAGE_PRIORITY values (mingw-w64 10.0.0 ddk/wdm.h:1694-1698; the WDK's
 * MmGetSystemAddressForMdlSafe page); the type stays EX_POOL_PRIORITY's twin. */
enum { LowPagePriority = 0, NormalPagePriority = 16, HighPagePriority = 32 };
/* Flags OR'ed into the priority (WDK wdm.h; mingw-w64 lacks them: values from
 * public WDK-derived headers, e.g. WinDRBD and winpmem, both 0x80000000 / 0x40000000). */
#define MdlMappingNoWrite   0x80000000
#define MdlMappingNoExecute 0x40000000

/* Packet filter bits (M-ndis:657-662, R). */
#define NDIS_PACKET_TYPE_DIRECTED       0x00000001
#define NDIS_PACKET_TYPE_MULTICAST      0x00000002
#define NDIS_PACKET_TYPE_ALL_MULTICAST  0x00000004
#define NDIS_PACKET_TYPE_BROADCAST      0x00000008
#define NDIS_PACKET_TYPE_SOURCE_ROUTING 0x00000010
#define NDIS_PACKET_TYPE_PROMISCUOUS    0x00000020
#define NDIS_PACKET_TYPE_SMT            0x00000040
#define NDIS_PACKET_TYPE_ALL_LOCAL      0x00000080
#define NDIS_PACKET_TYPE_GROUP          0x00001000
#define NDIS_PACKET_TYPE_ALL_FUNCTIONAL 0x00002000
#define NDIS_PACKET_TYPE_FUNCTIONAL     0x00004000
#define NDIS_PACKET_TYPE_MAC_FRAME      0x00008000
#define NDIS_PACKET_TYPE_NO_LOCAL       0x00010000

#define NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA   0x00000001
#define NDIS_MAC_OPTION_RECEIVE_SERIALIZED    0x00000002
#define NDIS_MAC_OPTION_TRANSFERS_NOT_PEND    0x00000004
#define NDIS_MAC_OPTION_NO_LOOPBACK           0x00000008
#define NDIS_MAC_OPTION_FULL_DUPLEX           0x00000010
#define NDIS_MAC_OPTION_EOTX_INDICATION       0x00000020
#define NDIS_MAC_OPTION_8021P_PRIORITY        0x00000040
#define NDIS_MAC_OPTION_SUPPORTS_MAC_ADDRESS_OVERWRITE 0x00000080
#define NDIS_MAC_OPTION_RECEIVE_AT_DPC        0x00000100
#define NDIS_MAC_OPTION_8021Q_VLAN            0x00000200
#define NDIS_MAC_OPTION_RESERVED              0x80000000

#define NDIS_LINK_SPEED_UNKNOWN ((ULONG64)-1)
#define NET_IF_LINK_SPEED_UNKNOWN ((ULONG64)-1)

/* NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES.SupportedStatistics: which
 * statistics OIDs the miniport answers.  Not the same bits as the
 * NDIS_STATISTICS_FLAGS_VALID_* of NDIS_STATISTICS_INFO below.  Values: G
 * (ndis-types.h), checked against windows-sys (RCV_DISCARDS = 0x00200000). */
#define NDIS_STATISTICS_XMIT_OK_SUPPORTED                  0x00000001
#define NDIS_STATISTICS_RCV_OK_SUPPORTED                   0x00000002
#define NDIS_STATISTICS_XMIT_ERROR_SUPPORTED               0x00000004
#define NDIS_STATISTICS_RCV_ERROR_SUPPORTED                0x00000008
#define NDIS_STATISTICS_RCV_NO_BUFFER_SUPPORTED            0x00000010
#define NDIS_STATISTICS_DIRECTED_BYTES_XMIT_SUPPORTED      0x00000020
#define NDIS_STATISTICS_DIRECTED_FRAMES_XMIT_SUPPORTED     0x00000040
#define NDIS_STATISTICS_MULTICAST_BYTES_XMIT_SUPPORTED     0x00000080
#define NDIS_STATISTICS_MULTICAST_FRAMES_XMIT_SUPPORTED    0x00000100
#define NDIS_STATISTICS_BROADCAST_BYTES_XMIT_SUPPORTED     0x00000200
#define NDIS_STATISTICS_BROADCAST_FRAMES_XMIT_SUPPORTED    0x00000400
#define NDIS_STATISTICS_DIRECTED_BYTES_RCV_SUPPORTED       0x00000800
#define NDIS_STATISTICS_DIRECTED_FRAMES_RCV_SUPPORTED      0x00001000
#define NDIS_STATISTICS_MULTICAST_BYTES_RCV_SUPPORTED      0x00002000
#define NDIS_STATISTICS_MULTICAST_FRAMES_RCV_SUPPORTED     0x00004000
#define NDIS_STATISTICS_BROADCAST_BYTES_RCV_SUPPORTED      0x00008000
#define NDIS_STATISTICS_BROADCAST_FRAMES_RCV_SUPPORTED     0x00010000
#define NDIS_STATISTICS_RCV_CRC_ERROR_SUPPORTED            0x00020000
#define NDIS_STATISTICS_TRANSMIT_QUEUE_LENGTH_SUPPORTED    0x00040000
#define NDIS_STATISTICS_BYTES_RCV_SUPPORTED                0x00080000
#define NDIS_STATISTICS_BYTES_XMIT_SUPPORTED               0x00100000
#define NDIS_STATISTICS_RCV_DISCARDS_SUPPORTED             0x00200000
#define NDIS_STATISTICS_GEN_STATISTICS_SUPPORTED           0x00400000
#define NDIS_STATISTICS_XMIT_DISCARDS_SUPPORTED            0x08000000

/* NDIS_STATISTICS_INFO.SupportedStatistics (WDK ntddndis.h). */
#define NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_RCV    0x00000001
#define NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_RCV   0x00000002
#define NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_RCV   0x00000004
#define NDIS_STATISTICS_FLAGS_VALID_BYTES_RCV              0x00000008
#define NDIS_STATISTICS_FLAGS_VALID_RCV_DISCARDS           0x00000010
#define NDIS_STATISTICS_FLAGS_VALID_RCV_ERROR              0x00000020
#define NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_XMIT   0x00000040
#define NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_XMIT  0x00000080
#define NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_XMIT  0x00000100
#define NDIS_STATISTICS_FLAGS_VALID_BYTES_XMIT             0x00000200
#define NDIS_STATISTICS_FLAGS_VALID_XMIT_ERROR             0x00000400
#define NDIS_STATISTICS_FLAGS_VALID_XMIT_DISCARDS          0x00008000
#define NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_RCV     0x00010000
#define NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_RCV    0x00020000
#define NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_RCV    0x00040000
#define NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_XMIT    0x00080000
#define NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_XMIT   0x00100000
#define NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_XMIT   0x00200000

/* Miniports that use typed context handles declare them; here a compile-time check only. */
#define NDIS_DECLARE_MINIPORT_ADAPTER_CONTEXT(type) _Static_assert(sizeof(type) > 0, "adapter context type")
#define NDIS_DECLARE_MINIPORT_DRIVER_CONTEXT(type) _Static_assert(sizeof(type) > 0, "driver context type")
#define NDIS_DECLARE_MINIPORT_INTERRUPT_CONTEXT(type) _Static_assert(sizeof(type) > 0, "interrupt context type")

/* Code placement pragmas in the WDK; nothing to do here. */
#define NDIS_INIT_FUNCTION(f)
#define NDIS_PAGEABLE_FUNCTION(f)
#define NDIS_PAGABLE_FUNCTION(f)

/* Receive queue, NIC switch and VPort identifiers (NDIS 6.20/6.30;
 * mingw-w64 10.0.0 ntddndis.h:3145-3147, 3173, 3914). */
typedef ULONG NDIS_RECEIVE_QUEUE_ID, *PNDIS_RECEIVE_QUEUE_ID;
typedef ULONG NDIS_RECEIVE_QUEUE_GROUP_ID, *PNDIS_RECEIVE_QUEUE_GROUP_ID;
typedef ULONG NDIS_RECEIVE_FILTER_ID, *PNDIS_RECEIVE_FILTER_ID;
typedef ULONG NDIS_NIC_SWITCH_ID, *PNDIS_NIC_SWITCH_ID;
typedef ULONG NDIS_NIC_SWITCH_VPORT_ID, *PNDIS_NIC_SWITCH_VPORT_ID;

/* IF_COUNTED_STRING (an ifdef.h type, kept here with the other NET_IF types
 * until an ifdef.h exists; mingw-w64 10.0.0 ifdef.h: IF_MAX_STRING_SIZE 256). */
#ifndef IF_MAX_STRING_SIZE
#define IF_MAX_STRING_SIZE 256
typedef struct _IF_COUNTED_STRING_LH {
    USHORT Length;
    WCHAR String[IF_MAX_STRING_SIZE + 1];
} IF_COUNTED_STRING_LH, *PIF_COUNTED_STRING_LH;
typedef IF_COUNTED_STRING_LH IF_COUNTED_STRING, *PIF_COUNTED_STRING;
#endif
typedef IF_COUNTED_STRING NDIS_IF_COUNTED_STRING, *PNDIS_IF_COUNTED_STRING;

#endif
