/* The WDK's procgrp.h makes the processor-group routines
 * (KeQueryActiveProcessorCountEx, KeGetCurrentProcessorNumberEx, ...)
 * usable by drivers that also run on releases without them.  The host
 * plays one current Windows, so there is nothing to bridge: the
 * processor-group types (PROCESSOR_NUMBER, GROUP_AFFINITY) come from
 * ntdef.h/wdm.h and the routines from wdm.h, as on a current WDK.  The
 * header exists so that a driver's #include <procgrp.h> compiles. */
#ifndef MPC_PROCGRP_H
#define MPC_PROCGRP_H

#include "wdm.h"

#endif
