/* Hardware resources: interrupts, I/O port ranges, scatter/gather DMA and
 * shared memory. */
#ifndef MPC_NDIS_HARDWARE_H
#define MPC_NDIS_HARDWARE_H

/* ---- interrupts ---- */
typedef BOOLEAN (MINIPORT_ISR)(_In_ NDIS_HANDLE MiniportInterruptContext,
                               _Out_ PBOOLEAN QueueDefaultInterruptDpc,
                               _Out_ PULONG TargetProcessors);
typedef MINIPORT_ISR *MINIPORT_ISR_HANDLER;

typedef VOID (MINIPORT_INTERRUPT_DPC)(_In_ NDIS_HANDLE MiniportInterruptContext,
                                      _In_ PVOID MiniportDpcContext,
                                      _In_ PVOID ReceiveThrottleParameters,
                                      _In_ PVOID NdisReserved2);
typedef MINIPORT_INTERRUPT_DPC *MINIPORT_INTERRUPT_DPC_HANDLER;

typedef VOID (MINIPORT_ENABLE_INTERRUPT)(_In_ NDIS_HANDLE MiniportInterruptContext);
typedef MINIPORT_ENABLE_INTERRUPT *MINIPORT_ENABLE_INTERRUPT_HANDLER;
typedef VOID (MINIPORT_DISABLE_INTERRUPT)(_In_ NDIS_HANDLE MiniportInterruptContext);
typedef MINIPORT_DISABLE_INTERRUPT *MINIPORT_DISABLE_INTERRUPT_HANDLER;

typedef BOOLEAN (MINIPORT_MESSAGE_INTERRUPT)(_In_ NDIS_HANDLE MiniportInterruptContext, _In_ ULONG MessageId,
                                             _Out_ PBOOLEAN QueueDefaultInterruptDpc,
                                             _Out_ PULONG TargetProcessors);
typedef MINIPORT_MESSAGE_INTERRUPT *MINIPORT_MSI_ISR_HANDLER;
typedef VOID (MINIPORT_MESSAGE_INTERRUPT_DPC)(_In_ NDIS_HANDLE MiniportInterruptContext, _In_ ULONG MessageId,
                                              _In_ PVOID MiniportDpcContext,
                                              _In_ PVOID ReceiveThrottleParameters,
                                              _In_ PVOID NdisReserved2);
typedef MINIPORT_MESSAGE_INTERRUPT_DPC *MINIPORT_MSI_INTERRUPT_DPC_HANDLER;
typedef VOID (MINIPORT_ENABLE_MESSAGE_INTERRUPT)(_In_ NDIS_HANDLE MiniportInterruptContext, _In_ ULONG MessageId);
typedef MINIPORT_ENABLE_MESSAGE_INTERRUPT *MINIPORT_ENABLE_MSI_INTERRUPT_HANDLER;
typedef VOID (MINIPORT_DISABLE_MESSAGE_INTERRUPT)(_In_ NDIS_HANDLE MiniportInterruptContext, _In_ ULONG MessageId);
typedef MINIPORT_DISABLE_MESSAGE_INTERRUPT *MINIPORT_DISABLE_MSI_INTERRUPT_HANDLER;
typedef BOOLEAN (MINIPORT_SYNCHRONIZE_INTERRUPT)(_In_ NDIS_HANDLE SynchronizeContext);
typedef MINIPORT_SYNCHRONIZE_INTERRUPT *MINIPORT_SYNCHRONIZE_INTERRUPT_HANDLER;

typedef struct _NDIS_RECEIVE_THROTTLE_PARAMETERS {
    ULONG MaxNblsToIndicate;
    ULONG MoreNblsPending : 1;
} NDIS_RECEIVE_THROTTLE_PARAMETERS, *PNDIS_RECEIVE_THROTTLE_PARAMETERS;
#define NDIS_INDICATE_ALL_NBLS (~0u)

typedef enum _NDIS_INTERRUPT_TYPE {
    NDIS_CONNECT_LINE_BASED = 1,
    NDIS_CONNECT_MESSAGE_BASED
} NDIS_INTERRUPT_TYPE, *PNDIS_INTERRUPT_TYPE;

#define NDIS_MINIPORT_INTERRUPT_REVISION_1 1

typedef struct _NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT */
    MINIPORT_ISR_HANDLER InterruptHandler;
    MINIPORT_INTERRUPT_DPC_HANDLER InterruptDpcHandler;
    MINIPORT_DISABLE_INTERRUPT_HANDLER DisableInterruptHandler;
    MINIPORT_ENABLE_INTERRUPT_HANDLER EnableInterruptHandler;
    BOOLEAN MsiSupported;
    BOOLEAN MsiSyncWithAllMessages;
    MINIPORT_MSI_ISR_HANDLER MessageInterruptHandler;
    MINIPORT_MSI_INTERRUPT_DPC_HANDLER MessageInterruptDpcHandler;
    MINIPORT_DISABLE_MSI_INTERRUPT_HANDLER DisableMessageInterruptHandler;
    MINIPORT_ENABLE_MSI_INTERRUPT_HANDLER EnableMessageInterruptHandler;
    NDIS_INTERRUPT_TYPE InterruptType;      /* NDIS fills these in */
    PVOID MessageInfoTable;
} NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS, *PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS;

#define NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS, MessageInfoTable)

extern NDIS_STATUS NdisMRegisterInterruptEx(_In_ NDIS_HANDLE MiniportAdapterHandle,
                                            _In_ NDIS_HANDLE MiniportInterruptContext,
                                            _In_ PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS MiniportInterruptCharacteristics,
                                            _Out_ PNDIS_HANDLE NdisInterruptHandle);
extern VOID NdisMDeregisterInterruptEx(_In_ NDIS_HANDLE NdisInterruptHandle);

/* ---- I/O ports ---- */
extern NDIS_STATUS NdisMRegisterIoPortRange(_Out_ PVOID *PortOffset, _In_ NDIS_HANDLE MiniportAdapterHandle,
                                            _In_ UINT InitialPort, _In_ UINT NumberOfPorts);
extern VOID NdisMDeregisterIoPortRange(_In_ NDIS_HANDLE MiniportAdapterHandle, _In_ UINT InitialPort,
                                       _In_ UINT NumberOfPorts, _In_ PVOID PortOffset);

/* ---- scatter/gather DMA ---- */
typedef VOID (MINIPORT_PROCESS_SG_LIST)(_In_ PDEVICE_OBJECT pDO, _In_ PVOID Reserved,
                                        _In_ PSCATTER_GATHER_LIST pSGL, _In_ PVOID Context);
typedef MINIPORT_PROCESS_SG_LIST *MINIPORT_PROCESS_SG_LIST_HANDLER;
typedef VOID (MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE)(_In_ NDIS_HANDLE MiniportAdapterContext,
                                                     _In_ PVOID VirtualAddress,
                                                     _In_ PNDIS_PHYSICAL_ADDRESS PhysicalAddress,
                                                     _In_ ULONG Length, _In_ PVOID Context);
typedef MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE *MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE_HANDLER;

#define NDIS_SG_DMA_DESCRIPTION_REVISION_1 1
#define NDIS_SG_DMA_64_BIT_ADDRESS 0x00000001

typedef struct _NDIS_SG_DMA_DESCRIPTION {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION */
    ULONG Flags;
    ULONG MaximumPhysicalMapping;
    MINIPORT_PROCESS_SG_LIST_HANDLER ProcessSGListHandler;
    MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE_HANDLER SharedMemAllocateCompleteHandler;
    ULONG ScatterGatherListSize;   /* NDIS fills it in */
} NDIS_SG_DMA_DESCRIPTION, *PNDIS_SG_DMA_DESCRIPTION;

#define NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_SG_DMA_DESCRIPTION, ScatterGatherListSize)

extern NDIS_STATUS NdisMRegisterScatterGatherDma(_In_ NDIS_HANDLE MiniportAdapterHandle,
                                                 _Inout_ PNDIS_SG_DMA_DESCRIPTION DmaDescription,
                                                 _Out_ PNDIS_HANDLE NdisMiniportDmaHandle);
extern VOID NdisMDeregisterScatterGatherDma(_In_ NDIS_HANDLE NdisMiniportDmaHandle);

/* ---- shared memory ---- */
extern VOID NdisMAllocateSharedMemory(_In_ NDIS_HANDLE MiniportAdapterHandle, _In_ ULONG Length,
                                      _In_ BOOLEAN Cached, _Out_ PVOID *VirtualAddress,
                                      _Out_ PNDIS_PHYSICAL_ADDRESS PhysicalAddress);
extern VOID NdisMFreeSharedMemory(_In_ NDIS_HANDLE MiniportAdapterHandle, _In_ ULONG Length,
                                  _In_ BOOLEAN Cached, _In_ PVOID VirtualAddress,
                                  _In_ NDIS_PHYSICAL_ADDRESS PhysicalAddress);

#endif
