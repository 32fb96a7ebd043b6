/* Debug output and assertions.  DbgPrint and DbgPrintEx are emulated
 * (harness/host/ndis/kernel.c) and keep nothing: debug output is not part of
 * the trace.  As in a free (release) build of the WDK, KdPrint and the
 * assertion macros compile to nothing; DBG=1 builds keep their arguments
 * type-checked. Component ids and levels: mingw-w64 dpfilter.h. */
#ifndef MPC_WDM_DBG_H
#define MPC_WDM_DBG_H

#define DPFLTR_ERROR_LEVEL 0
#define DPFLTR_WARNING_LEVEL 1
#define DPFLTR_TRACE_LEVEL 2
#define DPFLTR_INFO_LEVEL 3
#define DPFLTR_MASK 0x80000000

typedef enum _DPFLTR_TYPE {
    DPFLTR_IHVDRIVER_ID = 77,
    DPFLTR_IHVNETWORK_ID = 80,
    DPFLTR_DEFAULT_ID = 101,
    DPFLTR_NDIS_ID = 120
} DPFLTR_TYPE;

extern ULONG DbgPrint(_In_z_ _Printf_format_string_ PCSTR Format, ...) __attribute__((format(printf, 1, 2)));
extern ULONG DbgPrintEx(_In_ ULONG ComponentId, _In_ ULONG Level, _In_z_ _Printf_format_string_ PCSTR Format, ...)
    __attribute__((format(printf, 3, 4)));
extern VOID DbgBreakPoint(void);

#if defined(DBG) && DBG
#define KdPrint(args) ((void)DbgPrint args)
#define KdPrintEx(args) ((void)DbgPrintEx args)
#define ASSERT(e) ((void)((e) ? 1 : (DbgBreakPoint(), 0)))
#define ASSERTMSG(m, e) ((void)((e) ? 1 : ((void)(m), DbgBreakPoint(), 0)))
#define NT_ASSERT(e) ASSERT(e)
#define NT_ASSERTMSG(m, e) ASSERTMSG(m, e)
#define NT_VERIFY(e) ASSERT(e)
/* Pageable code must run below DISPATCH_LEVEL (checked builds only, as in the WDK). */
#define PAGED_CODE() ((void)(KeGetCurrentIrql() > APC_LEVEL ? (DbgBreakPoint(), 0) : 0))
#else
#define KdPrint(args) ((void)0)
#define KdPrintEx(args) ((void)0)
#define ASSERT(e) ((void)0)
#define ASSERTMSG(m, e) ((void)0)
#define NT_ASSERT(e) ((void)0)
#define NT_ASSERTMSG(m, e) ((void)0)
#define NT_VERIFY(e) ((void)(e))
#define PAGED_CODE() ((void)0)
#endif
#define PAGED_CODE_LOCKED() ((void)0)
#define NT_ANALYSIS_ASSUME(e) ((void)0)
#define KdBreakPoint() DbgBreakPoint()

#endif
