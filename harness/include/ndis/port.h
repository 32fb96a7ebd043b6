/* NDIS ports and the PnP events a miniport raises about them. */
#ifndef MPC_NDIS_PORT_H
#define MPC_NDIS_PORT_H

typedef enum _NDIS_PORT_TYPE {
    NdisPortTypeUndefined,
    NdisPortTypeBridge,
    NdisPortTypeRasConnection,
    NdisPortType8021xSupplicant,
    NdisPortTypeMax
} NDIS_PORT_TYPE, *PNDIS_PORT_TYPE;

/* Values: Microsoft's windows-sys crate, generated from the WDK metadata
 * (Win32::NetworkManagement::Ndis, constant pages NdisPortControlState*,
 * NdisPort*Authoriz*); member order as listed on learn.microsoft.com,
 * NDIS_PORT_AUTHENTICATION_PARAMETERS (ntddndis.h). */
typedef enum _NDIS_PORT_CONTROL_STATE {
    NdisPortControlStateUnknown = 0,
    NdisPortControlStateControlled = 1,
    NdisPortControlStateUncontrolled = 2
} NDIS_PORT_CONTROL_STATE, *PNDIS_PORT_CONTROL_STATE;

typedef enum _NDIS_PORT_AUTHORIZATION_STATE {
    NdisPortAuthorizationUnknown = 0,
    NdisPortAuthorized = 1,
    NdisPortUnauthorized = 2,
    NdisPortReauthorizing = 3
} NDIS_PORT_AUTHORIZATION_STATE, *PNDIS_PORT_AUTHORIZATION_STATE;

#define NDIS_PORT_CHARACTERISTICS_REVISION_1 1
#define NDIS_PORT_CHAR_USE_DEFAULT_AUTH_SETTINGS 0x00000001

/* Members and their types as in learn.microsoft.com, NDIS_PORT_CHARACTERISTICS
 * (ntddndis.h). */
typedef struct _NDIS_PORT_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_DEFAULT */
    NDIS_PORT_NUMBER PortNumber; /* NDIS fills it in */
    ULONG Flags;
    NDIS_PORT_TYPE Type;
    NDIS_MEDIA_CONNECT_STATE MediaConnectState;
    ULONG64 XmitLinkSpeed;
    ULONG64 RcvLinkSpeed;
    NET_IF_DIRECTION_TYPE Direction;
    NDIS_PORT_CONTROL_STATE SendControlState;
    NDIS_PORT_CONTROL_STATE RcvControlState;
    NDIS_PORT_AUTHORIZATION_STATE SendAuthorizationState;
    NDIS_PORT_AUTHORIZATION_STATE RcvAuthorizationState;
} NDIS_PORT_CHARACTERISTICS, *PNDIS_PORT_CHARACTERISTICS;

#define NDIS_SIZEOF_PORT_CHARACTERISTICS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_PORT_CHARACTERISTICS, RcvAuthorizationState)

typedef struct _NDIS_PORT NDIS_PORT, *PNDIS_PORT;
struct _NDIS_PORT {
    PNDIS_PORT Next;
    PVOID NdisReserved;
    PVOID MiniportReserved;
    PVOID ProtocolReserved;
    NDIS_PORT_CHARACTERISTICS PortCharacteristics;
};

typedef struct _NET_PNP_EVENT {
    NET_PNP_EVENT_CODE NetEvent;
    PVOID Buffer;
    ULONG BufferLength;
    ULONG_PTR NdisReserved[4];
    ULONG_PTR TransportReserved[4];
    ULONG_PTR TdiReserved[4];
    ULONG_PTR TdiClientReserved[4];
} NET_PNP_EVENT, *PNET_PNP_EVENT;

#define NET_PNP_EVENT_NOTIFICATION_REVISION_1 1

typedef struct _NET_PNP_EVENT_NOTIFICATION {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_DEFAULT */
    NDIS_PORT_NUMBER PortNumber;
    NET_PNP_EVENT NetPnPEvent;
    ULONG Flags;
} NET_PNP_EVENT_NOTIFICATION, *PNET_PNP_EVENT_NOTIFICATION;

#define NDIS_SIZEOF_NET_PNP_EVENT_NOTIFICATION_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NET_PNP_EVENT_NOTIFICATION, Flags)

extern NDIS_STATUS NdisMAllocatePort(_In_ NDIS_HANDLE NdisMiniportHandle,
                                     _Inout_ PNDIS_PORT_CHARACTERISTICS PortCharacteristics);
extern NDIS_STATUS NdisMFreePort(_In_ NDIS_HANDLE NdisMiniportHandle, _In_ NDIS_PORT_NUMBER PortNumber);
extern NDIS_STATUS NdisMNetPnPEvent(_In_ NDIS_HANDLE MiniportAdapterHandle,
                                    _In_ PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification);

#endif
