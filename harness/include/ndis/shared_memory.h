/* NDIS 6.20 shared memory from a shared memory provider (VMQ receive
 * buffers): NdisAllocateSharedMemory / NdisFreeSharedMemory
 * (harness/host/ndis/shared_memory_ex.c) and the NET_BUFFER_SHARED_MEM_*
 * accessors.  Layout: WDK pages ns-ndis-_ndis_shared_memory_parameters
 * (revision 1 NDIS 6.20, revision 2 adds VPortId for NDIS 6.30),
 * ne-ndis-_ndis_shared_memory_usage, nf-ndis-ndisallocatesharedmemory. */
#ifndef MPC_NDIS_SHARED_MEMORY_H
#define MPC_NDIS_SHARED_MEMORY_H

typedef ULONG NODE_REQUIREMENT;
#define MM_ANY_NODE_OK 0x80000000

typedef enum _NDIS_SHARED_MEMORY_USAGE {
    NdisSharedMemoryUsageUndefined,
    NdisSharedMemoryUsageXmit,
    NdisSharedMemoryUsageXmitHeader,
    NdisSharedMemoryUsageXmitData,
    NdisSharedMemoryUsageReceive,
    NdisSharedMemoryUsageReceiveLookahead,
    NdisSharedMemoryUsageReceivePostLookahead,
    NdisSharedMemoryUsageReceiveHeader,
    NdisSharedMemoryUsageReceiveData,
    NdisSharedMemoryUsageOther,
    NdisSharedMemoryUsageMax
} NDIS_SHARED_MEMORY_USAGE, *PNDIS_SHARED_MEMORY_USAGE;

#define NDIS_SHARED_MEMORY_PARAMETERS_REVISION_1 1
#define NDIS_SHARED_MEMORY_PARAMETERS_REVISION_2 2
/* The WDK spells it CONTIGOUS. */
#define NDIS_SHARED_MEM_PARAMETERS_CONTIGOUS 0x00000001

typedef struct _NDIS_SHARED_MEMORY_PARAMETERS {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_DEFAULT */
    ULONG Flags;
    NDIS_RECEIVE_QUEUE_ID QueueId;
    NDIS_HANDLE SharedMemoryHandle;   /* set by NDIS */
    NODE_REQUIREMENT PreferredNode;
    NDIS_SHARED_MEMORY_USAGE Usage;
    ULONG Length;
    PVOID VirtualAddress;             /* set by NDIS */
    ULONG SGListBufferLength;
    PSCATTER_GATHER_LIST SGListBuffer;
    NDIS_NIC_SWITCH_VPORT_ID VPortId; /* revision 2 (NDIS 6.30) */
} NDIS_SHARED_MEMORY_PARAMETERS, *PNDIS_SHARED_MEMORY_PARAMETERS;

#define NDIS_SIZEOF_SHARED_MEMORY_PARAMETERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_SHARED_MEMORY_PARAMETERS, SGListBuffer)
#define NDIS_SIZEOF_SHARED_MEMORY_PARAMETERS_REVISION_2 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_SHARED_MEMORY_PARAMETERS, VPortId)

extern NDIS_STATUS NdisAllocateSharedMemory(_In_ NDIS_HANDLE NdisHandle,
                                            _Inout_ PNDIS_SHARED_MEMORY_PARAMETERS SharedMemoryParameters,
                                            _Inout_ PNDIS_HANDLE pAllocationHandle);
extern VOID NdisFreeSharedMemory(_In_ NDIS_HANDLE NdisHandle, _In_ NDIS_HANDLE AllocationHandle);

/* The shared memory segments a receive NET_BUFFER describes (lvalues). */
#define NET_BUFFER_SHARED_MEM_NEXT_SEGMENT(_SHI) ((_SHI)->NextSharedMemorySegment)
#define NET_BUFFER_SHARED_MEM_FLAGS(_SHI)        ((_SHI)->SharedMemoryFlags)
#define NET_BUFFER_SHARED_MEM_HANDLE(_SHI)       ((_SHI)->SharedMemoryHandle)
#define NET_BUFFER_SHARED_MEM_OFFSET(_SHI)       ((_SHI)->SharedMemoryOffset)
#define NET_BUFFER_SHARED_MEM_LENGTH(_SHI)       ((_SHI)->SharedMemoryLength)
#define NET_BUFFER_FIRST_SHARED_MEM_INFO(_NB)    ((_NB)->SharedMemoryInfo)

#endif
