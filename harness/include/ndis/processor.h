/* NDIS 6.20 processor group DDIs (harness/host/ndis/procgroup.c), the NDIS
 * spelling of the Ke processor-group routines in wdm.h.  Signatures: the
 * WDK pages nf-ndis-ndisgroupactiveprocessorcount, -ndisgroupactiveprocessormask,
 * -ndisgroupmaxprocessorcount, -ndisactivegroupcount, -ndismaxgroupcount,
 * -ndiscurrentgroupandprocessor, -ndiscurrentprocessorindex,
 * -ndisprocessornumbertoindex, -ndisprocessorindextonumber, and
 * -ndissystemprocessorcount (NDIS 6.0, which 6.20 drivers should no longer use). */
#ifndef MPC_NDIS_PROCESSOR_H
#define MPC_NDIS_PROCESSOR_H

extern USHORT NdisActiveGroupCount(void);
extern USHORT NdisMaxGroupCount(void);
extern ULONG NdisGroupMaxProcessorCount(_In_ USHORT Group);
extern ULONG NdisGroupActiveProcessorCount(_In_ USHORT Group);
extern KAFFINITY NdisGroupActiveProcessorMask(_In_ USHORT Group);
extern PROCESSOR_NUMBER NdisCurrentGroupAndProcessor(void);
extern ULONG NdisCurrentProcessorIndex(void);
extern ULONG NdisProcessorNumberToIndex(_In_ PROCESSOR_NUMBER ProcNum);
extern NTSTATUS NdisProcessorIndexToNumber(_In_ ULONG ProcIndex, _Out_ PPROCESSOR_NUMBER ProcNum);
extern CCHAR NdisSystemProcessorCount(void);

#endif
