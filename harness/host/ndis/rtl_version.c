/* RtlGetVersion, RtlVerifyVersionInfo, VerSetConditionMask and the obsolete
 * PsGetVersion over a fixed
 * Windows 10 (10.0.19045, 22H2): the host plays one operating system, so
 * a driver's version tests always see the same answer. */
#include "ndis_internal.h"

#define HOST_MAJOR 10u
#define HOST_MINOR 0u
#define HOST_BUILD 19045u
#define HOST_SUITE 0x0100u  /* VER_SUITE_SINGLEUSERTS, as a desktop reports */

/* "The caller must set dwOSVersionInfoSize to sizeof(RTL_OSVERSIONINFOW)
 * or sizeof(RTL_OSVERSIONINFOEXW)": the EX fields are filled only for the
 * larger size; another size is refused with STATUS_INVALID_PARAMETER, as
 * Windows does (the page documents only STATUS_SUCCESS). */
NTSTATUS RtlGetVersion(PRTL_OSVERSIONINFOW lpVersionInformation)
{
    ULONG size = lpVersionInformation ? lpVersionInformation->dwOSVersionInfoSize : 0;
    int ex = size == sizeof(RTL_OSVERSIONINFOEXW);
    NTSTATUS status = (ex || size == sizeof(RTL_OSVERSIONINFOW)) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    if (status == STATUS_SUCCESS) {
        lpVersionInformation->dwMajorVersion = HOST_MAJOR;
        lpVersionInformation->dwMinorVersion = HOST_MINOR;
        lpVersionInformation->dwBuildNumber = HOST_BUILD;
        lpVersionInformation->dwPlatformId = VER_PLATFORM_WIN32_NT;
        memset(lpVersionInformation->szCSDVersion, 0, sizeof lpVersionInformation->szCSDVersion);
        if (ex) {
            PRTL_OSVERSIONINFOEXW x = (PRTL_OSVERSIONINFOEXW)lpVersionInformation;
            x->wServicePackMajor = 0;
            x->wServicePackMinor = 0;
            x->wSuiteMask = HOST_SUITE;
            x->wProductType = VER_NT_WORKSTATION;
            x->wReserved = 0;
        }
    }
    HOST_DDI("RtlGetVersion", status, TA_INT("size", size), TA_INT("ex", ex));
    return status;
}

/* Bit i of the type mask owns bits 3i..3i+2 of the condition mask; only
 * the highest type bit given is stored, as Windows does. */
ULONGLONG VerSetConditionMask(ULONGLONG ConditionMask, ULONG TypeMask, UCHAR Condition)
{
    ULONGLONG result = ConditionMask;
    ULONG types = TypeMask & 0xFFu;
    if (types && Condition) {
        int bit = 31 - __builtin_clz(types);
        result |= (ULONGLONG)(Condition & VER_CONDITION_MASK) << (bit * VER_NUM_BITS_PER_CONDITION_MASK);
    }
    HOST_DDI_VOID("VerSetConditionMask", TA_INT("TypeMask", TypeMask), TA_INT("Condition", Condition));
    return result;
}

static unsigned condition_of(ULONGLONG mask, ULONG type_bit)
{
    return (unsigned)(mask >> (__builtin_ctz(type_bit) * VER_NUM_BITS_PER_CONDITION_MASK)) & VER_CONDITION_MASK;
}

/* cmp: host value compared with the caller's (<0, 0, >0). */
static int holds(unsigned condition, int cmp)
{
    switch (condition) {
    case VER_EQUAL: return cmp == 0;
    case VER_GREATER: return cmp > 0;
    case VER_GREATER_EQUAL: return cmp >= 0;
    case VER_LESS: return cmp < 0;
    case VER_LESS_EQUAL: return cmp <= 0;
    default: return -1;
    }
}

static int compare(ULONG host, ULONG want)
{
    return host < want ? -1 : host > want;
}

/* STATUS_SUCCESS when the host meets every condition, STATUS_REVISION_MISMATCH
 * when not, STATUS_INVALID_PARAMETER for a type without a condition.  Major,
 * minor and service-pack versions are compared hierarchically (the page:
 * "the major version ... then the minor version ..."), with the condition
 * of the highest of them given. */
NTSTATUS RtlVerifyVersionInfo(PRTL_OSVERSIONINFOEXW VersionInfo, ULONG TypeMask, ULONGLONG ConditionMask)
{
    static const ULONG order[] = { VER_MAJORVERSION, VER_MINORVERSION, VER_SERVICEPACKMAJOR, VER_SERVICEPACKMINOR };
    NTSTATUS status = STATUS_SUCCESS;
    if (!VersionInfo || !TypeMask || !ConditionMask) {
        status = STATUS_INVALID_PARAMETER;
    } else {
        for (ULONG bit = 1; bit <= VER_PRODUCT_TYPE; bit <<= 1)
            if ((TypeMask & bit) && !condition_of(ConditionMask, bit))
                status = STATUS_INVALID_PARAMETER;
    }
    if (status == STATUS_SUCCESS) {
        const ULONG host[] = { HOST_MAJOR, HOST_MINOR, 0, 0 };
        const ULONG want[] = { VersionInfo->dwMajorVersion, VersionInfo->dwMinorVersion,
                               VersionInfo->wServicePackMajor, VersionInfo->wServicePackMinor };
        unsigned cond = 0;
        int cmp = 0;
        for (int i = 0; i < 4; i++) {
            if (!(TypeMask & order[i]))
                continue;
            if (!cond)
                cond = condition_of(ConditionMask, order[i]);
            if (!cmp)
                cmp = compare(host[i], want[i]);
        }
        int ok = !cond || holds(cond, cmp) == 1;
        if (TypeMask & VER_BUILDNUMBER)
            ok = ok && holds(condition_of(ConditionMask, VER_BUILDNUMBER), compare(HOST_BUILD, VersionInfo->dwBuildNumber)) == 1;
        if (TypeMask & VER_PLATFORMID)
            ok = ok && holds(condition_of(ConditionMask, VER_PLATFORMID),
                             compare(VER_PLATFORM_WIN32_NT, VersionInfo->dwPlatformId)) == 1;
        if (TypeMask & VER_PRODUCT_TYPE)
            ok = ok && holds(condition_of(ConditionMask, VER_PRODUCT_TYPE),
                             compare(VER_NT_WORKSTATION, VersionInfo->wProductType)) == 1;
        if (TypeMask & VER_SUITENAME) {
            unsigned c = condition_of(ConditionMask, VER_SUITENAME);
            ULONG want_suite = VersionInfo->wSuiteMask;
            ok = ok && (c == VER_OR ? (HOST_SUITE & want_suite) != 0 : (HOST_SUITE & want_suite) == want_suite);
        }
        status = ok ? STATUS_SUCCESS : STATUS_REVISION_MISMATCH;
    }
    HOST_DDI("RtlVerifyVersionInfo", status, TA_INT("TypeMask", TypeMask),
             TA_INT("major", VersionInfo ? VersionInfo->dwMajorVersion : 0),
             TA_INT("minor", VersionInfo ? VersionInfo->dwMinorVersion : 0));
    return status;
}

/* The obsolete PsGetVersion (WDK page nf-wdm-psgetversion; its older text,
 * msdn ms802950): it sets each variable the caller supplies ("This optional
 * parameter can be NULL") and "returns whether the system is a checked or
 * free build": FALSE, a free build.  Windows 10 has no service pack, so a
 * CSDVersion string is left empty. */
BOOLEAN PsGetVersion(PULONG MajorVersion, PULONG MinorVersion, PULONG BuildNumber, PUNICODE_STRING CSDVersion)
{
    HOST_DDI_VOID("PsGetVersion", TA_INT("MajorVersion", MajorVersion != NULL),
                  TA_INT("MinorVersion", MinorVersion != NULL), TA_INT("BuildNumber", BuildNumber != NULL),
                  TA_INT("CSDVersion", CSDVersion != NULL));
    if (MajorVersion)
        *MajorVersion = HOST_MAJOR;
    if (MinorVersion)
        *MinorVersion = HOST_MINOR;
    if (BuildNumber)
        *BuildNumber = HOST_BUILD;
    if (CSDVersion) {
        CSDVersion->Length = 0;
        if (CSDVersion->Buffer && CSDVersion->MaximumLength >= sizeof(WCHAR))
            CSDVersion->Buffer[0] = 0;
    }
    return FALSE;
}
