/* The WDK's ntddk.h: wdm.h plus routines for drivers that are not pure
 * WDM.  The ntddk-only routines a miniport uses that the host emulates are
 * declared here; the rest of the WDK's ntddk.h is absent, so a driver that
 * calls one fails to load with that routine's name rather than running on
 * a stub. */
#ifndef MPC_NTDDK_H
#define MPC_NTDDK_H

#define _NTDDK_

#include "wdm.h"

/* Copies min(source Length, destination MaximumLength) bytes of a narrow
 * counted string (ntddk/nf-ntddk-rtlcopystring; emulated: rtl_string.c). */
extern VOID RtlCopyString(_Out_ PSTRING DestinationString, _In_opt_ const STRING *SourceString);
/* The physical address of nonpaged memory: in the host's one address
 * space, the virtual address itself (emulated: mdl.c). */
extern PHYSICAL_ADDRESS MmGetPhysicalAddress(_In_ PVOID BaseAddress);

#endif
