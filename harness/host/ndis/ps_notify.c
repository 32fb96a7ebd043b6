/* Process-creation notify routines.  The emulation runs no user-mode
 * processes, so a registered routine is never called; the list is kept so
 * that registration answers as "PsSetCreateProcessNotifyRoutine function
 * (ntddk.h)" documents (a routine registered twice, or a 65th one, is
 * refused with STATUS_INVALID_PARAMETER). */
#include "ndis_internal.h"

/* "the system can register up to 64 process-creation callback routines" */
#define PROCESS_NOTIFY_LIMIT 64

static PCREATE_PROCESS_NOTIFY_ROUTINE registered[PROCESS_NOTIFY_LIMIT];

static int find(PCREATE_PROCESS_NOTIFY_ROUTINE routine)
{
    for (int i = 0; i < PROCESS_NOTIFY_LIMIT; i++)
        if (registered[i] == routine)
            return i;
    return -1;
}

NTSTATUS PsSetCreateProcessNotifyRoutine(PCREATE_PROCESS_NOTIFY_ROUTINE NotifyRoutine, BOOLEAN Remove)
{
    NTSTATUS status = STATUS_INVALID_PARAMETER;
    int at = NotifyRoutine ? find(NotifyRoutine) : -1;
    if (Remove) {
        /* The page lists no status for removing a routine that is not
         * registered; Windows answers STATUS_PROCEDURE_NOT_FOUND there. */
        status = at >= 0 ? STATUS_SUCCESS : STATUS_PROCEDURE_NOT_FOUND;
        if (at >= 0)
            registered[at] = NULL;
        HOST_DDI("PsSetCreateProcessNotifyRoutine", status, TA_PTR("routine", NotifyRoutine), TA_INT("Remove", Remove));
        return status;
    }
    int free_slot = find(NULL);
    if (NotifyRoutine && at < 0 && free_slot >= 0) {
        registered[free_slot] = NotifyRoutine;
        status = STATUS_SUCCESS;
    }
    HOST_DDI("PsSetCreateProcessNotifyRoutine", status, TA_PTR("routine", NotifyRoutine), TA_INT("Remove", Remove));
    return status;
}
