/* MDLs a driver builds itself: IoAllocateMdl / IoFreeMdl (a ledger
 * resource, kind io_mdl) and MmBuildMdlForNonPagedPool; and
 * MmGetPhysicalAddress, which in one address space is the identity.  An MDL is the
 * header plus its PFN array, as MmSizeOfMdl counts it. */
#include <stdlib.h>
#include "ndis_internal.h"

/* Links a new MDL into the IRP the way the IoAllocateMdl page describes:
 * the primary buffer replaces Irp->MdlAddress, a secondary one is appended. */
static void attach_to_irp(PIRP Irp, PMDL Mdl, BOOLEAN SecondaryBuffer)
{
    if (!SecondaryBuffer) {
        Irp->MdlAddress = Mdl;
        return;
    }
    PMDL *link = &Irp->MdlAddress;
    while (*link)
        link = &(*link)->Next;
    *link = Mdl;
}

PMDL IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer, BOOLEAN ChargeQuota, PIRP Irp)
{
    PMDL m = NULL;
    if (!host_should_fail("IoAllocateMdl") && (m = calloc(1, MmSizeOfMdl(VirtualAddress, Length)))) {
        if (ndis_handle_add(m, NDIS_RES_IO_MDL) != 0) {
            free(m);
            m = NULL;
        } else {
            MmInitializeMdl(m, VirtualAddress, Length);
            if (Irp)
                attach_to_irp(Irp, m, SecondaryBuffer);
        }
    }
    HOST_DDI_VOID("IoAllocateMdl", TA_PTR("handle", m), TA_PTR("VirtualAddress", VirtualAddress),
                  TA_INT("Length", Length), TA_INT("SecondaryBuffer", SecondaryBuffer),
                  TA_INT("ChargeQuota", ChargeQuota), TA_PTR("Irp", Irp));
    return m;
}

VOID IoFreeMdl(PMDL Mdl)
{
    int known = ndis_handle_is(Mdl, NDIS_RES_IO_MDL);
    HOST_DDI_VOID("IoFreeMdl", TA_PTR("handle", Mdl));
    if (!known)
        return;   /* a foreign or double free: the ledger already said so */
    ndis_handle_remove(Mdl);
    free(Mdl);
}

/* Fills in the PFN array and maps the MDL: the system address of nonpaged
 * memory is the buffer itself. The page numbers are the host's virtual
 * page numbers, which is all a driver can compare them with. */
VOID MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList)
{
    PMDL m = MemoryDescriptorList;
    HOST_DDI_VOID("MmBuildMdlForNonPagedPool", TA_PTR("mdl", m),
                  TA_INT("io_mdl", ndis_handle_is(m, NDIS_RES_IO_MDL)));
    if (!m)
        return;
    PVOID va = MmGetMdlVirtualAddress(m);
    ULONG pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, m->ByteCount);
    PPFN_NUMBER pfn = MmGetMdlPfnArray(m);
    /* Only into the PFN array the MDL's Size says it has room for. */
    if (m->Size >= 0 && (size_t)m->Size >= sizeof(MDL) + pages * sizeof(PFN_NUMBER))
        for (ULONG i = 0; i < pages; i++)
            pfn[i] = ((ULONG_PTR)m->StartVa >> PAGE_SHIFT) + i;
    m->MappedSystemVa = va;
    m->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}

PHYSICAL_ADDRESS MmGetPhysicalAddress(PVOID BaseAddress)
{
    PHYSICAL_ADDRESS pa;
    pa.QuadPart = (LONGLONG)(ULONG_PTR)BaseAddress;
    HOST_DDI_VOID("MmGetPhysicalAddress", TA_PTR("BaseAddress", BaseAddress));
    return pa;
}
