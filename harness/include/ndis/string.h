/* The NDIS string helpers kept for existing drivers (WDK pages: "supported for
 * existing drivers in NDIS 6.0 and later, but new drivers should use" the Rtl
 * equivalents). Not emulated beyond what the Rtl calls they stand for do. */
#ifndef MPC_NDIS_STRING_H
#define MPC_NDIS_STRING_H

#include "../wdm/rtl.h"
#include "types.h"
#include "memory.h"

/* WDK page nf-ndis-ndisinitializestring: allocates Destination's buffer and
 * copies Source into it as Unicode; NdisFreeString releases it. */
extern VOID NdisInitializeString(_Out_ PNDIS_STRING Destination, _In_ PUCHAR Source);
/* WDK page nf-ndis-ndisfreestring: a macro taking the NDIS_STRING by value;
 * it frees the buffer NdisInitializeString allocated. */
#define NdisFreeString(String) NdisFreeMemory((String).Buffer, (String).MaximumLength, 0)
/* WDK page nf-ndis-ndisunicodestringtoansistring: a macro; the caller
 * allocates both buffers, so it is the Rtl conversion without allocation. */
#define NdisUnicodeStringToAnsiString(_as, _us) RtlUnicodeStringToAnsiString((_as), (_us), FALSE)

#endif
