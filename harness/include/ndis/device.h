/* The device objects and resource lists behind a miniport adapter
 * (harness/host/ndis/device.c). Signature: mingw-w64 10.0.0 ddk/ndis.h:4528. */
#ifndef MPC_NDIS_DEVICE_H
#define MPC_NDIS_DEVICE_H

extern VOID NdisMGetDeviceProperty(_In_ NDIS_HANDLE MiniportAdapterHandle,
                                   _Inout_opt_ PDEVICE_OBJECT *PhysicalDeviceObject,
                                   _Inout_opt_ PDEVICE_OBJECT *FunctionalDeviceObject,
                                   _Inout_opt_ PDEVICE_OBJECT *NextDeviceObject,
                                   _Inout_opt_ PCM_RESOURCE_LIST *AllocatedResources,
                                   _Inout_opt_ PCM_RESOURCE_LIST *AllocatedResourcesTranslated);

#endif
