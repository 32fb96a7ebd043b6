/* Nonpaged lookaside lists. The WDK implements these four as macros over
 * the Ex*NPagedLookasideList routines; here they are DDIs the host
 * emulates (harness/host/ndis/lookaside.c), with the WDK's parameters. */
#ifndef MPC_NDIS_LOOKASIDE_H
#define MPC_NDIS_LOOKASIDE_H

extern VOID NdisInitializeNPagedLookasideList(_Out_ PNPAGED_LOOKASIDE_LIST Lookaside,
                                              _In_opt_ PALLOCATE_FUNCTION Allocate,
                                              _In_opt_ PFREE_FUNCTION Free, _In_ ULONG Flags,
                                              _In_ ULONG Size, _In_ ULONG Tag, _In_ USHORT Depth);
extern VOID NdisDeleteNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside);
extern PVOID NdisAllocateFromNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside);
extern VOID NdisFreeToNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside, _In_ PVOID Entry);

#endif
