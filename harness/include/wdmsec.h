/* The default device-object security strings of the WDK's wdmsec.h (the
 * SDDL subset of "SDDL for Device Objects"), e.g. for
 * NDIS_DEVICE_OBJECT_ATTRIBUTES.DefaultSDDLString.  In the WDK they are
 * constant UNICODE_STRINGs in wdmsec.lib; here each translation unit gets a
 * weak definition, so every file may take their address and the driver
 * still links.  IoCreateDeviceSecure is not emulated, so not declared.
 * Strings as republished from the WDK's wdmsec.h in public sources (e.g.
 * a Rust kernel crate's km_shared wdmsec constants). */
#ifndef MPC_WDMSEC_H
#define MPC_WDMSEC_H

#include "wdm.h"

#define MPC_SDDL(name, sddl) \
    const UNICODE_STRING name __attribute__((weak)) = { sizeof(u"" sddl) - 2, sizeof(u"" sddl), (PWCH)u"" sddl }

MPC_SDDL(SDDL_DEVOBJ_KERNEL_ONLY, "D:P");
MPC_SDDL(SDDL_DEVOBJ_SYS_ALL, "D:P(A;;GA;;;SY)");
MPC_SDDL(SDDL_DEVOBJ_SYS_ALL_ADM_ALL, "D:P(A;;GA;;;SY)(A;;GA;;;BA)");
MPC_SDDL(SDDL_DEVOBJ_SYS_ALL_ADM_RX, "D:P(A;;GA;;;SY)(A;;GRGX;;;BA)");
MPC_SDDL(SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R, "D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GR;;;WD)");
MPC_SDDL(SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R, "D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GR;;;WD)(A;;GR;;;RC)");
MPC_SDDL(SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R, "D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGW;;;WD)(A;;GR;;;RC)");
MPC_SDDL(SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX,
         "D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGWGX;;;WD)(A;;GRGWGX;;;RC)");
#define SDDL_DEVOBJ_INF_SUPPLIED SDDL_DEVOBJ_KERNEL_ONLY
#undef MPC_SDDL

#endif
