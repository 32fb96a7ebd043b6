/* See not_emulated.h. */
#include "not_emulated.h"

#include <string.h>

int not_emulated_listed(const char *name)
{
    for (const not_emulated_ddi *d = not_emulated_ddis; name && d->name; d++)
        if (strcmp(d->name, name) == 0)
            return 1;
    return 0;
}
