/* Operating-system version routines of wdm.h: RtlGetVersion, PsGetVersion,
 * RtlVerifyVersionInfo and VerSetConditionMask, with the version
 * structures (x64 RTL_OSVERSIONINFOW 0x114, RTL_OSVERSIONINFOEXW 0x11C)
 * and VER_* values of mingw-w64 ddk/wdm.h.  The host plays a fixed
 * Windows 10 (10.0.19045, harness/host/ndis/rtl_version.c). */
#ifndef MPC_WDM_VERSION_H
#define MPC_WDM_VERSION_H

typedef struct _OSVERSIONINFOW {
    ULONG dwOSVersionInfoSize;
    ULONG dwMajorVersion;
    ULONG dwMinorVersion;
    ULONG dwBuildNumber;
    ULONG dwPlatformId;
    WCHAR szCSDVersion[128];
} OSVERSIONINFOW, *POSVERSIONINFOW, *LPOSVERSIONINFOW, RTL_OSVERSIONINFOW, *PRTL_OSVERSIONINFOW;

typedef struct _OSVERSIONINFOEXW {
    ULONG dwOSVersionInfoSize;
    ULONG dwMajorVersion;
    ULONG dwMinorVersion;
    ULONG dwBuildNumber;
    ULONG dwPlatformId;
    WCHAR szCSDVersion[128];
    USHORT wServicePackMajor;
    USHORT wServicePackMinor;
    USHORT wSuiteMask;
    UCHAR wProductType;
    UCHAR wReserved;
} OSVERSIONINFOEXW, *POSVERSIONINFOEXW, *LPOSVERSIONINFOEXW, RTL_OSVERSIONINFOEXW, *PRTL_OSVERSIONINFOEXW;

#define VER_EQUAL         1
#define VER_GREATER       2
#define VER_GREATER_EQUAL 3
#define VER_LESS          4
#define VER_LESS_EQUAL    5
#define VER_AND           6
#define VER_OR            7
#define VER_CONDITION_MASK 7
#define VER_NUM_BITS_PER_CONDITION_MASK 3

#define VER_MINORVERSION     0x0000001
#define VER_MAJORVERSION     0x0000002
#define VER_BUILDNUMBER      0x0000004
#define VER_PLATFORMID       0x0000008
#define VER_SERVICEPACKMINOR 0x0000010
#define VER_SERVICEPACKMAJOR 0x0000020
#define VER_SUITENAME        0x0000040
#define VER_PRODUCT_TYPE     0x0000080

#define VER_NT_WORKSTATION       0x0000001
#define VER_NT_DOMAIN_CONTROLLER 0x0000002
#define VER_NT_SERVER            0x0000003
#define VER_PLATFORM_WIN32_NT    2

#define VER_SET_CONDITION(_m_, _t_, _c_) ((_m_) = VerSetConditionMask((_m_), (_t_), (_c_)))

/* Emulated (harness/host/ndis/rtl_version.c). */
extern NTSTATUS RtlGetVersion(_Out_ PRTL_OSVERSIONINFOW lpVersionInformation);
extern NTSTATUS RtlVerifyVersionInfo(_In_ PRTL_OSVERSIONINFOEXW VersionInfo, _In_ ULONG TypeMask,
                                     _In_ ULONGLONG ConditionMask);
extern ULONGLONG VerSetConditionMask(_In_ ULONGLONG ConditionMask, _In_ ULONG TypeMask, _In_ UCHAR Condition);
/* Obsolete (use RtlGetVersion): TRUE on a checked build, FALSE on a free one. */
extern BOOLEAN PsGetVersion(_Out_opt_ PULONG MajorVersion, _Out_opt_ PULONG MinorVersion,
                            _Out_opt_ PULONG BuildNumber, _Out_opt_ PUNICODE_STRING CSDVersion);

#endif
