/* Structured exception handling for drivers built by gcc or clang on Linux:
 * __try, __except, __finally and __leave, and the filter values of the
 * WDK's excpt.h (EXCEPTION_EXECUTE_HANDLER 1, EXCEPTION_CONTINUE_SEARCH 0,
 * EXCEPTION_CONTINUE_EXECUTION -1; values as in mingw-w64's excpt.h).
 *
 * LIMITATION: the emulation never raises an exception (a fault in the
 * driver is a fault of the host process, which the judge reports), so
 * __try runs its body, an __except filter is type-checked but never
 * evaluated and its handler never runs, and a __finally block always runs
 * after its body (AbnormalTermination() is FALSE).  __leave jumps to the
 * end of the __try body through a block-local label (__label__, a GNU C
 * extension gcc and clang share), so break and continue inside the body
 * still reach the enclosing loop or switch as they do under MSVC.
 *
 * clang with -fms-extensions treats __try/__except/__finally/__leave as
 * keywords and rejects them on non-Windows targets ("SEH __try is not
 * supported on this target"); defining them as macros here, before the
 * driver's code, replaces the keywords (ntdef.h includes this first). */
#ifndef MPC_EXCPT_H
#define MPC_EXCPT_H

#ifdef __clang__
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wkeyword-macro"
#endif
#define __try { __label__ mpc_seh_leave; if (1)
#define __except(filter) mpc_seh_leave: __attribute__((unused)); } if (0 && (filter))
#define __finally mpc_seh_leave: __attribute__((unused)); } if (1)
#define __leave goto mpc_seh_leave
#ifdef __clang__
#pragma clang diagnostic pop
#endif

/* The C spellings of the WDK's shared/warning.h, which the WDK's driver
 * build force-includes into every C file (Wintun's try/except blocks rely
 * on them); like warning.h, a file that defines
 * DONT_REDEFINE_TRYEXCEPT_IN_WARNING_H keeps them as plain identifiers. */
#if !defined(__cplusplus) && !defined(DONT_REDEFINE_TRYEXCEPT_IN_WARNING_H)
#define try __try
#define except __except
#define finally __finally
#define leave __leave
#endif

#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)

/* Only meaningful inside a filter or handler, which never run here. */
#define GetExceptionCode() ((LONG)0)
#define GetExceptionInformation() ((struct _EXCEPTION_POINTERS *)0)
#define AbnormalTermination() 0
#define exception_code GetExceptionCode
#define exception_info GetExceptionInformation
#define abnormal_termination AbnormalTermination

#endif
