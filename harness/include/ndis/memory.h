/* Memory from NDIS and the memory helper macros. */
#ifndef MPC_NDIS_MEMORY_H
#define MPC_NDIS_MEMORY_H

extern PVOID NdisAllocateMemoryWithTagPriority(_In_ NDIS_HANDLE NdisHandle, _In_ UINT Length,
                                               _In_ ULONG Tag, _In_ EX_POOL_PRIORITY Priority);
/* Deprecated for NDIS 6 (use the WithTagPriority form) but still in ndis.h:
 * *VirtualAddress gets nonpaged memory freed by NdisFreeMemory. */
extern NDIS_STATUS NdisAllocateMemoryWithTag(_Out_ PVOID *VirtualAddress, _In_ UINT Length, _In_ ULONG Tag);
extern VOID NdisFreeMemory(_In_ PVOID VirtualAddress, _In_ UINT Length, _In_ UINT MemoryFlags);
extern VOID NdisFreeMemoryWithTagPriority(_In_ NDIS_HANDLE NdisHandle, _In_ PVOID VirtualAddress, _In_ ULONG Tag);
extern ULONG NdisGetSharedDataAlignment(void);

#define NdisZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define NdisFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#define NdisMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define NdisEqualMemory(Source1, Source2, Length) ((BOOLEAN)(memcmp((Source1), (Source2), (Length)) == 0))
#define NdisRetreiveUlong(DestinationAddress, SourceAddress) memcpy((DestinationAddress), (SourceAddress), sizeof(ULONG))
#define NdisStoreUlong(DestinationAddress, Value) \
    do { ULONG mpc_v_ = (ULONG)(Value); memcpy((DestinationAddress), &mpc_v_, sizeof(ULONG)); } while (0)
/* RtlZeroMemory and the other Rtl memory macros: wdm/rtl.h. */

#define NdisGetPhysicalAddressLow(_PhysicalAddress) ((_PhysicalAddress).LowPart)
#define NdisGetPhysicalAddressHigh(_PhysicalAddress) ((_PhysicalAddress).HighPart)
#define NdisSetPhysicalAddressLow(_PhysicalAddress, _Value) ((_PhysicalAddress).LowPart = (_Value))
#define NdisSetPhysicalAddressHigh(_PhysicalAddress, _Value) ((_PhysicalAddress).HighPart = (_Value))
#define NDIS_PHYSICAL_ADDRESS_CONST(_Low, _High) { { (ULONG)(_Low), (LONG)(_High) } }

#endif
