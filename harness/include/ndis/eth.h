/* Ethernet address helpers. */
#ifndef MPC_NDIS_ETH_H
#define MPC_NDIS_ETH_H

#define ETH_LENGTH_OF_ADDRESS 6

/* EtherType values, host byte order (ndis.h). */
#define NDIS_ETH_TYPE_IPV4          0x0800
#define NDIS_ETH_TYPE_ARP           0x0806
#define NDIS_ETH_TYPE_IPV6          0x86DD
#define NDIS_ETH_TYPE_802_1X        0x888E
#define NDIS_ETH_TYPE_802_1Q        0x8100
#define NDIS_ETH_TYPE_SLOW_PROTOCOL 0x8809
#define ETH_IS_BROADCAST(Address) \
    ((((const UCHAR *)(Address))[0] == 0xff) && (((const UCHAR *)(Address))[1] == 0xff) && \
     (((const UCHAR *)(Address))[2] == 0xff) && (((const UCHAR *)(Address))[3] == 0xff) && \
     (((const UCHAR *)(Address))[4] == 0xff) && (((const UCHAR *)(Address))[5] == 0xff))
#define ETH_IS_MULTICAST(Address) ((BOOLEAN)(((const UCHAR *)(Address))[0] & 0x01))
#define ETH_IS_LOCALLY_ADMINISTERED(Address) ((BOOLEAN)(((const UCHAR *)(Address))[0] & 0x02))
#define ETH_COPY_NETWORK_ADDRESS(_D, _S) memcpy((_D), (_S), ETH_LENGTH_OF_ADDRESS)
#define ETH_COMPARE_NETWORK_ADDRESSES_EQ(_A, _B, _Result) \
    (*(_Result) = (memcmp((_A), (_B), ETH_LENGTH_OF_ADDRESS) != 0))
#define ETH_COMPARE_NETWORK_ADDRESSES(_A, _B, _Result) \
    (*(_Result) = memcmp((_A), (_B), ETH_LENGTH_OF_ADDRESS))

#endif
