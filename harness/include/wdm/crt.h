/* The few C runtime names the WDK headers make visible to a driver (its
 * crtdefs.h/string.h): size_t, wchar_t, ptrdiff_t and the mem/str routines
 * the Rtl and Ndis memory macros stand on.  Declared here from the
 * compiler's own type macros instead of including <stddef.h> or
 * <string.h>: a driver's -I directory may ship its own string.h, and the
 * shim must never pick that up.  Each declaration has the C standard's
 * signature, so it agrees with a system header the driver includes itself. */
#ifndef MPC_WDM_CRT_H
#define MPC_WDM_CRT_H

typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
#ifndef __cplusplus
typedef __WCHAR_TYPE__ wchar_t;   /* 16 bits under -fshort-wchar, as drivers are built */
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif
#ifndef offsetof
#define offsetof(type, member) __builtin_offsetof(type, member)
#endif

extern void *memcpy(void *dest, const void *src, size_t n);
extern void *memmove(void *dest, const void *src, size_t n);
extern void *memset(void *s, int c, size_t n);
extern int memcmp(const void *s1, const void *s2, size_t n);
extern void *memchr(const void *s, int c, size_t n);
extern size_t strlen(const char *s);
extern size_t strnlen(const char *s, size_t maxlen);
extern int strcmp(const char *s1, const char *s2);
extern int strncmp(const char *s1, const char *s2, size_t n);
extern char *strcpy(char *dest, const char *src);
extern char *strncpy(char *dest, const char *src, size_t n);
extern char *strcat(char *dest, const char *src);
extern char *strncat(char *dest, const char *src, size_t n);
extern char *strchr(const char *s, int c);
extern char *strrchr(const char *s, int c);
extern char *strstr(const char *haystack, const char *needle);
/* The wide wcs* routines are not declared: the host's C library has 32-bit
 * wchar_t, a driver's strings are 16-bit. */

#endif
