/* Object manager, security and process routines (wdm.h, ntddk.h, ntifs.h)
 * a miniport with a control device calls for its user-mode clients.  Only
 * PsSetCreateProcessNotifyRoutine is emulated (harness/host/ndis/ps_notify.c):
 * the others are stubs (harness/host/ndis/not_emulated.list), so such a
 * driver compiles and loads, and a scenario that calls one stops there
 * with HOST-NOT-EMULATED.  Signatures and values from
 * the WDK pages on learn.microsoft.com (windows-hardware/drivers/ddi/):
 * "ObReferenceObjectByHandle function (wdm.h)", "ObCloseHandle function
 * (wdm.h)", "SeAccessCheck function (wdm.h)", "SeCaptureSubjectContext
 * function (wdm.h)", "IoGetFileObjectGenericMapping function (wdm.h)",
 * "PsCreateSystemThread function (wdm.h)", "PsSetCreateProcessNotifyRoutine
 * function (ntddk.h)", "PsLookupProcessByProcessId function (ntifs.h)",
 * "KeStackAttachProcess function (ntifs.h)", "OBJECT_HANDLE_INFORMATION"
 * and "SECURITY_SUBJECT_CONTEXT structure (wdm.h)"; access-right values
 * from "File Access Rights Constants" and winnt.h as published. */
#ifndef MPC_WDM_OB_H
#define MPC_WDM_OB_H

#define ANYSIZE_ARRAY 1

/* ---- access rights ---- */
#define FILE_READ_DATA      0x0001
#define FILE_LIST_DIRECTORY 0x0001
#define FILE_WRITE_DATA     0x0002
#define FILE_ADD_FILE       0x0002
#define FILE_APPEND_DATA    0x0004
#define EVENT_QUERY_STATE   0x0001
#define EVENT_MODIFY_STATE  0x0002
#define THREAD_ALL_ACCESS   (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF)

typedef struct _GENERIC_MAPPING {
    ACCESS_MASK GenericRead;
    ACCESS_MASK GenericWrite;
    ACCESS_MASK GenericExecute;
    ACCESS_MASK GenericAll;
} GENERIC_MAPPING, *PGENERIC_MAPPING;

/* ---- security descriptors and subject contexts ---- */
typedef PVOID PSID;
typedef PVOID PACCESS_TOKEN;
typedef USHORT SECURITY_DESCRIPTOR_CONTROL, *PSECURITY_DESCRIPTOR_CONTROL;
typedef struct _ACL {
    UCHAR AclRevision;
    UCHAR Sbz1;
    USHORT AclSize;
    USHORT AceCount;
    USHORT Sbz2;
} ACL, *PACL;
typedef struct _SECURITY_DESCRIPTOR {
    UCHAR Revision;
    UCHAR Sbz1;
    SECURITY_DESCRIPTOR_CONTROL Control;
    PSID Owner;
    PSID Group;
    PACL Sacl;
    PACL Dacl;
} SECURITY_DESCRIPTOR, *PISECURITY_DESCRIPTOR;
typedef PVOID PSECURITY_DESCRIPTOR;

typedef enum _SECURITY_IMPERSONATION_LEVEL {
    SecurityAnonymous, SecurityIdentification, SecurityImpersonation, SecurityDelegation
} SECURITY_IMPERSONATION_LEVEL, *PSECURITY_IMPERSONATION_LEVEL;

typedef struct _SECURITY_SUBJECT_CONTEXT {
    PACCESS_TOKEN ClientToken;
    SECURITY_IMPERSONATION_LEVEL ImpersonationLevel;
    PACCESS_TOKEN PrimaryToken;
    PVOID ProcessAuditId;
} SECURITY_SUBJECT_CONTEXT, *PSECURITY_SUBJECT_CONTEXT;

typedef struct _LUID_AND_ATTRIBUTES {
    LUID Luid;
    ULONG Attributes;
} LUID_AND_ATTRIBUTES, *PLUID_AND_ATTRIBUTES;
typedef struct _PRIVILEGE_SET {
    ULONG PrivilegeCount;
    ULONG Control;
    LUID_AND_ATTRIBUTES Privilege[ANYSIZE_ARRAY];
} PRIVILEGE_SET, *PPRIVILEGE_SET;

extern VOID SeCaptureSubjectContext(_Out_ PSECURITY_SUBJECT_CONTEXT SubjectContext);
extern VOID SeReleaseSubjectContext(_Inout_ PSECURITY_SUBJECT_CONTEXT SubjectContext);
extern BOOLEAN SeAccessCheck(_In_ PSECURITY_DESCRIPTOR SecurityDescriptor,
                             _In_ PSECURITY_SUBJECT_CONTEXT SubjectSecurityContext,
                             _In_ BOOLEAN SubjectContextLocked, _In_ ACCESS_MASK DesiredAccess,
                             _In_ ACCESS_MASK PreviouslyGrantedAccess, _Outptr_opt_ PPRIVILEGE_SET *Privileges,
                             _In_ PGENERIC_MAPPING GenericMapping, _In_ KPROCESSOR_MODE AccessMode,
                             _Out_ PACCESS_MASK GrantedAccess, _Out_ PNTSTATUS AccessStatus);
extern PGENERIC_MAPPING IoGetFileObjectGenericMapping(void);

/* ---- object references ---- */
typedef struct _OBJECT_TYPE *POBJECT_TYPE;
typedef struct _OBJECT_HANDLE_INFORMATION {
    ULONG HandleAttributes;
    ACCESS_MASK GrantedAccess;
} OBJECT_HANDLE_INFORMATION, *POBJECT_HANDLE_INFORMATION;

extern POBJECT_TYPE *ExEventObjectType;
extern POBJECT_TYPE *PsThreadType;
extern POBJECT_TYPE *PsProcessType;

extern NTSTATUS ObReferenceObjectByHandle(_In_ HANDLE Handle, _In_ ACCESS_MASK DesiredAccess,
                                          _In_opt_ POBJECT_TYPE ObjectType, _In_ KPROCESSOR_MODE AccessMode,
                                          _Out_ PVOID *Object,
                                          _Out_opt_ POBJECT_HANDLE_INFORMATION HandleInformation);
extern LONG_PTR ObfDereferenceObject(_In_ PVOID Object);
#define ObDereferenceObject(a) ObfDereferenceObject(a)
extern NTSTATUS ObCloseHandle(_In_ HANDLE Handle, _In_ KPROCESSOR_MODE PreviousMode);

/* ---- processes and system threads ---- */
typedef struct _KPROCESS *PKPROCESS, *PRKPROCESS;
typedef struct _KAPC_STATE {
    LIST_ENTRY ApcListHead[2];   /* [MaximumMode] */
    struct _KPROCESS *Process;
    UCHAR InProgressFlags;
    BOOLEAN KernelApcPending;
    BOOLEAN UserApcPendingAll;
} KAPC_STATE, *PKAPC_STATE, *PRKAPC_STATE;

typedef struct _CLIENT_ID {
    HANDLE UniqueProcess;
    HANDLE UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

typedef VOID KSTART_ROUTINE(_In_ PVOID StartContext);
typedef KSTART_ROUTINE *PKSTART_ROUTINE;
typedef VOID (*PCREATE_PROCESS_NOTIFY_ROUTINE)(_In_ HANDLE ParentId, _In_ HANDLE ProcessId, _In_ BOOLEAN Create);

extern NTSTATUS PsCreateSystemThread(_Out_ PHANDLE ThreadHandle, _In_ ULONG DesiredAccess,
                                     _In_opt_ POBJECT_ATTRIBUTES ObjectAttributes, _In_opt_ HANDLE ProcessHandle,
                                     _Out_opt_ PCLIENT_ID ClientId, _In_ PKSTART_ROUTINE StartRoutine,
                                     _In_opt_ PVOID StartContext);
extern NTSTATUS PsTerminateSystemThread(_In_ NTSTATUS ExitStatus);
extern HANDLE PsGetCurrentProcessId(void);
extern NTSTATUS PsLookupProcessByProcessId(_In_ HANDLE ProcessId, _Outptr_ PEPROCESS *Process);
extern NTSTATUS PsSetCreateProcessNotifyRoutine(_In_ PCREATE_PROCESS_NOTIFY_ROUTINE NotifyRoutine,
                                                _In_ BOOLEAN Remove);
extern VOID KeStackAttachProcess(_Inout_ PRKPROCESS PROCESS, _Out_ PRKAPC_STATE ApcState);
extern VOID KeUnstackDetachProcess(_In_ PRKAPC_STATE ApcState);

/* "MmIsVerifierEnabled function (ntddk.h)". */
extern NTSTATUS MmIsVerifierEnabled(_Out_ PULONG VerifierFlags);

#endif
