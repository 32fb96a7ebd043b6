/* A control device object of an NDIS driver (NDIS 6.0): NdisRegisterDeviceEx /
 * NdisDeregisterDeviceEx (harness/host/ndis/device_ex.c).  Layout and signatures:
 * WDK pages ns-ndis-_ndis_device_object_attributes,
 * nf-ndis-ndisregisterdeviceex, nf-ndis-ndisderegisterdeviceex,
 * nf-ndis-ndisgetdevicereservedextension. */
#ifndef MPC_NDIS_DEVICE_EX_H
#define MPC_NDIS_DEVICE_EX_H

#define NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1 1

typedef struct _NDIS_DEVICE_OBJECT_ATTRIBUTES {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES */
    PNDIS_STRING DeviceName;
    PNDIS_STRING SymbolicName;
    PDRIVER_DISPATCH *MajorFunctions;
    ULONG ExtensionSize;
    PCUNICODE_STRING DefaultSDDLString;
    LPCGUID DeviceClassGuid;
} NDIS_DEVICE_OBJECT_ATTRIBUTES, *PNDIS_DEVICE_OBJECT_ATTRIBUTES;

#define NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_DEVICE_OBJECT_ATTRIBUTES, DeviceClassGuid)

extern NDIS_STATUS NdisRegisterDeviceEx(_In_ NDIS_HANDLE NdisObjectHandle,
                                        _In_ PNDIS_DEVICE_OBJECT_ATTRIBUTES DeviceObjectAttributes,
                                        _Out_ PDEVICE_OBJECT *pDeviceObject,
                                        _Out_ PNDIS_HANDLE NdisDeviceHandle);
extern VOID NdisDeregisterDeviceEx(_In_ NDIS_HANDLE NdisDeviceHandle);
extern PVOID NdisGetDeviceReservedExtension(_In_ PDEVICE_OBJECT DeviceObject);

#endif
