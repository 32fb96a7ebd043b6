/* GUIDs as the WDK's guiddef.h has them.  The GUID type is defined once;
 * DEFINE_GUID, like the WDK's, is redefined on every inclusion: with
 * INITGUID defined (or after <initguid.h>) it defines the named constant,
 * without it it only declares it, so one source file of a driver owns
 * each GUID.  The definition is weak, the gcc form of __declspec(selectany),
 * so two files that both define it still link. */
#ifndef MPC_GUIDDEF_H
#define MPC_GUIDDEF_H

typedef struct _GUID {
    unsigned int Data1;        /* ULONG */
    unsigned short Data2;
    unsigned short Data3;
    unsigned char Data4[8];
} GUID, *PGUID, *LPGUID, CLSID, *LPCLSID, IID, *LPIID;
typedef const GUID *LPCGUID, *REFGUID, *REFIID, *REFCLSID;

#define IsEqualGUID(rguid1, rguid2) (__builtin_memcmp((rguid1), (rguid2), sizeof(GUID)) == 0)
#define InlineIsEqualGUID(rguid1, rguid2) IsEqualGUID((rguid1), (rguid2))
#define IsEqualIID(riid1, riid2) IsEqualGUID((riid1), (riid2))

#endif

#ifdef DEFINE_GUID
#undef DEFINE_GUID
#endif
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    const GUID name __attribute__((weak)) = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) extern const GUID name
#endif
