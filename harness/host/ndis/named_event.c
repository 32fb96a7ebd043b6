/* IoCreateNotificationEvent (WDK page nf-wdm-iocreatenotificationevent):
 * "creates and opens the event object if it does not already exist" and
 * "sets the state of a new notification event to Signaled"; "If the event
 * object already exists, IoCreateNotificationEvent just opens the event
 * object".  Each call gives a new handle, which ZwClose closes (step 3 of
 * the page's Remarks); the handle is a ledger resource (kind event_handle).
 * The object lives while a handle to it is open: its memory is a guarded
 * block, so a driver writing to the KEVENT after its last ZwClose is
 * reported as a write after free. */
#include <stdlib.h>
#include "ndis_internal.h"

typedef struct named_event {
    KEVENT event;
    WCHAR *name;
    size_t name_chars;
    unsigned handles;
    struct named_event *next;
} named_event;

typedef struct {
    named_event *object;
} event_handle;

static named_event *events;

static named_event *find(const UNICODE_STRING *name)
{
    size_t chars = name->Length / sizeof(WCHAR);
    for (named_event *e = events; e; e = e->next)
        if (e->name_chars == chars && memcmp(e->name, name->Buffer, chars * sizeof(WCHAR)) == 0)
            return e;
    return NULL;
}

static named_event *create(const UNICODE_STRING *name)
{
    size_t chars = name->Length / sizeof(WCHAR);
    named_event *e = ndis_guarded_alloc(sizeof *e, 'tvEN', NDIS_RES_EVENT_OBJECT);
    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    e->name = malloc(chars * sizeof(WCHAR) + 1);
    if (!e->name) {
        ndis_guarded_free(e, NDIS_RES_EVENT_OBJECT);
        return NULL;
    }
    memcpy(e->name, name->Buffer, chars * sizeof(WCHAR));
    e->name_chars = chars;
    e->event.Header.Type = (UCHAR)NotificationEvent;
    e->event.Header.SignalState = 1;
    InitializeListHead(&e->event.Header.WaitListHead);
    e->next = events;
    events = e;
    return e;
}

static void destroy(named_event *e)
{
    for (named_event **p = &events; *p; p = &(*p)->next)
        if (*p == e) {
            *p = e->next;
            break;
        }
    free(e->name);
    ndis_guarded_free(e, NDIS_RES_EVENT_OBJECT);
}

PKEVENT IoCreateNotificationEvent(PUNICODE_STRING EventName, PHANDLE EventHandle)
{
    char name[128] = "";
    int named = EventName && EventName->Buffer && EventName->Length >= sizeof(WCHAR);
    if (named)
        ndis_string_to_ascii(EventName, name, sizeof name);
    named_event *e = NULL;
    event_handle *h = NULL;
    int created = 0;
    if (named && EventHandle && !host_should_fail("IoCreateNotificationEvent") && (h = calloc(1, sizeof *h))) {
        e = find(EventName);
        if (!e && (e = create(EventName)))
            created = 1;
        if (!e || ndis_handle_add(h, NDIS_RES_EVENT_HANDLE) != 0) {
            if (created)
                destroy(e);
            free(h);
            e = NULL;
            h = NULL;
        } else {
            h->object = e;
            e->handles++;
            *EventHandle = h;
        }
    }
    HOST_DDI_VOID("IoCreateNotificationEvent", TA_PTR("handle", h), TA_PTR("event", e ? &e->event : NULL),
                  TA_STR("name", name), TA_INT("created", created));
    return e ? &e->event : NULL;
}

int ndis_event_handle_close(HANDLE handle)
{
    if (!ndis_handle_is(handle, NDIS_RES_EVENT_HANDLE))
        return 0;
    event_handle *h = handle;
    named_event *e = h->object;
    ndis_handle_remove(h);
    free(h);
    if (--e->handles == 0)
        destroy(e);
    return 1;
}
