/* The IANA interface types (ifType) of the WDK's ipifcons.h that network
 * drivers report, e.g. in NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES.IfType.
 * Values from mingw-w64 ipifcons.h (an independent public header). */
#ifndef MPC_IPIFCONS_H
#define MPC_IPIFCONS_H

#include "ntdef.h"

typedef ULONG IFTYPE;

#define MIN_IF_TYPE 1
#define IF_TYPE_OTHER 1
#define IF_TYPE_ETHERNET_CSMACD 6
#define IF_TYPE_ISO88025_TOKENRING 9
#define IF_TYPE_PPP 23
#define IF_TYPE_SOFTWARE_LOOPBACK 24
#define IF_TYPE_ATM 37
#define IF_TYPE_PROP_VIRTUAL 53
#define IF_TYPE_FASTETHER 62
#define IF_TYPE_IEEE80211 71
#define IF_TYPE_GIGABITETHERNET 117
#define IF_TYPE_TUNNEL 131
#define IF_TYPE_L2_VLAN 135
#define IF_TYPE_IEEE1394 144
#define MAX_IF_TYPE 145

#endif
