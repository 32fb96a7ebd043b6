/* The NDIS header shim: Windows widths, the layouts drivers depend on, and
 * every value listed in /work/shared/reference/ndis-constants.md. */
#include <check.h>
#include <stdlib.h>
#include "ndis.h"
#include "ntintsafe.h"

_Static_assert(sizeof(ULONG) == 4, "ULONG is 32 bits");
_Static_assert(sizeof(LONG) == 4, "LONG is 32 bits");
_Static_assert(sizeof(USHORT) == 2, "USHORT");
_Static_assert(sizeof(WCHAR) == 2, "WCHAR is 16 bits");
_Static_assert(sizeof(BOOLEAN) == 1, "BOOLEAN is a UCHAR");
_Static_assert(sizeof(ULONG_PTR) == 8 && sizeof(SIZE_T) == 8 && sizeof(ULONG64) == 8, "64-bit types");
_Static_assert(sizeof(NDIS_STATUS) == 4, "NDIS_STATUS is 32 bits");
_Static_assert(sizeof(NDIS_PORT_NUMBER) == 4, "NDIS_PORT_NUMBER is a ULONG");
_Static_assert(sizeof(NDIS_OBJECT_HEADER) == 4, "UCHAR Type, UCHAR Revision, USHORT Size");
_Static_assert(sizeof(((NET_BUFFER_LIST *)0)->MiniportReserved) == 2 * sizeof(PVOID), "NBL MiniportReserved PVOID[2]");
_Static_assert(sizeof(((NET_BUFFER *)0)->MiniportReserved) == 4 * sizeof(PVOID), "NB MiniportReserved PVOID[4]");
_Static_assert(sizeof(((NET_BUFFER_LIST *)0)->MiniportReserved) >= sizeof(LIST_ENTRY), "LIST_ENTRY fits");
_Static_assert(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1 < NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2, "rev2 grows");
_Static_assert(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 < NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3, "rev3 grows");
_Static_assert(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3 <= sizeof(NDIS_MINIPORT_DRIVER_CHARACTERISTICS), "fits");
_Static_assert(NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1 < NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2, "gen rev2 grows");
_Static_assert(NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2 <= sizeof(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES), "fits");
_Static_assert(NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_1 < NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_2, "restart rev2 grows");
_Static_assert(NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1 <= sizeof(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES), "fits");
_Static_assert(sizeof(NDIS_MINIPORT_ADAPTER_ATTRIBUTES) >= sizeof(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES), "union");
_Static_assert(offsetof(NDIS_OID_REQUEST, DATA.QUERY_INFORMATION.Oid) == offsetof(NDIS_OID_REQUEST, DATA.SET_INFORMATION.Oid), "Oid shared");
_Static_assert(sizeof(struct _QUERY) > 0 && sizeof(struct _SET) > 0 && sizeof(struct _METHOD) > 0, "DATA tags");
/* Port characteristics carry the port control state, not pause functions. */
_Static_assert(__builtin_types_compatible_p(__typeof__(((NDIS_PORT_CHARACTERISTICS *)0)->SendControlState),
                                            NDIS_PORT_CONTROL_STATE), "SendControlState type");
_Static_assert(__builtin_types_compatible_p(__typeof__(((NDIS_PORT_CHARACTERISTICS *)0)->RcvControlState),
                                            NDIS_PORT_CONTROL_STATE), "RcvControlState type");
_Static_assert(__builtin_types_compatible_p(__typeof__(((NDIS_PORT_CHARACTERISTICS *)0)->RcvAuthorizationState),
                                            NDIS_PORT_AUTHORIZATION_STATE), "RcvAuthorizationState type");
_Static_assert(__builtin_types_compatible_p(NDIS_ERROR_CODE, ULONG), "NDIS_ERROR_CODE is a ULONG");
_Static_assert('_MVN' == 0x5F4D564E, "multi-character pool tag gives the MSVC value");

typedef struct { const char *name; long long got; long long want; } constant;
#define C(name, want) { #name, (long long)(name), (long long)(want) }
/* NDIS_STATUS values compare as signed 32-bit. */
#define S(name, want) { #name, (long long)(name), (long long)(int32_t)(uint32_t)(want) }

static const constant constants[] = {
    /* §1 status codes */
    S(NDIS_STATUS_SUCCESS, 0x00000000), S(NDIS_STATUS_PENDING, 0x00000103),
    S(NDIS_STATUS_FAILURE, 0xC0000001), S(NDIS_STATUS_RESOURCES, 0xC000009A),
    S(NDIS_STATUS_NOT_SUPPORTED, 0xC00000BB), S(NDIS_STATUS_RESET_IN_PROGRESS, 0xC001000D),
    S(NDIS_STATUS_SOFT_ERRORS, 0x80010003), S(NDIS_STATUS_HARD_ERRORS, 0x80010004),
    S(NDIS_STATUS_INVALID_PORT, 0xC023002D), S(NDIS_STATUS_INVALID_PORT_STATE, 0xC023002E),
    S(NDIS_STATUS_INVALID_DATA, 0xC0010015), S(NDIS_STATUS_INVALID_LENGTH, 0xC0010014),
    S(NDIS_STATUS_BUFFER_TOO_SHORT, 0xC0010016), S(NDIS_STATUS_ADAPTER_NOT_READY, 0xC0010011),
    S(NDIS_STATUS_ADAPTER_REMOVED, 0xC0010018), S(NDIS_STATUS_PAUSED, 0xC023002A),
    S(NDIS_STATUS_LINK_STATE, 0x40010017), S(NDIS_STATUS_RESET_START, 0x40010004),
    S(NDIS_STATUS_RESET_END, 0x40010005), S(NDIS_STATUS_REQUEST_ABORTED, 0xC001000C),
    S(NDIS_STATUS_INVALID_OID, 0xC0010017), S(NDIS_STATUS_CLOSING, 0xC0010002),
    S(NDIS_STATUS_INVALID_PARAMETER, 0xC000000D), S(NDIS_STATUS_LOW_POWER_STATE, 0xC023002F),
    S(NDIS_STATUS_SEND_ABORTED, 0xC023000C), S(NDIS_STATUS_UNSUPPORTED_REVISION, 0xC023002C),
    S(NDIS_STATUS_INVALID_STATE, 0xC0000184), S(NDIS_STATUS_MEDIA_DISCONNECTED, 0xC023001F),
    S(NDIS_STATUS_INDICATION_REQUIRED, 0x40230001), S(NDIS_STATUS_BUFFER_OVERFLOW, 0x80000005),
    S(NDIS_STATUS_BAD_VERSION, 0xC0010004), S(NDIS_STATUS_BAD_CHARACTERISTICS, 0xC0010005),
    S(NDIS_STATUS_ADAPTER_NOT_FOUND, 0xC0010006), S(NDIS_STATUS_MULTICAST_FULL, 0xC0010009),
    S(NDIS_STATUS_INVALID_ADDRESS, 0xC0010022), S(NDIS_STATUS_NOT_ACCEPTED, 0x00010003),
    S(NDIS_STATUS_MEDIA_CONNECT, 0x4001000B), S(NDIS_STATUS_MEDIA_DISCONNECT, 0x4001000C),
    S(NDIS_STATUS_RECEIVE_QUEUE_STATE, 0x4002000D),
    /* §2 halt, shutdown, device PnP */
    C(NdisHaltDeviceDisabled, 0), C(NdisHaltDeviceInstanceDeInitialized, 1),
    C(NdisHaltDevicePoweredDown, 2), C(NdisHaltDeviceSurpriseRemoved, 3),
    C(NdisHaltDeviceFailed, 4), C(NdisHaltDeviceInitializationFailed, 5), C(NdisHaltDeviceStopped, 6),
    C(NdisShutdownPowerOff, 0), C(NdisShutdownBugCheck, 1),
    C(NdisDevicePnPEventQueryRemoved, 0), C(NdisDevicePnPEventRemoved, 1),
    C(NdisDevicePnPEventSurpriseRemoved, 2), C(NdisDevicePnPEventQueryStopped, 3),
    C(NdisDevicePnPEventStopped, 4), C(NdisDevicePnPEventPowerProfileChanged, 5),
    C(NdisDevicePnPEventFilterListChanged, 6), C(NdisDevicePnPEventMaximum, 7),
    /* §3 object types */
    C(NDIS_OBJECT_TYPE_DEFAULT, 0x80), C(NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS, 0x81),
    C(NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS, 0x8A), C(NDIS_OBJECT_TYPE_OID_REQUEST, 0x96),
    C(NDIS_OBJECT_TYPE_REQUEST_EX, 0x96), C(NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS, 0x97),
    C(NDIS_OBJECT_TYPE_STATUS_INDICATION, 0x98),
    C(NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, 0x9E),
    C(NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, 0x9F),
    C(NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, 0xA0),
    C(NDIS_OBJECT_TYPE_RESTART_GENERAL_ATTRIBUTES, 0xA2), C(NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT, 0xA9),
    C(NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES, 0xAF),
    C(NDIS_OBJECT_TYPE_QOS_CAPABILITIES, 0xB5), C(NDIS_OBJECT_TYPE_QOS_PARAMETERS, 0xB6),
    C(NDIS_OBJECT_TYPE_QOS_CLASSIFICATION_ELEMENT, 0xB7), C(NDIS_OBJECT_TYPE_MINIPORT_PNP_CHARACTERISTICS, 0x92),
    /* §4 revisions */
    C(NDIS_OBJECT_REVISION_1, 1), C(NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1, 1),
    C(NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2, 2), C(NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3, 3),
    C(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1, 1),
    C(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2, 2),
    C(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1, 1),
    C(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2, 2),
    C(NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_1, 1), C(NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_2, 2),
    C(NDIS_LINK_STATE_REVISION_1, 1), C(NDIS_STATUS_INDICATION_REVISION_1, 1),
    C(NDIS_CONFIGURATION_OBJECT_REVISION_1, 1),
    /* §6 NET_PNP_EVENT_CODE */
    C(NetEventSetPower, 0), C(NetEventQueryPower, 1), C(NetEventQueryRemoveDevice, 2),
    C(NetEventCancelRemoveDevice, 3), C(NetEventReconfigure, 4), C(NetEventBindList, 5),
    C(NetEventBindsComplete, 6), C(NetEventPnPCapabilities, 7), C(NetEventPause, 8), C(NetEventRestart, 9),
    C(NetEventPortActivation, 10), C(NetEventPortDeactivation, 11), C(NetEventIMReEnableDevice, 12),
    C(NetEventMaximum, 13),
    /* §7 OIDs, ports, media state */
    C(OID_GEN_MINIPORT_RESTART_ATTRIBUTES, 0x0001021D), C(NDIS_DEFAULT_PORT_NUMBER, 0),
    C(NDIS_MAXIMUM_PORTS, 0x1000000), C(MediaConnectStateUnknown, 0), C(MediaConnectStateConnected, 1),
    C(MediaConnectStateDisconnected, 2), C(MediaDuplexStateUnknown, 0), C(MediaDuplexStateHalf, 1),
    C(MediaDuplexStateFull, 2), C(NdisRequestQueryInformation, 0), C(NdisRequestSetInformation, 1),
    C(NdisRequestGeneric4, 11), C(NdisRequestMethod, 12), C(NdisDeviceStateUnspecified, 0),
    C(NdisDeviceStateD0, 1), C(NdisDeviceStateD3, 4), C(NdisDeviceStateMaximum, 5),
    C(NDIS_PACKET_TYPE_DIRECTED, 0x1), C(NDIS_PACKET_TYPE_MULTICAST, 0x2),
    C(NDIS_PACKET_TYPE_ALL_MULTICAST, 0x4), C(NDIS_PACKET_TYPE_BROADCAST, 0x8),
    C(NDIS_PACKET_TYPE_PROMISCUOUS, 0x20),
    /* OIDs looked up for the brief (WDK ntddndis.h) */
    C(OID_GEN_CURRENT_PACKET_FILTER, 0x0001010E), C(OID_802_3_PERMANENT_ADDRESS, 0x01010101),
    C(OID_802_3_CURRENT_ADDRESS, 0x01010102), C(OID_802_3_MULTICAST_LIST, 0x01010103),
    C(OID_PNP_ADD_WAKE_UP_PATTERN, 0xFD010103),
    /* Port control and authorization states (windows-sys constant pages) */
    C(NdisPortControlStateUnknown, 0), C(NdisPortControlStateControlled, 1),
    C(NdisPortControlStateUncontrolled, 2), C(NdisPortAuthorizationUnknown, 0),
    C(NdisPortAuthorized, 1), C(NdisPortUnauthorized, 2), C(NdisPortReauthorizing, 3),
    /* NdisWriteErrorLogEntry codes (G ndis-types.h, ndiswrapper ndis.h) */
    C(NDIS_ERROR_CODE_RESOURCE_CONFLICT, 0xC0001388), C(NDIS_ERROR_CODE_OUT_OF_RESOURCES, 0xC0001389),
    C(NDIS_ERROR_CODE_HARDWARE_FAILURE, 0xC000138A), C(NDIS_ERROR_CODE_ADAPTER_NOT_FOUND, 0xC000138B),
    C(NDIS_ERROR_CODE_INTERRUPT_CONNECT, 0xC000138C), C(NDIS_ERROR_CODE_DRIVER_FAILURE, 0xC000138D),
    C(NDIS_ERROR_CODE_BAD_VERSION, 0xC000138E), C(NDIS_ERROR_CODE_TIMEOUT, 0x8000138F),
    C(NDIS_ERROR_CODE_NETWORK_ADDRESS, 0xC0001390), C(NDIS_ERROR_CODE_UNSUPPORTED_CONFIGURATION, 0xC0001391),
    C(NDIS_ERROR_CODE_INVALID_VALUE_FROM_ADAPTER, 0xC0001392),
    C(NDIS_ERROR_CODE_MISSING_CONFIGURATION_PARAMETER, 0xC0001393),
    C(NDIS_ERROR_CODE_BAD_IO_BASE_ADDRESS, 0xC0001394), C(NDIS_ERROR_CODE_RECEIVE_SPACE_SMALL, 0x40001395),
    C(NDIS_ERROR_CODE_ADAPTER_DISABLED, 0x80001396),
    /* Hardware and media state (windows-sys) */
    C(NdisHardwareStatusReady, 0), C(NdisHardwareStatusInitializing, 1), C(NdisHardwareStatusReset, 2),
    C(NdisHardwareStatusClosing, 3), C(NdisHardwareStatusNotReady, 4),
    C(NdisMediaStateConnected, 0), C(NdisMediaStateDisconnected, 1),
    /* General attributes SupportedStatistics (G ndis-types.h; windows-sys) */
    C(NDIS_STATISTICS_XMIT_OK_SUPPORTED, 0x1), C(NDIS_STATISTICS_RCV_OK_SUPPORTED, 0x2),
    C(NDIS_STATISTICS_XMIT_ERROR_SUPPORTED, 0x4), C(NDIS_STATISTICS_RCV_ERROR_SUPPORTED, 0x8),
    C(NDIS_STATISTICS_RCV_NO_BUFFER_SUPPORTED, 0x10), C(NDIS_STATISTICS_DIRECTED_BYTES_XMIT_SUPPORTED, 0x20),
    C(NDIS_STATISTICS_DIRECTED_FRAMES_XMIT_SUPPORTED, 0x40),
    C(NDIS_STATISTICS_MULTICAST_BYTES_XMIT_SUPPORTED, 0x80),
    C(NDIS_STATISTICS_MULTICAST_FRAMES_XMIT_SUPPORTED, 0x100),
    C(NDIS_STATISTICS_BROADCAST_BYTES_XMIT_SUPPORTED, 0x200),
    C(NDIS_STATISTICS_BROADCAST_FRAMES_XMIT_SUPPORTED, 0x400),
    C(NDIS_STATISTICS_DIRECTED_BYTES_RCV_SUPPORTED, 0x800),
    C(NDIS_STATISTICS_DIRECTED_FRAMES_RCV_SUPPORTED, 0x1000),
    C(NDIS_STATISTICS_MULTICAST_BYTES_RCV_SUPPORTED, 0x2000),
    C(NDIS_STATISTICS_MULTICAST_FRAMES_RCV_SUPPORTED, 0x4000),
    C(NDIS_STATISTICS_BROADCAST_BYTES_RCV_SUPPORTED, 0x8000),
    C(NDIS_STATISTICS_BROADCAST_FRAMES_RCV_SUPPORTED, 0x10000),
    C(NDIS_STATISTICS_RCV_CRC_ERROR_SUPPORTED, 0x20000),
    C(NDIS_STATISTICS_TRANSMIT_QUEUE_LENGTH_SUPPORTED, 0x40000),
    C(NDIS_STATISTICS_BYTES_RCV_SUPPORTED, 0x80000), C(NDIS_STATISTICS_BYTES_XMIT_SUPPORTED, 0x100000),
    C(NDIS_STATISTICS_RCV_DISCARDS_SUPPORTED, 0x200000), C(NDIS_STATISTICS_GEN_STATISTICS_SUPPORTED, 0x400000),
    C(NDIS_STATISTICS_XMIT_DISCARDS_SUPPORTED, 0x8000000),
    /* IRQL */
    C(PASSIVE_LEVEL, 0), C(APC_LEVEL, 1), C(DISPATCH_LEVEL, 2),
    /* Statistics OIDs (mingw-w64 10.0.0 ntddndis.h:457-546) */
    C(OID_GEN_STATISTICS, 0x00020106), C(OID_GEN_TRANSMIT_QUEUE_LENGTH, 0x0002020E),
    C(OID_GEN_RCV_DISCARDS, 0x0002021B), C(OID_GEN_XMIT_DISCARDS, 0x0002021C),
    C(OID_802_3_RCV_ERROR_ALIGNMENT, 0x01020101), C(OID_802_3_XMIT_ONE_COLLISION, 0x01020102),
    C(OID_802_3_XMIT_MORE_COLLISIONS, 0x01020103), C(OID_802_3_XMIT_DEFERRED, 0x01020201),
    C(OID_802_3_XMIT_MAX_COLLISIONS, 0x01020202), C(OID_802_3_RCV_OVERRUN, 0x01020203),
    C(OID_802_3_XMIT_UNDERRUN, 0x01020204), C(OID_802_3_XMIT_HEARTBEAT_FAILURE, 0x01020205),
    C(OID_802_3_XMIT_TIMES_CRS_LOST, 0x01020206), C(OID_802_3_XMIT_LATE_COLLISIONS, 0x01020207),
    C(NDIS_STATISTICS_INFO_REVISION_1, 1), C(NDIS_INTERRUPT_MODERATION_PARAMETERS_REVISION_1, 1),
    C(NDIS_SIZEOF_STATISTICS_INFO_REVISION_1, 152), C(NDIS_SIZEOF_INTERRUPT_MODERATION_PARAMETERS_REVISION_1, 12),
    C(NdisInterruptModerationUnknown, 0), C(NdisInterruptModerationNotSupported, 1),
    C(NdisInterruptModerationEnabled, 2), C(NdisInterruptModerationDisabled, 3),
    /* Kernel pieces (mingw-w64 10.0.0 ddk/wdm.h) */
    C(LowImportance, 0), C(MediumImportance, 1), C(HighImportance, 2), C(MediumHighImportance, 3),
    C(NonPagedPool, 0), C(PagedPool, 1), C(NonPagedPoolCacheAligned, 4), C(NonPagedPoolNx, 512),
    C(NonPagedPoolNxCacheAligned, 516),
    C(LowPagePriority, 0), C(NormalPagePriority, 16), C(HighPagePriority, 32),
    C(MdlMappingNoWrite, 0x80000000), C(MdlMappingNoExecute, 0x40000000),
    C(MAXIMUM_PROCESSORS, 64), C(STATUS_INTEGER_OVERFLOW, (NTSTATUS)0xC0000095),
    C(sizeof(KDPC_WATCHDOG_INFORMATION), 20), C(sizeof(LOCK_STATE), 4),
    C(offsetof(NDIS_RW_LOCK, RefCount), 16), C(sizeof(NDIS_RW_LOCK), 16 + 16 * MAXIMUM_PROCESSORS),
};

START_TEST(test_constant_values)
{
    const constant *c = &constants[_i];
    ck_assert_msg(c->got == c->want, "%s is %lld, expected %lld", c->name, c->got, c->want);
}
END_TEST

START_TEST(test_status_is_signed_32)
{
    NDIS_STATUS s = NDIS_STATUS_FAILURE;
    ck_assert(s < 0);
    ck_assert(!NT_SUCCESS(s));
    ck_assert(NT_SUCCESS(NDIS_STATUS_PENDING));
    ck_assert_uint_eq((uint32_t)NDIS_STATUS_INVALID_PORT_STATE, 0xC023002Eu);
}
END_TEST

START_TEST(test_string_const_and_lists)
{
    NDIS_STRING s = NDIS_STRING_CONST("Speed");
    LIST_ENTRY head, a, b;
    ck_assert_uint_eq(s.Length, 10);
    ck_assert_uint_eq(s.MaximumLength, 12);
    ck_assert_uint_eq(s.Buffer[0], 'S');
    InitializeListHead(&head);
    ck_assert(IsListEmpty(&head));
    InsertTailList(&head, &a);
    InsertTailList(&head, &b);
    ck_assert_ptr_eq(RemoveHeadList(&head), &a);
    ck_assert_ptr_eq(CONTAINING_RECORD(head.Flink, LIST_ENTRY, Flink), &b);
    ck_assert_ptr_eq(RemoveHeadList(&head), &b);
    ck_assert(IsListEmpty(&head));
}
END_TEST

/* RTL_CONSTANT_STRING takes a wide literal, as in the WDK (u"" here; L"" with -fshort-wchar). */
START_TEST(test_rtl_constant_string_wide)
{
    UNICODE_STRING s = RTL_CONSTANT_STRING(u"NetvminiMacAddress");
    ck_assert_uint_eq(s.Length, 36);
    ck_assert_uint_eq(s.MaximumLength, 38);
    ck_assert_uint_eq(s.Buffer[0], 'N');
    ck_assert_uint_eq(s.Buffer[18], 0);
}
END_TEST

START_TEST(test_ntintsafe)
{
    ULONG r = 0;
    ck_assert_int_eq(RtlULongAdd(40, 2, &r), STATUS_SUCCESS);
    ck_assert_uint_eq(r, 42);
    ck_assert_int_eq(RtlULongAdd(0xFFFFFFFFu, 1, &r), STATUS_INTEGER_OVERFLOW);
    ck_assert_uint_eq(r, ULONG_ERROR);
    ck_assert_int_eq(RtlULongMult(0x10000u, 0x10000u, &r), STATUS_INTEGER_OVERFLOW);
    ck_assert_int_eq(RtlULongMult(6, 7, &r), STATUS_SUCCESS);
    ck_assert_uint_eq(r, 42);
}
END_TEST

START_TEST(test_interlocked_and_sizeof_through_field)
{
    LONG v = 5;
    ck_assert_int_eq(InterlockedIncrement(&v), 6);
    ck_assert_int_eq(InterlockedCompareExchange(&v, 9, 6), 6);
    ck_assert_int_eq(v, 9);
    ck_assert_uint_eq(RTL_SIZEOF_THROUGH_FIELD(NDIS_OBJECT_HEADER, Revision), 2);
    ck_assert_uint_eq(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1,
                      offsetof(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, CancelOidRequestHandler) + sizeof(PVOID));
    ck_assert(ETH_IS_BROADCAST("\xff\xff\xff\xff\xff\xff"));
    ck_assert(ETH_IS_MULTICAST("\x01\x00\x5e\x00\x00\x01"));
    ck_assert(!ETH_IS_MULTICAST("\x02\x00\x5e\x00\x00\x01"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("shim");
    TCase *tc = tcase_create("ndis.h");
    tcase_add_loop_test(tc, test_constant_values, 0, (int)(sizeof(constants) / sizeof(constants[0])));
    tcase_add_test(tc, test_status_is_signed_32);
    tcase_add_test(tc, test_string_const_and_lists);
    tcase_add_test(tc, test_interlocked_and_sizeof_through_field);
    tcase_add_test(tc, test_rtl_constant_string_wide);
    tcase_add_test(tc, test_ntintsafe);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
