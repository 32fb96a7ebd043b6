/* MDLs a driver builds itself: IoAllocateMdl / IoFreeMdl (a ledger
 * resource, kind io_mdl), MmBuildMdlForNonPagedPool, MmProbeAndLockPages /
 * MmUnlockPages (the lock is a ledger resource of its own, kind
 * locked_pages, on the same MDL); and MmGetPhysicalAddress, which in one
 * address space is the identity.  An MDL is the header plus its PFN array,
 * as MmSizeOfMdl counts it. */
#include <stdlib.h>
#include <string.h>
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
    /* Guarded memory (memory.c), as NDIS's own blocks: a freed MDL waits
     * poisoned in quarantine, so a driver's later MmUnlockPages on it reads
     * no reused memory and writes none, and a write to it is found. */
    size_t size = MmSizeOfMdl(VirtualAddress, Length);
    if (!host_should_fail("IoAllocateMdl") && (m = ndis_guarded_alloc(size, 0x6C644D49u /* 'IMdl' */, NDIS_RES_IO_MDL))) {
        memset(m, 0, size);
        MmInitializeMdl(m, VirtualAddress, Length);
        if (Irp)
            attach_to_irp(Irp, m, SecondaryBuffer);
    }
    HOST_DDI_VOID("IoAllocateMdl", TA_PTR("handle", m), TA_PTR("VirtualAddress", VirtualAddress),
                  TA_INT("Length", Length), TA_INT("SecondaryBuffer", SecondaryBuffer),
                  TA_INT("ChargeQuota", ChargeQuota), TA_PTR("Irp", Irp));
    return m;
}

/* "If the physical pages that are described by the MDL are locked, the
 * driver must unlock the pages before it frees the MDL" (IoFreeMdl's page):
 * arg locked says whether they were (MDL-FREE-LOCKED). */
VOID IoFreeMdl(PMDL Mdl)
{
    int known = ndis_handle_is(Mdl, NDIS_RES_IO_MDL);
    int locked = known && (Mdl->MdlFlags & MDL_PAGES_LOCKED);
    HOST_DDI_VOID("IoFreeMdl", TA_PTR("handle", Mdl), TA_INT("locked", locked));
    if (known)    /* else a foreign or double free: the ledger already said so */
        ndis_guarded_free(Mdl, NDIS_RES_IO_MDL);
}

/* Fills in the PFN array and maps the MDL: the system address of nonpaged
 * memory is the buffer itself. The page numbers are the host's virtual
 * page numbers, which is all a driver can compare them with. */
static void fill_pfns(PMDL m)
{
    PVOID va = MmGetMdlVirtualAddress(m);
    ULONG pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, m->ByteCount);
    PPFN_NUMBER pfn = MmGetMdlPfnArray(m);
    /* Only into the PFN array the MDL's Size says it has room for. */
    if (m->Size >= 0 && (size_t)m->Size >= sizeof(MDL) + pages * sizeof(PFN_NUMBER))
        for (ULONG i = 0; i < pages; i++)
            pfn[i] = ((ULONG_PTR)m->StartVa >> PAGE_SHIFT) + i;
}

VOID MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList)
{
    PMDL m = MemoryDescriptorList;
    HOST_DDI_VOID("MmBuildMdlForNonPagedPool", TA_PTR("mdl", m),
                  TA_INT("io_mdl", ndis_handle_is(m, NDIS_RES_IO_MDL)));
    if (!m)
        return;
    fill_pfns(m);
    m->MappedSystemVa = MmGetMdlVirtualAddress(m);
    m->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}

/* WDK page nf-wdm-mmprobeandlockpages: locks the pages and "updates the
 * page frame number (PFN) array"; "a second call to MmProbeAndLockPages to
 * lock the same MDL is not allowed until MmUnlockPages is first called",
 * and an MDL MmBuildMdlForNonPagedPool built may not be locked at all.
 * Those two calls lock nothing (no ledger handle) and say why (a second
 * lock is rule MM-LOCK-TWICE).  Every page
 * of the one address space is resident and accessible, so nothing raises. */
/* An MDL IoFreeMdl already released, still in quarantine: the lock calls
 * on it read and change nothing (the event says `freed`); once reused, its
 * memory is another block's and cannot be told apart. */
static PMDL mdl_to_use(PMDL m, int *freed)
{
    *freed = ndis_memory_quarantined(m);
    return *freed ? NULL : m;
}

VOID MmProbeAndLockPages(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode, LOCK_OPERATION Operation)
{
    int freed;
    PMDL m = mdl_to_use(MemoryDescriptorList, &freed);
    int already_locked = m && (m->MdlFlags & MDL_PAGES_LOCKED);
    int nonpaged = m && (m->MdlFlags & MDL_SOURCE_IS_NONPAGED_POOL);
    int locks = m && !already_locked && !nonpaged;
    if (locks) {
        fill_pfns(m);
        /* Mapped as well: MmGetSystemAddressForMdlSafe reads MappedSystemVa,
         * and in one address space the system address is the buffer. */
        m->MappedSystemVa = MmGetMdlVirtualAddress(m);
        m->MdlFlags |= MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA;
    }
    trace_arg args[] = { TA_PTR("mdl", MemoryDescriptorList), TA_INT("AccessMode", AccessMode),
                         TA_INT("Operation", Operation), TA_INT("already_locked", already_locked),
                         TA_INT("nonpaged_mdl", nonpaged), TA_INT("freed", freed), TA_PTR("handle", m) };
    host_emit_ddi("MmProbeAndLockPages", 0, 0, args, locks ? 7 : 6);
}

/* WDK page nf-wdm-mmunlockpages: the pages "must have been locked
 * previously by a call to MmProbeAndLockPages"; a mapping to system space
 * is released first.  Only an unlock of locked pages releases the ledger
 * handle: an unbalanced one (locked 0, rule MM-UNLOCK-NOT-LOCKED) must not
 * close the MDL's other record, its io_mdl allocation. */
VOID MmUnlockPages(PMDL MemoryDescriptorList)
{
    int freed;
    PMDL m = mdl_to_use(MemoryDescriptorList, &freed);
    int locked = m && (m->MdlFlags & MDL_PAGES_LOCKED);
    trace_arg args[] = { TA_PTR("mdl", MemoryDescriptorList), TA_INT("locked", locked), TA_INT("freed", freed),
                         TA_PTR("handle", m) };
    host_emit_ddi("MmUnlockPages", 0, 0, args, locked ? 4 : 3);
    if (!locked)
        return;
    m->MdlFlags &= (CSHORT)~(MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA);
    m->MappedSystemVa = NULL;
}

PHYSICAL_ADDRESS MmGetPhysicalAddress(PVOID BaseAddress)
{
    PHYSICAL_ADDRESS pa;
    pa.QuadPart = (LONGLONG)(ULONG_PTR)BaseAddress;
    HOST_DDI_VOID("MmGetPhysicalAddress", TA_PTR("BaseAddress", BaseAddress));
    return pa;
}

/* WDK page nf-wdm-iobuildpartialmdl: TargetMdl describes [VirtualAddress,
 * VirtualAddress + Length) of SourceMdl's buffer ("If Length is zero, the
 * subrange ... includes the remaining range described by the SourceMdl");
 * "If the original MDL was already mapped in system space, the partial MDL
 * shares that mapping".  The source's pages "must be locked" first
 * (source_locked); a subrange outside the source (in_range) or a target
 * too small for its pages (fits) leaves the target untouched. */
VOID IoBuildPartialMdl(PMDL SourceMdl, PMDL TargetMdl, PVOID VirtualAddress, ULONG Length)
{
    PMDL s = SourceMdl, t = TargetMdl;
    char *base = s ? (char *)MmGetMdlVirtualAddress(s) : NULL;
    int in_range = s && t && (char *)VirtualAddress >= base && (ULONG_PTR)((char *)VirtualAddress - base) <= s->ByteCount;
    ULONG offset = in_range ? (ULONG)((char *)VirtualAddress - base) : 0;
    if (in_range && Length == 0)
        Length = s->ByteCount - offset;
    in_range = in_range && Length <= s->ByteCount - offset;
    int source_locked = s && (s->MdlFlags & (MDL_PAGES_LOCKED | MDL_SOURCE_IS_NONPAGED_POOL));
    int fits = in_range && t->Size >= 0 && (SIZE_T)t->Size >= MmSizeOfMdl(VirtualAddress, Length);
    HOST_DDI_VOID("IoBuildPartialMdl", TA_PTR("source", s), TA_PTR("target", t), TA_INT("offset", offset),
                  TA_INT("Length", Length), TA_INT("source_locked", source_locked), TA_INT("in_range", in_range),
                  TA_INT("fits", fits));
    if (!fits)
        return;
    const CSHORT shared = MDL_SOURCE_IS_NONPAGED_POOL | MDL_MAPPED_TO_SYSTEM_VA | MDL_IO_PAGE_READ;
    t->MdlFlags = (CSHORT)((t->MdlFlags & MDL_ALLOCATED_FIXED_SIZE) | (s->MdlFlags & shared) | MDL_PARTIAL);
    t->StartVa = PAGE_ALIGN(VirtualAddress);
    t->ByteOffset = BYTE_OFFSET(VirtualAddress);
    t->ByteCount = Length;
    t->Process = s->Process;
    t->MappedSystemVa = (s->MdlFlags & (MDL_SOURCE_IS_NONPAGED_POOL | MDL_MAPPED_TO_SYSTEM_VA))
                            ? (char *)s->MappedSystemVa + offset : NULL;
    /* The subrange's page frames are the source's, from the page it starts in. */
    ULONG first = (BYTE_OFFSET(base) + offset) >> PAGE_SHIFT;
    ULONG pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(VirtualAddress, Length);
    memcpy(MmGetMdlPfnArray(t), MmGetMdlPfnArray(s) + first, pages * sizeof(PFN_NUMBER));
}
