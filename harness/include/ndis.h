/* mpconform's NDIS header shim: source-compatible with the WDK's ndis.h for
 * the NDIS 6 miniport DDIs the harness covers (names, signatures, structure
 * and member names, macros, real numeric values; see
 * /work/shared/reference/ndis-constants.md).  The driver defines one
 * NDISxy_MINIPORT macro; gcc on LP64 Linux with -fshort-wchar.
 * Every structure has one layout whatever the version macro, because the
 * harness (built without one) reads what the driver fills in.
 * The Ndis* functions declared extern here are exported by the host
 * (harness/host/ndis/); the driver .so leaves them undefined. */
#ifndef MPC_NDIS_H
#define MPC_NDIS_H

/* Driver sources use MSVC pragmas (#pragma warning, alloc_text) and pool
 * tags such as '_MVN' (gcc gives them the MSVC value but warns by default).
 * These stay quiet for the rest of the translation unit. */
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#pragma GCC diagnostic ignored "-Wmultichar"

/* The WDK's ndis.h brings in the kernel headers itself (wdm.h for
 * NDIS_WDM drivers, ntddk.h otherwise); ntddk.h is the superset, so one
 * include serves both. */
#include "ntddk.h"

#include "ndis/version.h"
#include "ndis/status.h"
#include "ndis/types.h"
#include "ndis/oid.h"
#include "ndis/nbl.h"
#include "ndis/sync.h"
#include "ndis/memory.h"
#include "ndis/string.h"
#include "ndis/miniport.h"
#include "ndis/port.h"
#include "ndis/hardware.h"
#include "ndis/config.h"
#include "ndis/indication.h"
#include "ndis/eth.h"
#include "ndis/lookaside.h"
#include "ndis/rwlock.h"
#include "ndis/device.h"
/* NDIS 6.20+ surface (one layout whatever the version macro) */
#include "ndis/offload.h"
#include "ndis/processor.h"
#include "ndis/rss.h"
#include "ndis/vmq.h"
#include "ndis/qos.h"
#include "ndis/pm.h"
#include "ndis/shared_memory.h"
#include "ndis/device_ex.h"

#endif
