/* The NDIS 6.20+ part of the header shim: sizes, offsets and NDIS_SIZEOF_*
 * values of the structures drivers fill in, and the version macro selection.
 *
 * The expected numbers are NOT taken from the shim.  Each was computed by
 * hand from a public layout, with the x64 (LLP64) rules the WDK compiler
 * uses: ULONG/enum 4 bytes, pointers/ULONG64/KAFFINITY 8, USHORT/WCHAR 2,
 * each member at its natural alignment, NDIS_OBJECT_HEADER = 4, and
 * NDIS_SIZEOF_X_REVISION_n = RTL_SIZEOF_THROUGH_FIELD(X, last member of
 * revision n), as the WDK defines them.  Sources, abbreviated per row:
 *   MN  mingw-w64 10.0.0 ntddndis.h (Debian mingw-w64-common): receive filter,
 *       NIC switch, RSS, PM, QoS structures and their NDIS_SIZEOF_* lines
 *   MW  mingw-w64 10.0.0 winnt.h: PROCESSOR_NUMBER (9435), GROUP_AFFINITY (397)
 *   W   the WDK reference page of the structure (learn.microsoft.com/windows-
 *       hardware/drivers/ddi/ndis/ns-ndis-_<name> or ntddndis/ns-ntddndis-_<name>):
 *       its Syntax block and the revision list in its Header member
 * The arithmetic is in the comment of each row. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "ndis.h"
#include "ndis_fixture.h"

typedef struct {
    const char *what;
    long long got;
    long long want;
} layout_fact;

#define F(expr, want) { #expr, (long long)(expr), (long long)(want) }
#define OFF(type, field, want) { "offsetof(" #type ", " #field ")", (long long)offsetof(type, field), (long long)(want) }

static const layout_fact facts[] = {
    /* MW: USHORT Group; UCHAR Number; UCHAR Reserved */
    F(sizeof(PROCESSOR_NUMBER), 4), OFF(PROCESSOR_NUMBER, Number, 2),
    /* MW: KAFFINITY Mask (8); USHORT Group @8; USHORT Reserved[3] @10 -> 16 */
    F(sizeof(GROUP_AFFINITY), 16), OFF(GROUP_AFFINITY, Group, 8),
    /* W lock_state_ex: KIRQL OldIrql; UCHAR LockState; UCHAR Flags */
    F(sizeof(LOCK_STATE_EX), 3), OFF(LOCK_STATE_EX, LockState, 1), OFF(LOCK_STATE_EX, Flags, 2),
    F(NDIS_RWL_AT_DISPATCH_LEVEL, 1),

    /* W ndis_miniport_adapter_hardware_assist_attributes: header 4, pad 4,
     * pointers from 8: rev1 HDSplit (16), rev2 + 4 (48), rev3 + 4 (80), rev4 + 2 (96) */
    F(NDIS_SIZEOF_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES_REVISION_1, 16),
    F(NDIS_SIZEOF_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES_REVISION_2, 48),
    F(NDIS_SIZEOF_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES_REVISION_3, 80),
    F(NDIS_SIZEOF_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES_REVISION_4, 96),
    F(NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES_REVISION_3, 3),
    /* W ndis_miniport_adapter_registration_attributes: header, pad, context @8,
     * AttributeFlags @16, CheckForHang @20, InterfaceType @24 -> 28; revision 2
     * (NDIS 6.30) adds flags only */
    F(NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2, 28),
    /* W ndis_miniport_adapter_general_attributes: ... AutoNegotiationFlags ends
     * at 216 (rev 1); PowerManagementCapabilitiesEx pointer 216..224 (rev 2) */
    F(NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1, 216),
    F(NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2, 224),
    OFF(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, PermanentMacAddress, 94),
    OFF(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, RecvScaleCapabilities, 160),
    /* W ndis_miniport_driver_characteristics: 4 UCHAR versions @4, Flags @8,
     * 15 handlers from 16 (rev 1: 136), rev 2 +2 (152), rev 3 +1 (160) */
    F(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1, 136),
    F(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2, 152),
    F(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3, 160),
    /* W ndis_miniport_restart_parameters: RestartAttributes @8, BoundIfIndex @16,
     * BoundIfNetluid @24, Flags @32 -> 36 */
    F(NDIS_SIZEOF_MINIPORT_RESTART_PARAMETERS_REVISION_1, 36),
    /* W ndis_timer_characteristics: AllocationTag @4, TimerFunction @8, FunctionContext @16 -> 24 */
    F(NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1, 24),
    /* MN 4535: PortNumber @4, Flags @8, Type @12, MediaConnectState @16,
     * XmitLinkSpeed @24, RcvLinkSpeed @32, 5 enums @40..60 */
    F(NDIS_SIZEOF_PORT_CHARACTERISTICS_REVISION_1, 60),
    /* W ndis_oid_request: DATA (40) @32, NdisReserved[128] @72, MiniportReserved
     * @200, SourceReserved @216, SupportedRevision @232, Reserved2 @234 (rev 1: 236);
     * SwitchId @236, VPortId @240, Flags @244 (rev 2, NDIS 6.50: 248) */
    F(NDIS_SIZEOF_OID_REQUEST_REVISION_1, 236), F(NDIS_SIZEOF_OID_REQUEST_REVISION_2, 248),
    OFF(NDIS_OID_REQUEST, VPortId, 240), F(NDIS_OID_REQUEST_REVISION_2, 2),

    /* MN 2109-2320: Checksum 4 x (ULONG + bit-field ULONG) = 32 @4, LsoV1 16 @36,
     * IPsecV1 (5 + 1 + 1 ULONGs) 28 @52, LsoV2 (12 + 16) 28 @80, Flags @108 (rev 1: 112);
     * IPsecV2 (ULONG, 11 BOOLEANs, pad, 4 ULONGs = 32) @112 (rev 2: 144); Rsc (2) @144,
     * EncapsulatedPacketTaskOffloadGre (8) @148 (rev 3: 156) */
    F(NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1, 112), F(NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_2, 144),
    F(NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_3, 156), OFF(NDIS_OFFLOAD, LsoV2, 80),
    /* MN 2045: 11 UCHARs @4..15, Flags @16 (rev 1: 20); 2 UCHARs (rev 2: 22); 4 UCHARs (rev 3: 26) */
    F(NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1, 20), F(NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_2, 22),
    F(NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_3, 26),
    /* W: each per-NBL information structure is one PVOID slot */
    F(sizeof(NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO), 8),
    F(sizeof(NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO), 8),

    /* MN 2980: header + 13 ULONGs (56); rev 2 + 7 ULONGs (84) */
    F(NDIS_SIZEOF_RECEIVE_FILTER_CAPABILITIES_REVISION_1, 56),
    F(NDIS_SIZEOF_RECEIVE_FILTER_CAPABILITIES_REVISION_2, 84),
    /* MN 3006: header + 7 ULONGs (32); rev 2 + 21 ULONGs (116); W (NDIS 6.60):
     * rev 3 + 4 ULONGs (132) */
    F(NDIS_SIZEOF_NIC_SWITCH_CAPABILITIES_REVISION_1, 32),
    F(NDIS_SIZEOF_NIC_SWITCH_CAPABILITIES_REVISION_2, 116),
    F(NDIS_SIZEOF_NIC_SWITCH_CAPABILITIES_REVISION_3, 132),
    /* MN 3196: QueueGroupId ends at 20, GROUP_AFFINITY @24 (16), 3 ULONGs @40..52,
     * VmName (IF_COUNTED_STRING: 2 + 2*257 = 516) @52, QueueName @568 (rev 1: 1084);
     * PortId @1084, InterruptCoalescingDomainId @1088 (rev 2: 1092) */
    OFF(NDIS_RECEIVE_QUEUE_PARAMETERS, ProcessorAffinity, 24),
    OFF(NDIS_RECEIVE_QUEUE_PARAMETERS, VmName, 52),
    OFF(NDIS_RECEIVE_QUEUE_PARAMETERS, QueueName, 568),
    F(NDIS_SIZEOF_RECEIVE_QUEUE_PARAMETERS_REVISION_1, 1084),
    F(NDIS_SIZEOF_RECEIVE_QUEUE_PARAMETERS_REVISION_2, 1092),
    /* MN: header + 8 ULONGs (36); rev 2 + 2 (44) */
    F(NDIS_SIZEOF_RECEIVE_FILTER_PARAMETERS_REVISION_1, 36),
    F(NDIS_SIZEOF_RECEIVE_FILTER_PARAMETERS_REVISION_2, 44),
    /* MN: 4 ULONG-sized members @4..20, FieldValue (holds a ULONG64) @24, ResultValue @40 -> 56 */
    OFF(NDIS_RECEIVE_FILTER_FIELD_PARAMETERS, FieldValue, 24),
    F(NDIS_SIZEOF_RECEIVE_FILTER_FIELD_PARAMETERS_REVISION_1, 56),
    F(NDIS_SIZEOF_RECEIVE_FILTER_CLEAR_PARAMETERS_REVISION_1, 16),   /* MN: header + 3 */
    F(NDIS_SIZEOF_RECEIVE_QUEUE_FREE_PARAMETERS_REVISION_1, 12),     /* MN: header + 2 */
    F(NDIS_SIZEOF_RECEIVE_QUEUE_ALLOCATION_COMPLETE_ARRAY_REVISION_1, 20),   /* MN: header + 4 */
    /* MN: as the queue parameters with QueueState @20 before the affinity @24:
     * QueueName ends at 1084 (rev 1), NumFilters, InterruptCoalescingDomainId (rev 2: 1092) */
    F(NDIS_SIZEOF_RECEIVE_QUEUE_INFO_REVISION_1, 1084), F(NDIS_SIZEOF_RECEIVE_QUEUE_INFO_REVISION_2, 1092),
    F(NDIS_SIZEOF_RECEIVE_FILTER_INFO_ARRAY_REVISION_1, 20), F(NDIS_SIZEOF_RECEIVE_FILTER_INFO_ARRAY_REVISION_2, 28),

    /* MN 3372: header + 3 ULONGs (16); rev 2 USHORT (18) */
    F(NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_1, 16),
    F(NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_2, 18),
    /* MN 3381 / W: Flags @4, BaseCpu @6, HashInformation @8, ITableSize @12,
     * ITableOffset @16, KeySize @20, KeyOffset @24 (rev 1: 28); 3 ULONGs (rev 2: 40);
     * W: DefaultProcessorNumber @40 (rev 3, NDIS 6.60: 44) */
    F(NDIS_SIZEOF_RECEIVE_SCALE_PARAMETERS_REVISION_1, 28),
    F(NDIS_SIZEOF_RECEIVE_SCALE_PARAMETERS_REVISION_2, 40),
    F(NDIS_SIZEOF_RECEIVE_SCALE_PARAMETERS_REVISION_3, 44),
    /* MN 3452: Flags @4, RssBaseProcessor @8, MaxNum @12, PreferredNumaNode @16,
     * ArrayOffset @20, Count @24, EntrySize @28 (rev 1: 32); RssMaxProcessor @32,
     * RssProfile @36 (rev 2: 40) */
    F(NDIS_SIZEOF_RSS_PROCESSOR_INFO_REVISION_1, 32), F(NDIS_SIZEOF_RSS_PROCESSOR_INFO_REVISION_2, 40),
    F(sizeof(NDIS_RSS_PROCESSOR), 8), F(NDIS_SIZEOF_RSS_PROCESSOR_REVISION_1, 6),
    /* W ndis_receive_scale_parameters_v2: header + 6 ULONGs */
    F(NDIS_SIZEOF_RECEIVE_SCALE_PARAMETERS_V2_REVISION_1, 28),
    /* W ndis_rss_set_indirection_entry: 3 ULONGs, USHORT @12, PROCESSOR_NUMBER @14,
     * EntryStatus @20 -> 24 */
    OFF(NDIS_RSS_SET_INDIRECTION_ENTRY, TargetProcessorNumber, 14),
    OFF(NDIS_RSS_SET_INDIRECTION_ENTRY, EntryStatus, 20), F(sizeof(NDIS_RSS_SET_INDIRECTION_ENTRY), 24),
    F(NDIS_SIZEOF_RSS_SET_INDIRECTION_ENTRIES_REVISION_1, 20),   /* W: header + 4 ULONGs */
    /* MN: 128 entries of PROCESSOR_NUMBER */
    F(NDIS_RSS_INDIRECTION_TABLE_MAX_SIZE_REVISION_2, 512), F(NDIS_RSS_HASH_SECRET_KEY_MAX_SIZE_REVISION_2, 40),

    /* MN 2817: header + 9 ULONGs + 3 enums (52); rev 2 + 2 ULONGs (60) */
    F(NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1, 52), F(NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2, 60),
    F(NDIS_SIZEOF_NDIS_PM_PARAMETERS_REVISION_1, 16), F(NDIS_SIZEOF_NDIS_PM_PARAMETERS_REVISION_2, 20),
    /* MN: Flags @4, Priority @8, WoLPacketType @12, FriendlyName (2 + 2*65 = 132) @16,
     * PatternId @148, NextWoLPatternOffset @152, WoLPattern (IPv6 SYN: 4 + 32 + 4 = 40) @156 -> 196 */
    OFF(NDIS_PM_WOL_PATTERN, WoLPattern, 156), F(NDIS_SIZEOF_NDIS_PM_WOL_PATTERN_REVISION_1, 196),
    /* MN 3882: header + 4 ULONGs (20); element: header + ULONG + 4 USHORTs (16);
     * parameters: Flags @4, NumTC @8, 3 UCHAR[8] @12..36, 4 ULONGs -> 52 */
    F(NDIS_SIZEOF_QOS_CAPABILITIES_REVISION_1, 20),
    F(NDIS_SIZEOF_QOS_CLASSIFICATION_ELEMENT_REVISION_1, 16),
    F(NDIS_SIZEOF_QOS_PARAMETERS_REVISION_1, 52), OFF(NDIS_QOS_PARAMETERS, PfcEnable, 36),

    /* W ndis_shared_memory_parameters: Flags @4, QueueId @8, SharedMemoryHandle @16,
     * PreferredNode @24, Usage @28, Length @32, VirtualAddress @40,
     * SGListBufferLength @48, SGListBuffer @56 (rev 1: 64); VPortId @64 (rev 2: 68) */
    OFF(NDIS_SHARED_MEMORY_PARAMETERS, VirtualAddress, 40),
    F(NDIS_SIZEOF_SHARED_MEMORY_PARAMETERS_REVISION_1, 64),
    F(NDIS_SIZEOF_SHARED_MEMORY_PARAMETERS_REVISION_2, 68),
    /* W net_buffer_shared_memory: Next @0, Flags @8, Handle @16, Offset @24, Length @28 -> 32 */
    F(sizeof(NET_BUFFER_SHARED_MEMORY), 32), OFF(NET_BUFFER_SHARED_MEMORY, SharedMemoryLength, 28),
    /* W ndis_device_object_attributes: 3 pointers @8..32, ExtensionSize @32,
     * DefaultSDDLString @40, DeviceClassGuid @48 -> 56 */
    F(NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1, 56),
    OFF(NDIS_DEVICE_OBJECT_ATTRIBUTES, ExtensionSize, 32),
};

START_TEST(test_layout_fact)
{
    const layout_fact *f = &facts[_i];
    ck_assert_msg(f->got == f->want, "%s is %lld, the public layout gives %lld", f->what, f->got, f->want);
}
END_TEST

typedef struct {
    const char *name;
    long long got;
    long long want;
} value_fact;

#define V(name, want) { #name, (long long)(name), (long long)(want) }

/* Values: MN unless noted; (RS) is Microsoft's windows-rs listing generated
 * from the WDK metadata (microsoft.github.io/windows-docs-rs), (W) a WDK page. */
static const value_fact values[] = {
    V(OID_GEN_RECEIVE_SCALE_PARAMETERS_V2, 66068),          /* RS: 66068u32 */
    V(OID_GEN_RSS_SET_INDIRECTION_TABLE_ENTRIES, 66240),    /* RS: 66240u32 */
    V(NDIS_RECEIVE_SCALE_CAPABILITIES_REVISION_2, 2),       /* RS */
    V(OID_RECEIVE_FILTER_ALLOCATE_QUEUE, 0x00010223), V(OID_RECEIVE_FILTER_FREE_QUEUE, 0x00010224),
    V(OID_RECEIVE_FILTER_SET_FILTER, 0x00010227), V(OID_RECEIVE_FILTER_CLEAR_FILTER, 0x00010228),
    V(OID_RECEIVE_FILTER_QUEUE_ALLOCATION_COMPLETE, 0x0001022B), V(OID_RECEIVE_FILTER_QUEUE_PARAMETERS, 0x00010226),
    V(OID_PM_PARAMETERS, 0xFD010109), V(OID_PM_ADD_WOL_PATTERN, 0xFD01010A), V(OID_PM_REMOVE_WOL_PATTERN, 0xFD01010B),
    V(OID_PM_ADD_PROTOCOL_OFFLOAD, 0xFD01010D), V(OID_PM_REMOVE_PROTOCOL_OFFLOAD, 0xFD01010F),
    V(OID_QOS_PARAMETERS, 0xFC050003), V(OID_QOS_HARDWARE_CAPABILITIES, 0xFC050001),
    V(NDIS_QOS_MAXIMUM_PRIORITIES, 8), V(NDIS_QOS_TSA_ETS, 2), V(NDIS_QOS_PARAMETERS_PFC_CONFIGURED, 0x200),
    V(NDIS_RECEIVE_FILTER_VM_QUEUE_SUPPORTED, 2), V(NDIS_RECEIVE_FILTER_LOOKAHEAD_SPLIT_SUPPORTED, 4),
    V(NDIS_RECEIVE_QUEUE_PARAMETERS_LOOKAHEAD_SPLIT_REQUIRED, 2), V(NdisReceiveQueueOperationalStateDmaStopped, 3),
    V(NDIS_INVALID_SWITCH_ID, 0xFFFFFFFFu), V(NDIS_INVALID_VPORT_ID, 0xFFFFFFFFu), V(NDIS_DEFAULT_SWITCH_ID, 0),
    V(NDIS_PM_WOL_MAGIC_PACKET_SUPPORTED, 2), V(NDIS_PM_PROTOCOL_OFFLOAD_NS_SUPPORTED, 2),
    V(NdisSharedMemoryUsageReceiveLookahead, 5), V(NdisSharedMemoryUsageReceivePostLookahead, 6),   /* W enum */
    V(NdisRssProfileNumaStatic, 4), V(NDIS_HASH_TCP_IPV6_EX, 0x2000),
    V(OID_TCP_OFFLOAD_PARAMETERS, 0xFC01020C), V(OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES, 0xFC01020D),
    V(OID_OFFLOAD_ENCAPSULATION, 0x0101010A), V(NDIS_ENCAPSULATION_IEEE_802_3, 2),
    V(NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG, 0x40020006), V(NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED, 4),
    /* mingw-w64 ddk/wdm.h:10735-10739: by sizeof(type) */
    V(ALIGN_UP(5, ULONG), 8), V(ALIGN_DOWN(7, ULONG), 4), V(ALIGN_UP(9, ULONG64), 16),
};

START_TEST(test_value_fact)
{
    const value_fact *v = &values[_i];
    ck_assert_msg(v->got == v->want, "%s is %lld, the public source gives %lld", v->name, v->got, v->want);
}
END_TEST

/* ---- version macro selection ----
 * The WDK's ndis.h turns the driver's one NDISxyz_MINIPORT macro into
 * NDIS_MINIPORT_MAJOR_VERSION/MINOR_VERSION (the suffix after the 6 is the
 * minor number; 6.1 is NDIS61_MINIPORT, minor 1: mingw-w64 10.0.0
 * ddk/ndis.h:100-140, /work/shared/reference/ndis-constants.md §5) and
 * derives NDIS_SUPPORT_NDIS6xy true for that version and every older one
 * (ddk/ndis.h:255-296).  Each row is compiled as a driver would be: its own
 * translation unit with -D<macro>, checked with _Static_assert. */
typedef struct {
    const char *macro;
    int minor;
} version_row;

static const version_row versions[] = {
    { "NDIS60_MINIPORT", 0 },   { "NDIS61_MINIPORT", 1 },   { "NDIS620_MINIPORT", 20 },
    { "NDIS630_MINIPORT", 30 }, { "NDIS640_MINIPORT", 40 }, { "NDIS650_MINIPORT", 50 },
    { "NDIS651_MINIPORT", 51 }, { "NDIS660_MINIPORT", 60 }, { "NDIS670_MINIPORT", 70 },
    { "NDIS680_MINIPORT", 80 }, { "NDIS681_MINIPORT", 81 }, { "NDIS682_MINIPORT", 82 },
    { "NDIS683_MINIPORT", 83 }, { "NDIS684_MINIPORT", 84 }, { "NDIS685_MINIPORT", 85 },
    { "NDIS686_MINIPORT", 86 }, { "NDIS687_MINIPORT", 87 }, { "NDIS688_MINIPORT", 88 },
    { "NDIS689_MINIPORT", 89 },
};

/* The NDIS_SUPPORT_ macros and the version each stands for (6.0 = 0, 6.1 = 10). */
static const struct { const char *name; int code; } supports[] = {
    { "NDIS_SUPPORT_NDIS6", 0 },    { "NDIS_SUPPORT_NDIS61", 10 },  { "NDIS_SUPPORT_NDIS620", 20 },
    { "NDIS_SUPPORT_NDIS630", 30 }, { "NDIS_SUPPORT_NDIS640", 40 }, { "NDIS_SUPPORT_NDIS650", 50 },
    { "NDIS_SUPPORT_NDIS651", 51 }, { "NDIS_SUPPORT_NDIS660", 60 }, { "NDIS_SUPPORT_NDIS670", 70 },
    { "NDIS_SUPPORT_NDIS680", 80 }, { "NDIS_SUPPORT_NDIS681", 81 }, { "NDIS_SUPPORT_NDIS682", 82 },
    { "NDIS_SUPPORT_NDIS683", 83 }, { "NDIS_SUPPORT_NDIS684", 84 }, { "NDIS_SUPPORT_NDIS685", 85 },
    { "NDIS_SUPPORT_NDIS686", 86 }, { "NDIS_SUPPORT_NDIS687", 87 }, { "NDIS_SUPPORT_NDIS688", 88 },
    { "NDIS_SUPPORT_NDIS689", 89 },
};

/* Compiles a driver translation unit: -D<macro>, the shim, then body.
 * Returns the compiler's exit status. */
static int compile_driver_unit(const char *macro, const char *body)
{
    char path[] = "/tmp/mpc-ndisver-XXXXXX.c";
    int fd = mkstemps(path, 2);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "#define NDIS_MINIPORT_DRIVER 1\n#include <ndis.h>\n%s", body);
    fclose(f);
    const char *cc = getenv("CC") ? getenv("CC") : "cc";
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s -std=gnu11 -fsyntax-only -fshort-wchar -Wall -Wextra -Werror -Iharness/include -D%s=1 %s 2>/dev/null",
             cc, macro, path);
    int rc = system(cmd);
    unlink(path);
    return rc;
}

START_TEST(test_version_macro_selects)
{
    const version_row *v = &versions[_i];
    char body[4096];
    int n = snprintf(body, sizeof body,
                     "_Static_assert(NDIS_MINIPORT_MAJOR_VERSION == 6, \"major\");\n"
                     "_Static_assert(NDIS_MINIPORT_MINOR_VERSION == %d, \"minor\");\n",
                     v->minor);
    int code = v->minor == 1 ? 10 : v->minor;
    for (size_t i = 0; i < sizeof supports / sizeof supports[0]; i++)
        n += snprintf(body + n, sizeof body - (size_t)n, "#if %s%s\n#error \"%s\"\n#endif\n",
                      supports[i].code <= code ? "!" : "", supports[i].name, supports[i].name);
    ck_assert_msg(compile_driver_unit(v->macro, body) == 0, "%s does not select 6.%d as the WDK does", v->macro,
                  v->minor);
}
END_TEST

/* The check above can fail: a wrong expectation does not compile. */
START_TEST(test_version_check_detects_a_wrong_value)
{
    ck_assert_int_ne(compile_driver_unit("NDIS630_MINIPORT", "_Static_assert(NDIS_MINIPORT_MINOR_VERSION == 20, \"x\");\n"), 0);
    ck_assert_int_ne(compile_driver_unit("NDIS620_MINIPORT", "#if NDIS_SUPPORT_NDIS630\n#error yes\n#endif\n#if 1\n#error always\n#endif\n"), 0);
}
END_TEST

/* Issue 8: an NDIS 6.20 driver that uses NDIS_RW_LOCK_EX and shared memory
 * compiles with nothing but its NDIS620_MINIPORT (and warning-free). */
START_TEST(test_ndis620_driver_unit_compiles)
{
    static const char driver[] =
        "static PNDIS_RW_LOCK_EX Lock;\n"
        "NDIS_STATUS Use(NDIS_HANDLE Adapter, PNET_BUFFER_SHARED_MEMORY Segment, PNET_BUFFER Nb)\n"
        "{\n"
        "    LOCK_STATE_EX State;\n"
        "    NDIS_SHARED_MEMORY_PARAMETERS Params;\n"
        "    NDIS_HANDLE Allocation;\n"
        "    NDIS_STATUS Status;\n"
        "    NdisZeroMemory(&Params, sizeof(Params));\n"
        "    Params.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;\n"
        "    Params.Header.Revision = NDIS_SHARED_MEMORY_PARAMETERS_REVISION_1;\n"
        "    Params.Header.Size = NDIS_SIZEOF_SHARED_MEMORY_PARAMETERS_REVISION_1;\n"
        "    Lock = NdisAllocateRWLock(Adapter);\n"
        "    NdisAcquireRWLockWrite(Lock, &State, NDIS_RWL_AT_DISPATCH_LEVEL);\n"
        "    NdisReleaseRWLock(Lock, &State);\n"
        "    Params.Usage = NdisSharedMemoryUsageReceive;\n"
        "    Params.PreferredNode = MM_ANY_NODE_OK;\n"
        "    Params.Length = 4096;\n"
        "    Status = NdisAllocateSharedMemory(Adapter, &Params, &Allocation);\n"
        "    NET_BUFFER_SHARED_MEM_HANDLE(Segment) = Params.SharedMemoryHandle;\n"
        "    NET_BUFFER_SHARED_MEM_NEXT_SEGMENT(Segment) = NULL;\n"
        "    NET_BUFFER_FIRST_SHARED_MEM_INFO(Nb) = Segment;\n"
        "    NdisFreeSharedMemory(Adapter, Allocation);\n"
        "    NdisFreeRWLock(Lock);\n"
        "    return Status;\n"
        "}\n";
    ck_assert_int_eq(compile_driver_unit("NDIS620_MINIPORT", driver), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("shim_ndis6x");
    TCase *tc = tcase_create("ndis6x");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_layout_fact, 0, (int)(sizeof facts / sizeof facts[0]));
    tcase_add_loop_test(tc, test_value_fact, 0, (int)(sizeof values / sizeof values[0]));
    tcase_add_loop_test(tc, test_version_macro_selects, 0, (int)(sizeof versions / sizeof versions[0]));
    tcase_add_test(tc, test_version_check_detects_a_wrong_value);
    tcase_add_test(tc, test_ndis620_driver_unit_compiles);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
