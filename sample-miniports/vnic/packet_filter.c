/* The packet filter NDIS sets and queries through OID_GEN_CURRENT_PACKET_FILTER.
 * The NDIS 6.30 build guards it with an NDIS_RW_LOCK_EX (NDIS 6.20+):
 * queries take it for reading, sets for writing, as the NdisAllocateRWLock
 * page suggests for data "frequently accessed for reading and infrequently
 * accessed for writing". */
#include "vnic.h"

NDIS_STATUS
VnicAllocateFilterLock(PVNIC_ADAPTER Adapter)
{
#ifdef VNIC_NDIS630
    Adapter->FilterLock = NdisAllocateRWLock(Adapter->AdapterHandle);
    return Adapter->FilterLock != NULL ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
#else
    UNREFERENCED_PARAMETER(Adapter);
    return NDIS_STATUS_SUCCESS;
#endif
}

VOID
VnicFreeFilterLock(PVNIC_ADAPTER Adapter)
{
#ifdef VNIC_NDIS630
    if (Adapter->FilterLock != NULL) {
        NdisFreeRWLock(Adapter->FilterLock);
        Adapter->FilterLock = NULL;
    }
#else
    UNREFERENCED_PARAMETER(Adapter);
#endif
}

ULONG
VnicGetPacketFilter(PVNIC_ADAPTER Adapter)
{
    ULONG Filter;
#ifdef VNIC_NDIS630
    LOCK_STATE_EX LockState;

    NdisAcquireRWLockRead(Adapter->FilterLock, &LockState, 0);
    Filter = Adapter->PacketFilter;
    NdisReleaseRWLock(Adapter->FilterLock, &LockState);
#else
    Filter = Adapter->PacketFilter;
#endif
    return Filter;
}

VOID
VnicSetPacketFilter(PVNIC_ADAPTER Adapter, ULONG Filter)
{
#ifdef VNIC_NDIS630
    LOCK_STATE_EX LockState;

    NdisAcquireRWLockWrite(Adapter->FilterLock, &LockState, 0);
    Adapter->PacketFilter = Filter;
    NdisReleaseRWLock(Adapter->FilterLock, &LockState);
#else
    Adapter->PacketFilter = Filter;
#endif
}
