/* NdisRegisterDeviceEx / NdisDeregisterDeviceEx: a control device object
 * for an NDIS driver.  The host has no I/O manager: the DEVICE_OBJECT is a
 * zeroed stand-in with the requested extension (ExtensionSize bytes, what
 * NdisGetDeviceReservedExtension returns), the dispatch table is kept
 * only as the driver gave it.  WDK page nf-ndis-ndisregisterdeviceex:
 * NDIS_STATUS_SUCCESS, NDIS_STATUS_RESOURCES, NDIS_STATUS_FAILURE (and
 * the NTSTATUS of IoCreateDevice, e.g. a name already in use); the device
 * handle is the ledger handle (kind device_object), freed by
 * NdisDeregisterDeviceEx. */
#include <stdlib.h>
#include "ndis_internal.h"

typedef struct {
    DEVICE_OBJECT device;
    PDRIVER_DISPATCH *major_functions;
    void *extension;
} control_device;

static int attributes_valid(const NDIS_DEVICE_OBJECT_ATTRIBUTES *attr)
{
    return attr && attr->Header.Type == NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES &&
           attr->Header.Revision >= NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1 &&
           attr->Header.Size >= NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1 && attr->DeviceName &&
           attr->DeviceName->Buffer;
}

static NDIS_STATUS create(const NDIS_DEVICE_OBJECT_ATTRIBUTES *attr, control_device **out)
{
    if (!attributes_valid(attr))
        return NDIS_STATUS_FAILURE;
    if (host_should_fail("NdisRegisterDeviceEx"))
        return NDIS_STATUS_RESOURCES;
    control_device *d = calloc(1, sizeof *d);
    if (d && attr->ExtensionSize && !(d->extension = calloc(1, attr->ExtensionSize))) {
        free(d);
        d = NULL;
    }
    if (!d || ndis_handle_add(d, NDIS_RES_DEVICE) != 0) {
        if (d)
            free(d->extension);
        free(d);
        return NDIS_STATUS_RESOURCES;
    }
    d->major_functions = attr->MajorFunctions;
    d->device.Size = (USHORT)sizeof d->device;
    d->device.DeviceExtension = d->extension;
    *out = d;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisRegisterDeviceEx(NDIS_HANDLE NdisObjectHandle, PNDIS_DEVICE_OBJECT_ATTRIBUTES DeviceObjectAttributes,
                                 PDEVICE_OBJECT *pDeviceObject, PNDIS_HANDLE NdisDeviceHandle)
{
    control_device *d = NULL;
    NDIS_STATUS status = (pDeviceObject && NdisDeviceHandle) ? create(DeviceObjectAttributes, &d)
                                                             : NDIS_STATUS_FAILURE;
    if (pDeviceObject)
        *pDeviceObject = d ? &d->device : NULL;
    if (NdisDeviceHandle)
        *NdisDeviceHandle = d;
    HOST_DDI("NdisRegisterDeviceEx", status, TA_PTR("NdisObjectHandle", NdisObjectHandle), TA_PTR("handle", d),
             TA_INT("ExtensionSize", DeviceObjectAttributes ? DeviceObjectAttributes->ExtensionSize : 0));
    return status;
}

VOID NdisDeregisterDeviceEx(NDIS_HANDLE NdisDeviceHandle)
{
    int known = ndis_handle_is(NdisDeviceHandle, NDIS_RES_DEVICE);
    HOST_DDI_VOID("NdisDeregisterDeviceEx", TA_PTR("handle", NdisDeviceHandle));
    if (!known)
        return;
    control_device *d = NdisDeviceHandle;
    ndis_handle_remove(d);
    free(d->extension);
    free(d);
}

/* The extension lives in the control_device, found from its DEVICE_OBJECT
 * (the first member); a device NDIS did not create has none. */
PVOID NdisGetDeviceReservedExtension(PDEVICE_OBJECT DeviceObject)
{
    control_device *d = (control_device *)DeviceObject;
    PVOID ext = ndis_handle_is(d, NDIS_RES_DEVICE) ? d->extension : NULL;
    HOST_DDI_VOID("NdisGetDeviceReservedExtension", TA_PTR("DeviceObject", DeviceObject), TA_PTR("extension", ext));
    return ext;
}
