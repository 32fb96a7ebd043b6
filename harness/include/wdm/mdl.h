/* Memory descriptor lists: the page macros, the MDL accessors and the Mm/Io
 * MDL routines a driver uses to describe its own nonpaged buffers.  In the
 * host one address space holds everything, so a built MDL's system address
 * is the buffer itself.  Macro semantics and flag values: the WDK's wdm.h
 * as republished in mingw-w64 ddk/wdm.h (an independent public header). */
#ifndef MPC_WDM_MDL_H
#define MPC_WDM_MDL_H

typedef ULONG_PTR PFN_NUMBER, *PPFN_NUMBER;

#define PAGE_SIZE 0x1000
#define PAGE_SHIFT 12L
#define BYTE_OFFSET(Va) ((ULONG)((ULONG_PTR)(Va) & (PAGE_SIZE - 1)))
#define PAGE_ALIGN(Va) ((PVOID)((ULONG_PTR)(Va) & ~(ULONG_PTR)(PAGE_SIZE - 1)))
#define BYTES_TO_PAGES(Size) (((Size) >> PAGE_SHIFT) + (((Size) & (PAGE_SIZE - 1)) != 0))
#define ROUND_TO_PAGES(Size) (((ULONG_PTR)(Size) + PAGE_SIZE - 1) & ~(ULONG_PTR)(PAGE_SIZE - 1))
#define ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size) \
    ((ULONG)((((ULONG_PTR)(Va) & (PAGE_SIZE - 1)) + (Size) + (PAGE_SIZE - 1)) >> PAGE_SHIFT))
#define COMPUTE_PAGES_SPANNED(Va, Size) ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size)

#define MDL_MAPPED_TO_SYSTEM_VA     0x0001
#define MDL_PAGES_LOCKED            0x0002
#define MDL_SOURCE_IS_NONPAGED_POOL 0x0004
#define MDL_ALLOCATED_FIXED_SIZE    0x0008
#define MDL_PARTIAL                 0x0010
#define MDL_PARTIAL_HAS_BEEN_MAPPED 0x0020
#define MDL_IO_PAGE_READ            0x0040
#define MDL_WRITE_OPERATION         0x0080
#define MDL_PARENT_MAPPED_SYSTEM_VA 0x0100
#define MDL_FREE_EXTRA_PTES         0x0200
#define MDL_DESCRIBES_AWE           0x0400
#define MDL_IO_SPACE                0x0800
#define MDL_NETWORK_HEADER          0x1000
#define MDL_MAPPING_CAN_FAIL        0x2000
#define MDL_ALLOCATED_MUST_SUCCEED  0x4000
#define MDL_INTERNAL                0x8000

#define MmGetMdlByteCount(Mdl) ((Mdl)->ByteCount)
#define MmGetMdlByteOffset(Mdl) ((Mdl)->ByteOffset)
#define MmGetMdlVirtualAddress(Mdl) ((PVOID)((PCHAR)((Mdl)->StartVa) + (Mdl)->ByteOffset))
#define MmGetMdlPfnArray(Mdl) ((PPFN_NUMBER)((Mdl) + 1))
#define MmGetSystemAddressForMdlSafe(Mdl, Priority) ((void)(Priority), (Mdl)->MappedSystemVa)
#define MmGetSystemAddressForMdl(Mdl) ((Mdl)->MappedSystemVa)
#define MmPrepareMdlForReuse(Mdl) \
    do { (Mdl)->MdlFlags &= ~(CSHORT)(MDL_MAPPED_TO_SYSTEM_VA | MDL_PARTIAL_HAS_BEEN_MAPPED); } while (0)

/* The bytes an MDL for Length bytes at Base needs: the header and one PFN per page spanned. */
static inline SIZE_T MmSizeOfMdl(_In_reads_bytes_opt_(Length) PVOID Base, _In_ SIZE_T Length)
{
    return sizeof(MDL) + sizeof(PFN_NUMBER) * ADDRESS_AND_SIZE_TO_SPAN_PAGES(Base, Length);
}

/* Builds an MDL header in caller storage of MmSizeOfMdl bytes (no allocation). */
#define MmInitializeMdl(MemoryDescriptorList, BaseVa, Length) \
    do { \
        (MemoryDescriptorList)->Next = NULL; \
        (MemoryDescriptorList)->Size = (CSHORT)(sizeof(MDL) + \
            sizeof(PFN_NUMBER) * ADDRESS_AND_SIZE_TO_SPAN_PAGES((BaseVa), (Length))); \
        (MemoryDescriptorList)->MdlFlags = 0; \
        (MemoryDescriptorList)->StartVa = PAGE_ALIGN(BaseVa); \
        (MemoryDescriptorList)->ByteOffset = BYTE_OFFSET(BaseVa); \
        (MemoryDescriptorList)->ByteCount = (ULONG)(Length); \
    } while (0)

struct _IRP;
/* Emulated: harness/host/ndis/mdl.c. IoFreeMdl is IoAllocateMdl's reciprocal. */
extern PMDL IoAllocateMdl(_In_opt_ PVOID VirtualAddress, _In_ ULONG Length, _In_ BOOLEAN SecondaryBuffer,
                          _In_ BOOLEAN ChargeQuota, _Inout_opt_ struct _IRP *Irp);
extern VOID IoFreeMdl(_In_ PMDL Mdl);
/* "IoBuildPartialMdl function (wdm.h)"; emulated in mdl.c. */
extern VOID IoBuildPartialMdl(_In_ PMDL SourceMdl, _Inout_ PMDL TargetMdl, _In_ PVOID VirtualAddress, _In_ ULONG Length);
extern VOID MmBuildMdlForNonPagedPool(_Inout_ PMDL MemoryDescriptorList);
/* WDK page ne-wdm-_lock_operation (values in declaration order, from 0). */
typedef enum _LOCK_OPERATION { IoReadAccess, IoWriteAccess, IoModifyAccess } LOCK_OPERATION;
/* Not emulated (declared so a driver compiles): WDK pages
 * nf-wdm-mmprobeandlockpages (raises an exception on failure) and nf-wdm-mmunlockpages. */
extern VOID MmProbeAndLockPages(_Inout_ PMDL MemoryDescriptorList, _In_ KPROCESSOR_MODE AccessMode,
                                _In_ LOCK_OPERATION Operation);
extern VOID MmUnlockPages(_Inout_ PMDL MemoryDescriptorList);

#endif
