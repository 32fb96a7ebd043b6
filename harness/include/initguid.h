/* Included before <guiddef.h>-using headers, it makes every later
 * DEFINE_GUID define its GUID instead of declaring it (WDK initguid.h). */
#define INITGUID
#include "guiddef.h"
