/* The adapter's configuration (registry keywords). */
#ifndef MPC_NDIS_CONFIG_H
#define MPC_NDIS_CONFIG_H

#define NDIS_CONFIGURATION_OBJECT_REVISION_1 1
#define NDIS_CONFIG_FLAG_FILTER_INSTANCE_CONFIGURATION 0x00000001

typedef struct _NDIS_CONFIGURATION_OBJECT {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT */
    NDIS_HANDLE NdisHandle;
    ULONG Flags;
} NDIS_CONFIGURATION_OBJECT, *PNDIS_CONFIGURATION_OBJECT;

#define NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_CONFIGURATION_OBJECT, Flags)

typedef enum _NDIS_PARAMETER_TYPE {
    NdisParameterInteger,
    NdisParameterHexInteger,
    NdisParameterString,
    NdisParameterMultiString,
    NdisParameterBinary
} NDIS_PARAMETER_TYPE, *PNDIS_PARAMETER_TYPE;

typedef struct {
    USHORT Length;
    PVOID Buffer;
} BINARY_DATA;

typedef struct _NDIS_CONFIGURATION_PARAMETER {
    NDIS_PARAMETER_TYPE ParameterType;
    union {
        ULONG IntegerData;
        NDIS_STRING StringData;
        BINARY_DATA BinaryData;
    } ParameterData;
} NDIS_CONFIGURATION_PARAMETER, *PNDIS_CONFIGURATION_PARAMETER;

extern NDIS_STATUS NdisOpenConfigurationEx(_In_ PNDIS_CONFIGURATION_OBJECT ConfigObject,
                                           _Out_ PNDIS_HANDLE ConfigurationHandle);
extern VOID NdisCloseConfiguration(_In_ NDIS_HANDLE ConfigurationHandle);
extern VOID NdisReadConfiguration(_Out_ PNDIS_STATUS Status,
                                  _Out_ PNDIS_CONFIGURATION_PARAMETER *ParameterValue,
                                  _In_ NDIS_HANDLE ConfigurationHandle,
                                  _In_ PNDIS_STRING Keyword,
                                  _In_ NDIS_PARAMETER_TYPE ParameterType);
extern VOID NdisWriteConfiguration(_Out_ PNDIS_STATUS Status, _In_ NDIS_HANDLE ConfigurationHandle,
                                   _In_ PNDIS_STRING Keyword,
                                   _In_ PNDIS_CONFIGURATION_PARAMETER ParameterValue);
extern VOID NdisReadNetworkAddress(_Out_ PNDIS_STATUS Status, _Out_ PVOID *NetworkAddress,
                                   _Out_ PUINT NetworkAddressLength, _In_ NDIS_HANDLE ConfigurationHandle);

#endif
