/* Values from /work/shared/reference/ndis-constants.md (which cites the
 * mingw-w64 10.0.0 and ReactOS ndis.h/ntddndis.h/ifdef.h headers); IRQL
 * levels from the WDK's wdm.h convention (PASSIVE 0, APC 1, DISPATCH 2). */
#include "constants.h"

#include <stddef.h>
#include <string.h>

typedef struct {
    const char *name;
    int64_t value;
    constant_family family;
} constant;

#define ST(n, v) { #n, (int32_t)(uint32_t)(v), CONST_STATUS }
#define CO(n, v) { #n, (v), CONST_OTHER }

static const constant constants[] = {
    /* ndis-constants.md section 1: NDIS_STATUS codes (signed 32-bit) */
    ST(NDIS_STATUS_SUCCESS, 0x00000000),
    ST(NDIS_STATUS_PENDING, 0x00000103),
    ST(NDIS_STATUS_FAILURE, 0xC0000001),
    ST(NDIS_STATUS_RESOURCES, 0xC000009A),
    ST(NDIS_STATUS_NOT_SUPPORTED, 0xC00000BB),
    ST(NDIS_STATUS_RESET_IN_PROGRESS, 0xC001000D),
    ST(NDIS_STATUS_SOFT_ERRORS, 0x80010003),
    ST(NDIS_STATUS_HARD_ERRORS, 0x80010004),
    ST(NDIS_STATUS_INVALID_PORT, 0xC023002D),
    ST(NDIS_STATUS_INVALID_PORT_STATE, 0xC023002E),
    ST(NDIS_STATUS_INVALID_DATA, 0xC0010015),
    ST(NDIS_STATUS_INVALID_LENGTH, 0xC0010014),
    ST(NDIS_STATUS_BUFFER_TOO_SHORT, 0xC0010016),
    ST(NDIS_STATUS_ADAPTER_NOT_READY, 0xC0010011),
    ST(NDIS_STATUS_ADAPTER_REMOVED, 0xC0010018),
    ST(NDIS_STATUS_PAUSED, 0xC023002A),
    ST(NDIS_STATUS_LINK_STATE, 0x40010017),
    ST(NDIS_STATUS_RESET_START, 0x40010004),
    ST(NDIS_STATUS_RESET_END, 0x40010005),
    ST(NDIS_STATUS_REQUEST_ABORTED, 0xC001000C),
    ST(NDIS_STATUS_INVALID_OID, 0xC0010017),
    ST(NDIS_STATUS_CLOSING, 0xC0010002),
    ST(NDIS_STATUS_INVALID_PARAMETER, 0xC000000D),
    ST(NDIS_STATUS_LOW_POWER_STATE, 0xC023002F),
    ST(NDIS_STATUS_SEND_ABORTED, 0xC023000C),
    ST(NDIS_STATUS_UNSUPPORTED_REVISION, 0xC023002C),
    ST(NDIS_STATUS_INVALID_STATE, 0xC0000184),
    ST(NDIS_STATUS_MEDIA_DISCONNECTED, 0xC023001F),
    ST(NDIS_STATUS_INDICATION_REQUIRED, 0x40230001),
    ST(NDIS_STATUS_BUFFER_OVERFLOW, 0x80000005),
    ST(NDIS_STATUS_BAD_VERSION, 0xC0010004),
    ST(NDIS_STATUS_BAD_CHARACTERISTICS, 0xC0010005),
    ST(NDIS_STATUS_ADAPTER_NOT_FOUND, 0xC0010006),
    ST(NDIS_STATUS_MULTICAST_FULL, 0xC0010009),
    ST(NDIS_STATUS_INVALID_ADDRESS, 0xC0010022),
    ST(NDIS_STATUS_NOT_ACCEPTED, 0x00010003),
    ST(NDIS_STATUS_MEDIA_CONNECT, 0x4001000B),
    ST(NDIS_STATUS_MEDIA_DISCONNECT, 0x4001000C),
    ST(NDIS_STATUS_RECEIVE_QUEUE_STATE, 0x4002000D),
    ST(STATUS_SUCCESS, 0x00000000),
    /* section 2: NDIS_HALT_ACTION, NDIS_SHUTDOWN_ACTION, NDIS_DEVICE_PNP_EVENT */
    CO(NdisHaltDeviceDisabled, 0),
    CO(NdisHaltDeviceInstanceDeInitialized, 1),
    CO(NdisHaltDevicePoweredDown, 2),
    CO(NdisHaltDeviceSurpriseRemoved, 3),
    CO(NdisHaltDeviceFailed, 4),
    CO(NdisHaltDeviceInitializationFailed, 5),
    CO(NdisHaltDeviceStopped, 6),
    CO(NdisShutdownPowerOff, 0),
    CO(NdisShutdownBugCheck, 1),
    CO(NdisDevicePnPEventQueryRemoved, 0),
    CO(NdisDevicePnPEventRemoved, 1),
    CO(NdisDevicePnPEventSurpriseRemoved, 2),
    CO(NdisDevicePnPEventQueryStopped, 3),
    CO(NdisDevicePnPEventStopped, 4),
    CO(NdisDevicePnPEventPowerProfileChanged, 5),
    /* section 3: NDIS_OBJECT_TYPE_* */
    CO(NDIS_OBJECT_TYPE_DEFAULT, 0x80),
    CO(NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS, 0x81),
    CO(NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS, 0x8A),
    CO(NDIS_OBJECT_TYPE_OID_REQUEST, 0x96),
    CO(NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS, 0x97),
    CO(NDIS_OBJECT_TYPE_STATUS_INDICATION, 0x98),
    CO(NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, 0x9E),
    CO(NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, 0x9F),
    CO(NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, 0xA0),
    CO(NDIS_OBJECT_TYPE_RESTART_GENERAL_ATTRIBUTES, 0xA2),
    CO(NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT, 0xA9),
    CO(NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES, 0xAF),
    /* section 6: NET_PNP_EVENT_CODE */
    CO(NetEventSetPower, 0),
    CO(NetEventQueryPower, 1),
    CO(NetEventQueryRemoveDevice, 2),
    CO(NetEventCancelRemoveDevice, 3),
    CO(NetEventReconfigure, 4),
    CO(NetEventBindList, 5),
    CO(NetEventBindsComplete, 6),
    CO(NetEventPnPCapabilities, 7),
    CO(NetEventPause, 8),
    CO(NetEventRestart, 9),
    CO(NetEventPortActivation, 10),
    CO(NetEventPortDeactivation, 11),
    CO(NetEventIMReEnableDevice, 12),
    /* section 7: OIDs, ports, media state */
    CO(OID_GEN_MINIPORT_RESTART_ATTRIBUTES, 0x0001021D),
    /* OIDs with a fixed-size InformationBuffer (OID-BYTES-NEEDED); values as in
     * ntddndis.h, the same as harness/include/ndis/oid.h */
    CO(OID_GEN_MEDIA_SUPPORTED, 0x00010103),
    CO(OID_GEN_MEDIA_IN_USE, 0x00010104),
    CO(OID_GEN_MAXIMUM_FRAME_SIZE, 0x00010106),
    CO(OID_GEN_LINK_SPEED, 0x00010107),
    CO(OID_GEN_VENDOR_ID, 0x0001010C),
    CO(OID_GEN_CURRENT_PACKET_FILTER, 0x0001010E),
    CO(OID_GEN_CURRENT_LOOKAHEAD, 0x0001010F),
    CO(OID_GEN_MAXIMUM_TOTAL_SIZE, 0x00010111),
    CO(OID_GEN_VENDOR_DRIVER_VERSION, 0x00010116),
    CO(OID_802_3_PERMANENT_ADDRESS, 0x01010101),
    CO(OID_802_3_CURRENT_ADDRESS, 0x01010102),
    CO(OID_802_3_MAXIMUM_LIST_SIZE, 0x01010104),
    CO(NDIS_DEFAULT_PORT_NUMBER, 0),
    CO(NDIS_MAXIMUM_PORTS, 0x1000000),
    CO(MediaConnectStateUnknown, 0),
    CO(MediaConnectStateConnected, 1),
    CO(MediaConnectStateDisconnected, 2),
    CO(MediaDuplexStateUnknown, 0),
    CO(MediaDuplexStateHalf, 1),
    CO(MediaDuplexStateFull, 2),
    /* IRQLs and BOOLEAN */
    CO(PASSIVE_LEVEL, 0),
    CO(APC_LEVEL, 1),
    CO(DISPATCH_LEVEL, 2),
    CO(DIRQL, 3),
    CO(TRUE, 1),
    CO(FALSE, 0),
};

int constant_value(const char *name, int64_t *value)
{
    for (size_t i = 0; i < sizeof constants / sizeof constants[0]; i++)
        if (strcmp(constants[i].name, name) == 0) {
            *value = constants[i].value;
            return 0;
        }
    return -1;
}

const char *status_name(int64_t status)
{
    int32_t s = (int32_t)(uint32_t)status;
    for (size_t i = 0; i < sizeof constants / sizeof constants[0]; i++)
        if (constants[i].family == CONST_STATUS && constants[i].value == s &&
            strncmp(constants[i].name, "NDIS_", 5) == 0)
            return constants[i].name;
    return NULL;
}

const char *status_class(int64_t status)
{
    static const char *const names[] = { "success", "informational", "warning", "error" };
    return names[((uint32_t)status >> 30) & 3];
}

int constant_like(const char *text)
{
    static const char *const prefixes[] = { "Ndis", "Media", "NetEvent" };
    if (strcmp(text, "TRUE") == 0 || strcmp(text, "FALSE") == 0)
        return 1;
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(text, prefixes[i], n) == 0 && text[n] >= 'A' && text[n] <= 'Z')
            return 1;
    }
    /* ALL_CAPS_WITH_UNDERSCORE */
    int underscore = 0;
    if (!(text[0] >= 'A' && text[0] <= 'Z'))
        return 0;
    for (const char *c = text; *c; c++) {
        if (*c == '_')
            underscore = 1;
        else if (!((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
            return 0;
    }
    return underscore;
}
