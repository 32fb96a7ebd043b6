/* Registry configuration: the keywords that select the adapter's behaviour.
 * Every keyword is an integer; an absent keyword leaves its default of 0. */
#include "vnic.h"

typedef struct _VNIC_KEYWORD {
    NDIS_STRING Name;
    ULONG FieldOffset;      /* offset of the ULONG in VNIC_CONFIG */
} VNIC_KEYWORD;

static VNIC_KEYWORD VnicKeywords[] = {
    { NDIS_STRING_CONST("RestartMode"),    FIELD_OFFSET(VNIC_CONFIG, RestartMode) },
    { NDIS_STRING_CONST("PauseMode"),      FIELD_OFFSET(VNIC_CONFIG, PauseMode) },
    { NDIS_STRING_CONST("ResetMode"),      FIELD_OFFSET(VNIC_CONFIG, ResetMode) },
    { NDIS_STRING_CONST("UsePorts"),       FIELD_OFFSET(VNIC_CONFIG, UsePorts) },
    { NDIS_STRING_CONST("HangCheckReset"), FIELD_OFFSET(VNIC_CONFIG, HangCheckReset) },
    { NDIS_STRING_CONST("RequestReset"),   FIELD_OFFSET(VNIC_CONFIG, RequestReset) },
    { NDIS_STRING_CONST("FailInitialize"), FIELD_OFFSET(VNIC_CONFIG, FailInitialize) },
    { NDIS_STRING_CONST("OidPending"),     FIELD_OFFSET(VNIC_CONFIG, OidPending) },
    { NDIS_STRING_CONST("ReplaceRestartAttributes"), FIELD_OFFSET(VNIC_CONFIG, ReplaceRestartAttributes) },
};

/* A variant whose bug sits on a path only a keyword reaches takes that path
 * unconditionally, so the default lifecycle exercises it. */
static VOID
VnicForceBugPaths(PVNIC_CONFIG Config)
{
#if defined(VNIC_BUG_RESTART_PENDING_COMPLETE)
    Config->RestartMode = VnicRestartPending;
#endif
#if defined(VNIC_BUG_RESTART_ERRORLOG)
    Config->RestartMode = VnicRestartFailLogged;
#endif
#if defined(VNIC_BUG_RESET_PENDING_COMPLETE) || defined(VNIC_BUG_RESET_COMPLETE_SPINLOCK)
    Config->ResetMode = VnicResetPending;
#endif
#if defined(VNIC_BUG_RESET_ERRORLOG)
    Config->ResetMode = VnicResetSoftErrors;
#endif
#if defined(VNIC_BUG_RESET_REQUESTS) || defined(VNIC_BUG_OID_PENDING_COMPLETE)
    Config->OidPending = 1;
#endif
#if defined(VNIC_BUG_RECEIVE_PAUSED)
    Config->PauseMode = VnicPausePending;
#endif
#if defined(VNIC_BUG_PORT_FREE_BEFORE_HALT) || defined(VNIC_BUG_PORT_DEACTIVATE) || \
    defined(VNIC_BUG_PORT_FREE_DEFAULT) || defined(VNIC_BUG_PORT_INVALID_NUMBER)
    Config->UsePorts = 1;
#endif
#if defined(VNIC_BUG_INIT_FAIL_RELEASE)
    Config->FailInitialize = 1;
#endif
    UNREFERENCED_PARAMETER(Config);
}

VOID
VnicReadConfiguration(PVNIC_CONFIG Config, NDIS_HANDLE AdapterHandle)
{
    NDIS_CONFIGURATION_OBJECT ConfigObject;
    NDIS_HANDLE ConfigHandle = NULL;
    NDIS_STATUS Status;
    ULONG i;

    NdisZeroMemory(Config, sizeof(*Config));

    NdisZeroMemory(&ConfigObject, sizeof(ConfigObject));
    ConfigObject.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
    ConfigObject.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
    ConfigObject.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
    ConfigObject.NdisHandle = AdapterHandle;
    ConfigObject.Flags = 0;

    Status = NdisOpenConfigurationEx(&ConfigObject, &ConfigHandle);
    if (Status != NDIS_STATUS_SUCCESS) {
        /* No registry: run with the defaults. */
        VnicForceBugPaths(Config);
        return;
    }

    for (i = 0; i < sizeof(VnicKeywords) / sizeof(VnicKeywords[0]); i++) {
        PNDIS_CONFIGURATION_PARAMETER Parameter = NULL;

#if defined(VNIC_IGNORE_KEYWORDS)
        /* A driver written by someone else: it reads none of these keywords,
         * so it never pends and never fails unless NDIS fails an allocation. */
        break;
#endif
        NdisReadConfiguration(&Status, &Parameter, ConfigHandle,
                              &VnicKeywords[i].Name, NdisParameterInteger);
        if (Status == NDIS_STATUS_SUCCESS && Parameter != NULL &&
            Parameter->ParameterType == NdisParameterInteger) {
            *(PULONG)((PUCHAR)Config + VnicKeywords[i].FieldOffset) =
                Parameter->ParameterData.IntegerData;
        }
    }

    NdisCloseConfiguration(ConfigHandle);
    VnicForceBugPaths(Config);
}
