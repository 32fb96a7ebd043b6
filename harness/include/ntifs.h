/* The WDK's ntifs.h (file-system and filter drivers) is a superset of
 * ntddk.h. Miniports include it for a handful of Ps/Ob/Se routines; none
 * is emulated, so the header is ntddk.h plus its inclusion marker: a
 * driver that calls one of those routines fails to load with its name. */
#ifndef MPC_NTIFS_H
#define MPC_NTIFS_H

#define _NTIFS_INCLUDED_

#include "ntddk.h"

#endif
