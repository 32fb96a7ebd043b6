/* Adapter-level DDIs: device properties (device.c), configuration
 * (config.c), completions (completion.c), miniport attributes
 * (attributes.c) and interrupts (interrupt.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host/ndis/ndis_internal.h"
#include "ndis_fixture.h"
#include "host/host_clock.h"

static adapter *a;

static void setup(void)
{
    a = ndis_fixture_begin(NULL, 0);
    ck_assert_ptr_nonnull(a);
}

static void teardown(void)
{
    ndis_fixture_end();
}

/* ---- device.c ---- */

START_TEST(device_property_outputs)
{
    PDEVICE_OBJECT pdo = NULL, fdo = NULL, next = NULL;
    PCM_RESOURCE_LIST raw = (PCM_RESOURCE_LIST)&pdo, translated = (PCM_RESOURCE_LIST)&pdo;
    NdisMGetDeviceProperty(a, &pdo, &fdo, &next, &raw, &translated);
    ck_assert_ptr_nonnull(pdo);
    ck_assert_ptr_nonnull(fdo);
    ck_assert_ptr_nonnull(next);
    ck_assert_ptr_ne(pdo, fdo);
    ck_assert_ptr_ne(fdo, next);
    ck_assert_ptr_null(raw);          /* a virtual adapter has no resources */
    ck_assert_ptr_null(translated);
    PDEVICE_OBJECT again = NULL;
    NdisMGetDeviceProperty(a, &again, NULL, NULL, NULL, NULL);   /* optional outputs */
    ck_assert_ptr_eq(again, pdo);   /* stable per adapter */
    adapter *b = host_adapter_new();
    PDEVICE_OBJECT other = NULL;
    NdisMGetDeviceProperty(b, &other, NULL, NULL, NULL, NULL);
    ck_assert_ptr_ne(other, pdo);
}
END_TEST

START_TEST(device_property_bogus_handle)
{
    int not_an_adapter;
    PDEVICE_OBJECT pdo = (PDEVICE_OBJECT)&not_an_adapter;
    NdisMGetDeviceProperty(&not_an_adapter, &pdo, NULL, NULL, NULL, NULL);
    ck_assert_ptr_eq(pdo, (PDEVICE_OBJECT)&not_an_adapter);   /* untouched */
    event ev;
    ck_assert(ndis_fixture_last("NdisMGetDeviceProperty", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "valid", -1), 0);
    event_free(&ev);
}
END_TEST

/* ---- config.c ---- */

static void set_config_int(const char *keyword, int64_t value)
{
    config_entry *e = &a->config[a->nconfig++];
    e->keyword = strdup(keyword);
    e->num = value;
}

static void set_config_str(const char *keyword, const char *value)
{
    config_entry *e = &a->config[a->nconfig++];
    e->keyword = strdup(keyword);
    e->is_str = 1;
    e->str = strdup(value);
}

/* NdisOpenConfigurationEx with a header of the given type; asserts its answer. */
static NDIS_HANDLE open_config_typed(UCHAR type, NDIS_STATUS expected)
{
    NDIS_CONFIGURATION_OBJECT o;
    memset(&o, 0, sizeof o);
    o.Header.Type = type;
    o.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
    o.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
    o.NdisHandle = a;
    NDIS_HANDLE h = NULL;
    ck_assert_int_eq(NdisOpenConfigurationEx(&o, &h), expected);
    return h;
}

static NDIS_HANDLE open_config(void)
{
    NDIS_HANDLE h = open_config_typed(NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT, NDIS_STATUS_SUCCESS);
    ck_assert_ptr_nonnull(h);
    return h;
}

START_TEST(config_integer_keyword)
{
    set_config_int("PendingRestart", 7);
    NDIS_HANDLE h = open_config();
    NDIS_STRING kw = NDIS_STRING_CONST("pendingrestart");   /* registry keywords ignore case */
    PNDIS_CONFIGURATION_PARAMETER p = NULL;
    NDIS_STATUS st = NDIS_STATUS_PENDING;
    NdisReadConfiguration(&st, &p, h, &kw, NdisParameterInteger);
    ck_assert_int_eq(st, NDIS_STATUS_SUCCESS);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(p->ParameterType, NdisParameterInteger);
    ck_assert_uint_eq(p->ParameterData.IntegerData, 7);
    event ev;
    ck_assert(ndis_fixture_last("NdisReadConfiguration", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "Keyword"), "pendingrestart");
    ck_assert_int_eq(ev.status, NDIS_STATUS_SUCCESS);
    event_free(&ev);
    NdisCloseConfiguration(h);
    ck_assert(ndis_fixture_last("NdisCloseConfiguration", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    event_free(&ev);
}
END_TEST

START_TEST(config_missing_keyword_fails)
{
    set_config_int("Present", 1);
    NDIS_HANDLE h = open_config();
    NDIS_STRING kw = NDIS_STRING_CONST("Absent");
    PNDIS_CONFIGURATION_PARAMETER p = (PNDIS_CONFIGURATION_PARAMETER)&kw;
    NDIS_STATUS st = NDIS_STATUS_SUCCESS;
    NdisReadConfiguration(&st, &p, h, &kw, NdisParameterInteger);
    ck_assert_int_eq(st, NDIS_STATUS_FAILURE);
    ck_assert_ptr_null(p);
    NdisCloseConfiguration(h);
}
END_TEST

/* NdisReadConfiguration function (ndis.h), learn.microsoft.com
 * .../ddi/ndis/nf-ndis-ndisreadconfiguration: NDIS_STATUS_FAILURE "The
 * requested information could not be found under the opened registry key
 * designated by the ConfigurationHandle" (config_missing_keyword_fails),
 * and the "predefined entry names along with predefined return values":
 * ProcessorType and NdisVersion (0xMMMMmmmm), with no registry entry. */
START_TEST(config_predefined_entries)
{
    NDIS_HANDLE h = open_config();
    NDIS_STRING version = NDIS_STRING_CONST("NdisVersion"), cpu = NDIS_STRING_CONST("ProcessorType");
    PNDIS_CONFIGURATION_PARAMETER p = NULL;
    NDIS_STATUS st = NDIS_STATUS_FAILURE;
    NdisReadConfiguration(&st, &p, h, &version, NdisParameterInteger);
    ck_assert_int_eq(st, NDIS_STATUS_SUCCESS);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p->ParameterData.IntegerData, NdisGetVersion());
    ck_assert_uint_eq(p->ParameterData.IntegerData >> 16, 6);
    NdisReadConfiguration(&st, &p, h, &cpu, NdisParameterInteger);
    ck_assert_int_eq(st, NDIS_STATUS_SUCCESS);
    ck_assert_uint_eq(p->ParameterData.IntegerData, 4);   /* NdisProcessorAmd64 */
    NdisCloseConfiguration(h);
}
END_TEST

START_TEST(config_string_and_hex)
{
    set_config_str("Name", "vnic0");
    set_config_str("Mask", "ff");
    set_config_str("NotANumber", "12ab");
    NDIS_HANDLE h = open_config();
    NDIS_STRING name = NDIS_STRING_CONST("Name"), mask = NDIS_STRING_CONST("Mask"),
                bad = NDIS_STRING_CONST("NotANumber");
    PNDIS_CONFIGURATION_PARAMETER p = NULL;
    NDIS_STATUS st;
    NdisReadConfiguration(&st, &p, h, &name, NdisParameterString);
    ck_assert_int_eq(st, NDIS_STATUS_SUCCESS);
    ck_assert_int_eq(p->ParameterType, NdisParameterString);
    ck_assert_uint_eq(p->ParameterData.StringData.Length, 5 * sizeof(WCHAR));
    ck_assert_uint_eq(p->ParameterData.StringData.Buffer[0], 'v');
    ck_assert_uint_eq(p->ParameterData.StringData.Buffer[4], '0');
    NdisReadConfiguration(&st, &p, h, &mask, NdisParameterHexInteger);
    ck_assert_int_eq(st, NDIS_STATUS_SUCCESS);
    ck_assert_uint_eq(p->ParameterData.IntegerData, 0xff);
    NdisReadConfiguration(&st, &p, h, &bad, NdisParameterInteger);   /* not decimal */
    ck_assert_int_eq(st, NDIS_STATUS_FAILURE);
    NdisCloseConfiguration(h);
}
END_TEST

START_TEST(config_network_address)
{
    set_config_str("NetworkAddress", "02-11-22-33-44-55");
    NDIS_HANDLE h = open_config();
    PVOID addr = NULL;
    UINT len = 0;
    NDIS_STATUS st;
    NdisReadNetworkAddress(&st, &addr, &len, h);
    ck_assert_int_eq(st, NDIS_STATUS_SUCCESS);
    ck_assert_uint_eq(len, 6);
    static const UCHAR want[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
    ck_assert_mem_eq(addr, want, 6);
    NdisCloseConfiguration(h);
}
END_TEST

START_TEST(config_bad_object_and_handle)
{
    ck_assert_ptr_null(open_config_typed(NDIS_OBJECT_TYPE_DEFAULT, NDIS_STATUS_INVALID_PARAMETER));
    int bogus;
    NDIS_STRING kw = NDIS_STRING_CONST("Anything");
    PNDIS_CONFIGURATION_PARAMETER p = NULL;
    NDIS_STATUS st = NDIS_STATUS_SUCCESS;
    NdisReadConfiguration(&st, &p, &bogus, &kw, NdisParameterInteger);
    ck_assert_int_eq(st, NDIS_STATUS_FAILURE);
    NdisCloseConfiguration(&bogus);
    event ev;
    ck_assert(ndis_fixture_last("NdisCloseConfiguration", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "unknown");
    event_free(&ev);
}
END_TEST

/* ---- completion.c ---- */

START_TEST(pause_complete_unsolicited)
{
    a->state = ADAPTER_RUNNING;
    NdisMPauseComplete(a);
    event ev;
    ck_assert_uint_eq(ndis_fixture_count("unsolicited_completion"), 1);
    ck_assert(ndis_fixture_last("unsolicited_completion", &ev));
    ck_assert_int_eq(ev.kind, EV_OP);
    ck_assert_str_eq(ndis_fixture_str(&ev, "operation"), "pause");
    event_free(&ev);
    ck_assert_int_eq(a->state, ADAPTER_RUNNING);
}
END_TEST

START_TEST(pause_complete_pending)
{
    a->state = ADAPTER_PAUSING;
    a->pending = PENDING_PAUSE | PENDING_OID;
    NdisMPauseComplete(a);
    ck_assert_uint_eq(a->pending, PENDING_OID);   /* only the pause cleared */
    ck_assert(a->completions_seen & PENDING_PAUSE);
    ck_assert_int_eq(a->state, ADAPTER_PAUSED);
    ck_assert_uint_eq(ndis_fixture_count("unsolicited_completion"), 0);
    event ev;
    ck_assert(ndis_fixture_last("transition", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "from"), "Pausing");
    ck_assert_str_eq(ndis_fixture_str(&ev, "to"), "Paused");
    event_free(&ev);
    NdisMPauseComplete(a);   /* a second one is unsolicited */
    ck_assert_uint_eq(ndis_fixture_count("unsolicited_completion"), 1);
}
END_TEST

START_TEST(restart_complete_failure_pauses)
{
    a->state = ADAPTER_RESTARTING;
    a->pending = PENDING_RESTART;
    NdisMRestartComplete(a, NDIS_STATUS_FAILURE);
    ck_assert_int_eq(a->state, ADAPTER_PAUSED);
    ck_assert_int_eq(a->completion_status, NDIS_STATUS_FAILURE);
    a->state = ADAPTER_RESTARTING;
    a->pending = PENDING_RESTART;
    NdisMRestartComplete(a, NDIS_STATUS_SUCCESS);
    ck_assert_int_eq(a->state, ADAPTER_RUNNING);
}
END_TEST

START_TEST(completion_bogus_handle)
{
    int bogus;
    NdisMResetComplete(&bogus, NDIS_STATUS_SUCCESS, FALSE);
    NdisMOidRequestComplete(&bogus, NULL, NDIS_STATUS_SUCCESS);
    event ev;
    ck_assert(ndis_fixture_last("NdisMResetComplete", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "valid_handle", -1), 0);
    event_free(&ev);
    ck_assert_uint_eq(ndis_fixture_count("unsolicited_completion"), 0);   /* no adapter to judge */
    NdisMResetMiniport(a);
    ck_assert_int_eq(a->reset_requested, 1);
}
END_TEST

/* ---- attributes.c ---- */

static NDIS_MINIPORT_ADAPTER_ATTRIBUTES registration(void *context, UINT hang_secs)
{
    NDIS_MINIPORT_ADAPTER_ATTRIBUTES attr;
    memset(&attr, 0, sizeof attr);
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES *r = &attr.RegistrationAttributes;
    r->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    r->Header.Revision = 1;
    r->Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    r->MiniportAdapterContext = context;
    r->CheckForHangTimeInSeconds = hang_secs;
    return attr;
}

START_TEST(registration_sets_context_and_hang)
{
    int ctx;
    NDIS_MINIPORT_ADAPTER_ATTRIBUTES attr = registration(&ctx, 6);
    ck_assert_int_eq(NdisMSetMiniportAttributes(a, &attr), NDIS_STATUS_SUCCESS);
    ck_assert_ptr_eq(a->context, &ctx);
    ck_assert_uint_eq(a->check_for_hang_secs, 6);
    ck_assert_int_eq(a->registration_attributes_set, 1);
    event ev;
    ck_assert(ndis_fixture_last("NdisMSetMiniportAttributes", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "attributes"), "registration");
    ck_assert_int_eq(event_arg_int(&ev, "CheckForHangTimeInSeconds", -1), 6);
    event_free(&ev);
    attr = registration(&ctx, 0);   /* 0: NDIS's default of 2 seconds */
    ck_assert_int_eq(NdisMSetMiniportAttributes(a, &attr), NDIS_STATUS_SUCCESS);
    ck_assert_uint_eq(a->check_for_hang_secs, 2);
}
END_TEST

START_TEST(attributes_bad_header)
{
    int ctx;
    NDIS_MINIPORT_ADAPTER_ATTRIBUTES attr = registration(&ctx, 6);
    attr.RegistrationAttributes.Header.Revision = 3;   /* newer than NDIS knows */
    ck_assert_int_eq(NdisMSetMiniportAttributes(a, &attr), NDIS_STATUS_BAD_VERSION);
    attr.RegistrationAttributes.Header.Revision = 0;
    ck_assert_int_eq(NdisMSetMiniportAttributes(a, &attr), NDIS_STATUS_BAD_VERSION);
    attr = registration(&ctx, 6);
    attr.RegistrationAttributes.Header.Size = 8;   /* too small */
    ck_assert_int_eq(NdisMSetMiniportAttributes(a, &attr), NDIS_STATUS_INVALID_PARAMETER);
    attr = registration(&ctx, 6);
    attr.RegistrationAttributes.Header.Type = 0x7F;   /* no such attributes */
    ck_assert_int_eq(NdisMSetMiniportAttributes(a, &attr), NDIS_STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(NdisMSetMiniportAttributes(a, NULL), NDIS_STATUS_INVALID_PARAMETER);
    attr = registration(&ctx, 6);
    int bogus;
    ck_assert_int_eq(NdisMSetMiniportAttributes(&bogus, &attr), NDIS_STATUS_INVALID_PARAMETER);
    /* nothing recorded */
    ck_assert_int_eq(a->registration_attributes_set, 0);
    ck_assert_ptr_null(a->context);
    ck_assert_uint_eq(a->check_for_hang_secs, 2);
}
END_TEST

/* NDIS_MINIPORT_ADAPTER_ATTRIBUTES union (ndis.h) lists NDK and packet
 * direct attributes among what NdisMSetMiniportAttributes takes: a newer
 * driver's Initialize must not fail on them. */
START_TEST(ndk_and_packet_direct_attributes_are_accepted)
{
    NDIS_MINIPORT_ADAPTER_ATTRIBUTES attr;
    memset(&attr, 0, sizeof attr);
    attr.Header.Revision = 1;
    attr.Header.Size = sizeof(NDIS_OBJECT_HEADER) + sizeof(void *) * 2;
    attr.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_NDK_ATTRIBUTES;
    ck_assert_int_eq(NdisMSetMiniportAttributes(a, &attr), NDIS_STATUS_SUCCESS);
    event ev;
    ck_assert(ndis_fixture_last("NdisMSetMiniportAttributes", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "attributes"), "ndk");
    event_free(&ev);
    attr.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_PACKET_DIRECT_ATTRIBUTES;
    ck_assert_int_eq(NdisMSetMiniportAttributes(a, &attr), NDIS_STATUS_SUCCESS);
    attr.Header.Revision = 2;   /* each has one revision */
    ck_assert_int_eq(NdisMSetMiniportAttributes(a, &attr), NDIS_STATUS_BAD_VERSION);
    ck_assert(ndis_fixture_last("NdisMSetMiniportAttributes", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "MaxRevision", -1), 1);
    event_free(&ev);
}
END_TEST

START_TEST(general_attributes_address)
{
    NDIS_MINIPORT_ADAPTER_ATTRIBUTES attr;
    memset(&attr, 0, sizeof attr);
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES *g = &attr.GeneralAttributes;
    g->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    g->Header.Revision = 2;
    g->Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
    g->MacAddressLength = 6;
    static const UCHAR mac[6] = { 0x02, 1, 2, 3, 4, 5 };
    memcpy(g->CurrentMacAddress, mac, 6);
    ck_assert_int_eq(NdisMSetMiniportAttributes(a, &attr), NDIS_STATUS_SUCCESS);
    ck_assert_int_eq(a->general_attributes_set, 1);
    ck_assert_mem_eq(a->current_address, mac, 6);
}
END_TEST

/* ---- interrupt.c ---- */

static struct {
    int isr_calls, dpc_calls;
    int isr_irql, dpc_irql;
    char isr_callback[32], dpc_callback[32];
    void *context;
    BOOLEAN queue_dpc, claim;
    ULONG target;
} irq;

static BOOLEAN isr(NDIS_HANDLE context, PBOOLEAN queue_dpc, PULONG target)
{
    *target = irq.target;
    irq.isr_calls++;
    irq.isr_irql = host_irql();
    snprintf(irq.isr_callback, sizeof irq.isr_callback, "%s", host_callback_name());
    irq.context = context;
    *queue_dpc = irq.queue_dpc;
    return irq.claim;
}

static VOID isr_dpc(NDIS_HANDLE context, PVOID dpc_context, PVOID throttle, PVOID reserved)
{
    (void)dpc_context; (void)throttle; (void)reserved;
    irq.dpc_calls++;
    irq.dpc_irql = host_irql();
    snprintf(irq.dpc_callback, sizeof irq.dpc_callback, "%s", host_callback_name());
    irq.context = context;
}

static NDIS_HANDLE register_interrupt(void *context)
{
    NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS c;
    memset(&c, 0, sizeof c);
    c.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
    c.Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
    c.Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
    c.InterruptHandler = isr;
    c.InterruptDpcHandler = isr_dpc;
    NDIS_HANDLE h = NULL;
    ck_assert_int_eq(NdisMRegisterInterruptEx(a, context, &c, &h), NDIS_STATUS_SUCCESS);
    ck_assert_ptr_nonnull(h);
    ck_assert_int_eq(c.InterruptType, NDIS_CONNECT_LINE_BASED);
    return h;
}

START_TEST(interrupt_isr_at_dirql_then_dpc)
{
    memset(&irq, 0, sizeof irq);
    int context;
    NDIS_HANDLE h = register_interrupt(&context);
    irq.queue_dpc = TRUE;
    irq.claim = TRUE;
    ck_assert_int_eq(ndis_fire_interrupt(a), 1);
    ck_assert_int_eq(irq.isr_calls, 1);
    ck_assert_int_gt(irq.isr_irql, DISPATCH_LEVEL);   /* DIRQL */
    ck_assert_str_eq(irq.isr_callback, "MiniportInterrupt");
    ck_assert_ptr_eq(irq.context, &context);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
    ck_assert_int_eq(irq.dpc_calls, 0);   /* queued, not run inline */
    ck_assert_uint_eq(host_defer_count(a, DEFER_DPC, DEFER_SCHEDULED), 1);
    ck_assert_uint_eq(host_defer_run_due(), 1);
    ck_assert_int_eq(irq.dpc_calls, 1);
    ck_assert_int_eq(irq.dpc_irql, DISPATCH_LEVEL);
    ck_assert_str_eq(irq.dpc_callback, "MiniportInterruptDPC");
    event ev;
    ck_assert(ndis_fixture_last_kind(EV_RETURN, "MiniportInterrupt", &ev));
    ck_assert_int_eq(ev.status, 1);
    ck_assert_int_eq(event_arg_int(&ev, "QueueDefaultInterruptDpc", -1), 1);
    event_free(&ev);
    NdisMDeregisterInterruptEx(h);
    ck_assert(ndis_fixture_last("NdisMDeregisterInterruptEx", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    event_free(&ev);
    ck_assert_int_eq(ndis_fire_interrupt(a), -1);   /* nothing registered any more */
}
END_TEST

START_TEST(interrupt_not_claimed_no_dpc)
{
    memset(&irq, 0, sizeof irq);
    NDIS_HANDLE h = register_interrupt(NULL);
    ck_assert_int_eq(ndis_fire_interrupt(a), 0);
    ck_assert_int_eq(irq.isr_calls, 1);
    ck_assert_uint_eq(host_defer_run_due(), 0);
    ck_assert_int_eq(irq.dpc_calls, 0);
    NdisMDeregisterInterruptEx(h);
}
END_TEST

/* MINIPORT_ISR callback function (ndis.h), learn.microsoft.com
 * .../ddi/ndis/nc-ndis-miniport_isr: "If QueueDefaultInterruptDpc is TRUE,
 * NDIS ignores the value of the TargetProcessors parameter. If it is set to
 * FALSE, NDIS uses the value of the TargetProcessors parameter to schedule
 * DPCs." and "Regardless of the value that MiniportInterrupt returns, NDIS
 * will queue DPCs based on the values that are specified in the
 * QueueDefaultInterruptDpc and TargetProcessors parameters." */
START_TEST(interrupt_dpcs_follow_the_out_parameters)
{
    memset(&irq, 0, sizeof irq);
    NDIS_HANDLE h = register_interrupt(NULL);
    irq.claim = FALSE;          /* not claimed: the DPCs are queued all the same */
    irq.target = 0x5;           /* processors 0 and 2 */
    ck_assert_int_eq(ndis_fire_interrupt(a), 0);
    ck_assert_uint_eq(host_defer_run_due(), 2);
    ck_assert_int_eq(irq.dpc_calls, 2);
    irq.queue_dpc = TRUE;       /* TargetProcessors ignored: one DPC */
    ndis_fire_interrupt(a);
    ck_assert_uint_eq(host_defer_run_due(), 1);
    ck_assert_int_eq(irq.dpc_calls, 3);
    irq.queue_dpc = FALSE;
    irq.target = 0;             /* neither: no DPC */
    ndis_fire_interrupt(a);
    ck_assert_uint_eq(host_defer_run_due(), 0);
    ck_assert_int_eq(irq.dpc_calls, 3);
    NdisMDeregisterInterruptEx(h);
}
END_TEST

START_TEST(interrupt_deregister_runs_queued_dpc)
{
    memset(&irq, 0, sizeof irq);
    NDIS_HANDLE h = register_interrupt(NULL);
    irq.queue_dpc = TRUE;
    irq.claim = TRUE;
    ndis_fire_interrupt(a);
    NdisMDeregisterInterruptEx(h);   /* returns after the DPC ran */
    ck_assert_int_eq(irq.dpc_calls, 1);
    ck_assert_uint_eq(host_defer_run_due(), 0);
}
END_TEST

START_TEST(interrupt_register_twice_and_bad)
{
    memset(&irq, 0, sizeof irq);
    NDIS_HANDLE h = register_interrupt(NULL);
    NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS c;
    memset(&c, 0, sizeof c);
    c.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
    c.Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
    c.Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
    c.InterruptHandler = isr;
    NDIS_HANDLE second = NULL;
    ck_assert_int_eq(NdisMRegisterInterruptEx(a, NULL, &c, &second), NDIS_STATUS_FAILURE);
    NdisMDeregisterInterruptEx(h);
    c.InterruptHandler = NULL;   /* neither line-based nor message ISR */
    ck_assert_int_eq(NdisMRegisterInterruptEx(a, NULL, &c, &second), NDIS_STATUS_INVALID_PARAMETER);
    ck_assert_ptr_null(second);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_misc");
    struct { const char *name; const TTest *tests[8]; } cases[] = {
        { "device", { device_property_outputs, device_property_bogus_handle } },
        { "config", { config_integer_keyword, config_missing_keyword_fails, config_predefined_entries,
                      config_string_and_hex, config_network_address, config_bad_object_and_handle } },
        { "completion", { pause_complete_unsolicited, pause_complete_pending, restart_complete_failure_pauses,
                          completion_bogus_handle } },
        { "attributes", { registration_sets_context_and_hang, attributes_bad_header, ndk_and_packet_direct_attributes_are_accepted,
                          general_attributes_address } },
        { "interrupt", { interrupt_isr_at_dirql_then_dpc, interrupt_not_claimed_no_dpc,
                         interrupt_dpcs_follow_the_out_parameters, interrupt_deregister_runs_queued_dpc,
                         interrupt_register_twice_and_bad } },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_checked_fixture(tc, setup, teardown);
        for (size_t k = 0; k < 8 && cases[i].tests[k]; k++)
            tcase_add_test(tc, cases[i].tests[k]);
        suite_add_tcase(s, tc);
    }
    return ndis_fixture_run(s);
}
