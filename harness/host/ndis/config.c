/* Configuration: keywords come from the scenario (host_config_find).
 * Parameters handed out live until NdisCloseConfiguration. */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include "ndis_internal.h"

#define KEYWORD_MAX 128

typedef struct param_block {
    struct param_block *next;
    NDIS_CONFIGURATION_PARAMETER param;
    WCHAR text[];
} param_block;

typedef struct {
    adapter *a;
    param_block *params;
    UCHAR network_address[6];
} config_handle;

NDIS_STATUS NdisOpenConfigurationEx(PNDIS_CONFIGURATION_OBJECT ConfigObject, PNDIS_HANDLE ConfigurationHandle)
{
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    config_handle *h = NULL;
    if (!ConfigObject || !ConfigurationHandle || ConfigObject->Header.Type != NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT ||
        ConfigObject->Header.Revision < NDIS_CONFIGURATION_OBJECT_REVISION_1 ||
        ConfigObject->Header.Size < NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1)
        status = NDIS_STATUS_INVALID_PARAMETER;
    else if (host_should_fail("NdisOpenConfigurationEx") || !(h = calloc(1, sizeof *h)))
        status = NDIS_STATUS_RESOURCES;
    else if (ndis_handle_add(h, NDIS_RES_CONFIG) != 0) {
        free(h);
        h = NULL;
        status = NDIS_STATUS_RESOURCES;
    } else {
        h->a = host_adapter_from_handle(ConfigObject->NdisHandle);
        *ConfigurationHandle = h;
    }
    HOST_DDI("NdisOpenConfigurationEx", status, TA_PTR("handle", h));
    return status;
}

VOID NdisCloseConfiguration(NDIS_HANDLE ConfigurationHandle)
{
    int known = ndis_handle_is(ConfigurationHandle, NDIS_RES_CONFIG);
    HOST_DDI_VOID("NdisCloseConfiguration", TA_PTR("handle", ConfigurationHandle));
    if (!known)
        return;
    config_handle *h = ConfigurationHandle;
    while (h->params) {
        param_block *p = h->params;
        h->params = p->next;
        free(p);
    }
    ndis_handle_remove(h);
    free(h);
}

static param_block *param_new(config_handle *h, size_t text_chars)
{
    param_block *p = calloc(1, sizeof *p + (text_chars + 1) * sizeof(WCHAR));
    if (p) {
        p->next = h->params;
        h->params = p;
    }
    return p;
}

/* Fills *out from a scenario entry; the NDIS status. A string read as an
 * integer is parsed as the registry would (decimal, or hex for HexInteger). */
static NDIS_STATUS answer(config_handle *h, const config_entry *e, NDIS_PARAMETER_TYPE type,
                          PNDIS_CONFIGURATION_PARAMETER *out)
{
    int want_int = type == NdisParameterInteger || type == NdisParameterHexInteger;
    if (!e->is_str || want_int) {
        int64_t v = e->num;
        if (e->is_str) {
            char *end = NULL;
            v = strtoll(e->str ? e->str : "", &end, type == NdisParameterHexInteger ? 16 : 10);
            if (!e->str || end == e->str || *end)
                return NDIS_STATUS_FAILURE;
        }
        param_block *p = param_new(h, 0);
        if (!p)
            return NDIS_STATUS_RESOURCES;
        p->param.ParameterType = type == NdisParameterHexInteger ? NdisParameterHexInteger : NdisParameterInteger;
        p->param.ParameterData.IntegerData = (ULONG)v;
        *out = &p->param;
        return NDIS_STATUS_SUCCESS;
    }
    size_t len = e->str ? strlen(e->str) : 0;
    param_block *p = param_new(h, len);
    if (!p)
        return NDIS_STATUS_RESOURCES;
    for (size_t i = 0; i < len; i++)
        p->text[i] = (unsigned char)e->str[i];
    p->param.ParameterType = NdisParameterString;
    p->param.ParameterData.StringData.Buffer = p->text;
    p->param.ParameterData.StringData.Length = (USHORT)(len * sizeof(WCHAR));
    p->param.ParameterData.StringData.MaximumLength = (USHORT)((len + 1) * sizeof(WCHAR));
    *out = &p->param;
    return NDIS_STATUS_SUCCESS;
}

/* NdisReadConfiguration page: the predefined entry names "along with
 * predefined return values": ProcessorType (the host is x86-64:
 * NdisProcessorAmd64, 4 in NDIS_PROCESSOR_TYPE) and NdisVersion
 * ("0xMMMMmmmm, where MMMM is the major and mmmm is the minor version
 * number", the version NdisGetVersion reports). */
static const config_entry *predefined_entry(const char *keyword)
{
    static const config_entry entries[] = {
        { (char *)"ProcessorType", 0, 4, NULL },
        { (char *)"NdisVersion", 0, NDIS_HOST_VERSION, NULL },
    };
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
        if (strcasecmp(entries[i].keyword, keyword) == 0)
            return &entries[i];
    return NULL;
}

VOID NdisReadConfiguration(PNDIS_STATUS Status, PNDIS_CONFIGURATION_PARAMETER *ParameterValue,
                           NDIS_HANDLE ConfigurationHandle, PNDIS_STRING Keyword, NDIS_PARAMETER_TYPE ParameterType)
{
    char keyword[KEYWORD_MAX];
    ndis_string_to_ascii(Keyword, keyword, sizeof keyword);
    NDIS_STATUS status = NDIS_STATUS_FAILURE;
    PNDIS_CONFIGURATION_PARAMETER value = NULL;
    if (!ndis_handle_is(ConfigurationHandle, NDIS_RES_CONFIG) || !Status || !ParameterValue)
        status = NDIS_STATUS_FAILURE;
    else {
        config_handle *h = ConfigurationHandle;
        const config_entry *e = h->a ? host_config_find(h->a, keyword) : NULL;
        if (!e)
            e = predefined_entry(keyword);
        if (e)
            status = answer(h, e, ParameterType, &value);
    }
    if (ParameterValue)
        *ParameterValue = value;
    if (Status)
        *Status = status;
    HOST_DDI("NdisReadConfiguration", status, TA_STR("Keyword", keyword), TA_INT("ParameterType", ParameterType),
             TA_PTR("ConfigurationHandle", ConfigurationHandle));
}

VOID NdisWriteConfiguration(PNDIS_STATUS Status, NDIS_HANDLE ConfigurationHandle, PNDIS_STRING Keyword,
                            PNDIS_CONFIGURATION_PARAMETER ParameterValue)
{
    char keyword[KEYWORD_MAX];
    ndis_string_to_ascii(Keyword, keyword, sizeof keyword);
    NDIS_STATUS status = ndis_handle_is(ConfigurationHandle, NDIS_RES_CONFIG) && ParameterValue
                             ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
    if (Status)
        *Status = status;
    HOST_DDI("NdisWriteConfiguration", status, TA_STR("Keyword", keyword),
             TA_INT("ParameterType", ParameterValue ? (int64_t)ParameterValue->ParameterType : -1));
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The NetworkAddress keyword: 12 hex digits, separators ignored. */
VOID NdisReadNetworkAddress(PNDIS_STATUS Status, PVOID *NetworkAddress, PUINT NetworkAddressLength,
                            NDIS_HANDLE ConfigurationHandle)
{
    NDIS_STATUS status = NDIS_STATUS_FAILURE;
    if (ndis_handle_is(ConfigurationHandle, NDIS_RES_CONFIG) && NetworkAddress && NetworkAddressLength) {
        config_handle *h = ConfigurationHandle;
        const config_entry *e = h->a ? host_config_find(h->a, "NetworkAddress") : NULL;
        if (e && e->is_str && e->str) {
            int digits = 0;
            memset(h->network_address, 0, sizeof h->network_address);
            for (const char *c = e->str; *c && digits < 12; c++) {
                int d = hex_digit(*c);
                if (d < 0)
                    continue;
                h->network_address[digits / 2] = (UCHAR)((h->network_address[digits / 2] << 4) | d);
                digits++;
            }
            if (digits == 12) {
                *NetworkAddress = h->network_address;
                *NetworkAddressLength = 6;
                status = NDIS_STATUS_SUCCESS;
            }
        }
    }
    if (Status)
        *Status = status;
    HOST_DDI("NdisReadNetworkAddress", status, TA_PTR("ConfigurationHandle", ConfigurationHandle));
}
