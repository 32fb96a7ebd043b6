/* NdisMGetDeviceProperty: the device objects NDIS keeps for an adapter.
 * The host has no PnP stack, so each adapter gets three zeroed stand-in
 * DEVICE_OBJECTs (PDO, FDO, next lower) the driver can compare and keep
 * but should not send IRPs to; a virtual adapter has no resource lists. */
#include "ndis_internal.h"

#define DEVICE_SLOTS 16

typedef struct {
    DEVICE_OBJECT pdo, fdo, next;
} device_stack;

static device_stack stacks[DEVICE_SLOTS];

VOID NdisMGetDeviceProperty(NDIS_HANDLE MiniportAdapterHandle, PDEVICE_OBJECT *PhysicalDeviceObject,
                            PDEVICE_OBJECT *FunctionalDeviceObject, PDEVICE_OBJECT *NextDeviceObject,
                            PCM_RESOURCE_LIST *AllocatedResources,
                            PCM_RESOURCE_LIST *AllocatedResourcesTranslated)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    HOST_DDI_VOID("NdisMGetDeviceProperty", TA_PTR("MiniportAdapterHandle", MiniportAdapterHandle),
                  TA_INT("valid", a != NULL));
    if (!a)
        return;
    device_stack *s = &stacks[(unsigned)a->index % DEVICE_SLOTS];
    if (PhysicalDeviceObject)
        *PhysicalDeviceObject = &s->pdo;
    if (FunctionalDeviceObject)
        *FunctionalDeviceObject = &s->fdo;
    if (NextDeviceObject)
        *NextDeviceObject = &s->next;
    if (AllocatedResources)
        *AllocatedResources = NULL;
    if (AllocatedResourcesTranslated)
        *AllocatedResourcesTranslated = NULL;
}
