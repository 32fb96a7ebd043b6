/* NdisMSetMiniportAttributes: dispatch on Header.Type, check Revision and
 * Size against that type's table row, record what the adapter needs.
 * Every member of the NDIS_MINIPORT_ADAPTER_ATTRIBUTES union is accepted
 * (NDK and packet direct attributes are accepted and not modelled: no
 * scenario asks for those features); a Revision the structure's page does
 * not list is NDIS_STATUS_BAD_VERSION, the one failure the DDI's page
 * documents ("NDIS does not support the version that is specified in the
 * Revision member"). */
#include "ndis_internal.h"

typedef struct {
    UCHAR type;
    const char *name;
    UCHAR max_revision;
    size_t rev1_size;
} attribute_kind;

static const attribute_kind kinds[] = {
    { NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, "registration", 2,
      NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1 },
    { NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, "general", 2,
      NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1 },
    { NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, "offload", 4,
      RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, TcpConnectionOffloadHardwareCapabilities) },
    { NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES, "hardware_assist", 4,
      RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES, HDSplitAttributes) },
    { NDIS_OBJECT_TYPE_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES, "add_device", 1,
      RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES, Flags) },
    { NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_NATIVE_802_11_ATTRIBUTES, "native_802_11", 3, sizeof(NDIS_OBJECT_HEADER) },
    /* Not modelled: only the header is read. One revision each (their pages). */
    { NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_NDK_ATTRIBUTES, "ndk", 1, sizeof(NDIS_OBJECT_HEADER) },
    { NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_PACKET_DIRECT_ATTRIBUTES, "packet_direct", 1, sizeof(NDIS_OBJECT_HEADER) },
};

static const attribute_kind *kind_of(UCHAR type)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kinds[i].type == type)
            return &kinds[i];
    return NULL;
}

static void record(adapter *a, const NDIS_MINIPORT_ADAPTER_ATTRIBUTES *attr)
{
    switch (attr->RegistrationAttributes.Header.Type) {
    case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES:
        a->context = attr->RegistrationAttributes.MiniportAdapterContext;
        a->check_for_hang_secs = attr->RegistrationAttributes.CheckForHangTimeInSeconds
                                     ? attr->RegistrationAttributes.CheckForHangTimeInSeconds : 2;
        a->registration_attributes_set = 1;
        break;
    case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES:
        a->general_attributes_set = 1;
        if (attr->GeneralAttributes.MacAddressLength >= sizeof a->current_address)
            memcpy(a->current_address, attr->GeneralAttributes.CurrentMacAddress, sizeof a->current_address);
        break;
    default:
        break;
    }
}

NDIS_STATUS NdisMSetMiniportAttributes(NDIS_HANDLE NdisMiniportAdapterHandle,
                                       PNDIS_MINIPORT_ADAPTER_ATTRIBUTES MiniportAttributes)
{
    adapter *a = host_adapter_from_handle(NdisMiniportAdapterHandle);
    const NDIS_OBJECT_HEADER *h = MiniportAttributes ? &MiniportAttributes->RegistrationAttributes.Header : NULL;
    const attribute_kind *k = h ? kind_of(h->Type) : NULL;
    NDIS_STATUS status;
    if (!a || !h || !k)
        status = NDIS_STATUS_INVALID_PARAMETER;
    else if (h->Revision < 1 || h->Revision > k->max_revision)
        status = NDIS_STATUS_BAD_VERSION;
    else if (h->Size < k->rev1_size)
        status = NDIS_STATUS_INVALID_PARAMETER;
    else if (h->Type == NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES &&
             host_should_fail("NdisMSetMiniportAttributes"))
        status = NDIS_STATUS_RESOURCES;
    else
        status = NDIS_STATUS_SUCCESS;
    if (status == NDIS_STATUS_SUCCESS)
        record(a, MiniportAttributes);
    HOST_DDI("NdisMSetMiniportAttributes", status, TA_INT("Type", h ? h->Type : -1),
             TA_INT("Revision", h ? h->Revision : -1), TA_INT("Size", h ? h->Size : -1),
             TA_STR("attributes", k ? k->name : "unknown"), TA_INT("MaxRevision", k ? k->max_revision : 0),
             TA_INT("MinSize", k ? (int64_t)k->rev1_size : 0),
             TA_INT("CheckForHangTimeInSeconds", a ? a->check_for_hang_secs : 0));
    return status;
}
