/* The engine under ntstrsafe.h: a bounded output buffer of 8- or 16-bit
 * characters and a printf-style formatter with the Windows kernel's
 * conversions.  Not a WDK header; ntstrsafe.h is the interface.
 *
 * Formatting follows the Microsoft C runtime as the kernel's printf family
 * does: `l` is 32 bits (LLP64), `I64`/`ll` 64, `I`/`z`/`t`/`j` pointer-sized;
 * %s and %c take the format's own character width, %S and %C the other,
 * %hs/%hc narrow, %ls/%ws/%lc/%wc wide; %Z an ANSI_STRING, %wZ a
 * UNICODE_STRING; %p the pointer in 16 upper-case hex digits. %n is
 * refused. Wide characters become narrow ones by their low byte when below
 * 0x80, else '?'. */
#ifndef MPC_NTSTRSAFE_CORE_H
#define MPC_NTSTRSAFE_CORE_H

typedef struct {
    void *buf;       /* CHAR or WCHAR units */
    size_t cap;      /* units, the terminator included */
    size_t len;      /* units written, no terminator */
    int wide;
    int truncated;
} mpc_strout;

static inline void mpc_out_unit(mpc_strout *o, unsigned int ch)
{
    if (o->len + 1 >= o->cap) {
        o->truncated = 1;
        return;
    }
    if (o->wide)
        ((WCHAR *)o->buf)[o->len++] = (WCHAR)ch;
    else
        ((CHAR *)o->buf)[o->len++] = (CHAR)ch;
}

/* A wide character into a narrow buffer keeps only ASCII. */
static inline void mpc_out_char(mpc_strout *o, unsigned int ch, int from_wide)
{
    mpc_out_unit(o, (!o->wide && from_wide && ch >= 0x80) ? '?' : ch);
}

static inline void mpc_out_terminate(mpc_strout *o)
{
    if (o->cap == 0)
        return;
    if (o->wide)
        ((WCHAR *)o->buf)[o->len] = 0;
    else
        ((CHAR *)o->buf)[o->len] = 0;
}

static inline unsigned int mpc_unit_at(const void *s, int wide, size_t i)
{
    return wide ? ((const WCHAR *)s)[i] : (unsigned char)((const CHAR *)s)[i];
}

/* Units of a NUL-terminated string, counting at most max. */
static inline size_t mpc_units_len(const void *s, int wide, size_t max)
{
    size_t n = 0;
    while (n < max && mpc_unit_at(s, wide, n))
        n++;
    return n;
}

typedef struct {
    int left, plus, space, alt, zero;
    int width;       /* -1: none */
    int precision;   /* -1: none */
} mpc_spec;

static inline void mpc_pad(mpc_strout *o, int count, unsigned int ch)
{
    for (int i = 0; i < count; i++)
        mpc_out_unit(o, ch);
}

/* count units of s (wide or narrow) within the field of spec. */
static inline void mpc_put_text(mpc_strout *o, const mpc_spec *sp, const void *s, int s_wide, size_t count)
{
    if (sp->precision >= 0 && count > (size_t)sp->precision)
        count = (size_t)sp->precision;
    int pad = sp->width > (int)count ? sp->width - (int)count : 0;
    if (!sp->left)
        mpc_pad(o, pad, ' ');
    for (size_t i = 0; i < count; i++)
        mpc_out_char(o, mpc_unit_at(s, s_wide, i), s_wide);
    if (sp->left)
        mpc_pad(o, pad, ' ');
}

static inline void mpc_put_number(mpc_strout *o, const mpc_spec *sp, unsigned long long value, int negative,
                                  unsigned base, int upper, const char *prefix)
{
    char digits[24];
    int n = 0;
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        digits[n++] = set[value % base];
        value /= base;
    } while (value);
    if (sp->precision == 0 && n == 1 && digits[0] == '0')
        n = 0;   /* "%.0d" of 0 prints nothing */
    int zeros = sp->precision > n ? sp->precision - n : 0;
    const char *sign = negative ? "-" : sp->plus ? "+" : sp->space ? " " : "";
    int fixed = (int)__builtin_strlen(sign) + (int)__builtin_strlen(prefix) + zeros + n;
    int pad = sp->width > fixed ? sp->width - fixed : 0;
    if (sp->zero && !sp->left && sp->precision < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!sp->left)
        mpc_pad(o, pad, ' ');
    for (const char *c = sign; *c; c++)
        mpc_out_unit(o, (unsigned char)*c);
    for (const char *c = prefix; *c; c++)
        mpc_out_unit(o, (unsigned char)*c);
    mpc_pad(o, zeros, '0');
    while (n > 0)
        mpc_out_unit(o, (unsigned char)digits[--n]);
    if (sp->left)
        mpc_pad(o, pad, ' ');
}

/* %f/%e/%g with fixed notation only: kernel drivers seldom print floats. */
static inline void mpc_put_double(mpc_strout *o, const mpc_spec *sp, double v)
{
    mpc_spec whole = *sp;
    int prec = sp->precision < 0 ? 6 : (sp->precision > 17 ? 17 : sp->precision);
    int negative = v < 0;
    if (negative)
        v = -v;
    unsigned long long scale = 1;
    for (int i = 0; i < prec; i++)
        scale *= 10;
    unsigned long long units = (unsigned long long)(v * (double)scale + 0.5);
    whole.precision = -1;
    whole.width = sp->width > prec + 1 ? sp->width - prec - (prec > 0) : -1;
    mpc_put_number(o, &whole, units / scale, negative, 10, 0, "");
    if (prec > 0) {
        mpc_spec frac = { 0, 0, 0, 0, 0, -1, prec };
        mpc_out_unit(o, '.');
        mpc_put_number(o, &frac, units % scale, 0, 10, 0, "");
    }
}

/* Formats into o. 0, or -1 for a conversion the kernel refuses (%n) or
 * does not know (the output so far is kept). */
static inline int mpc_format(mpc_strout *o, const void *fmt, int fmt_wide, __builtin_va_list ap)
{
    for (size_t i = 0;; i++) {
        unsigned int c = mpc_unit_at(fmt, fmt_wide, i);
        if (!c)
            return 0;
        if (c != '%') {
            mpc_out_char(o, c, fmt_wide);
            continue;
        }
        mpc_spec sp = { 0, 0, 0, 0, 0, -1, -1 };
        for (;; i++) {
            c = mpc_unit_at(fmt, fmt_wide, i + 1);
            if (c == '-') sp.left = 1;
            else if (c == '+') sp.plus = 1;
            else if (c == ' ') sp.space = 1;
            else if (c == '#') sp.alt = 1;
            else if (c == '0') sp.zero = 1;
            else break;
        }
        i++;
        if (c == '*') {
            sp.width = __builtin_va_arg(ap, int);
            if (sp.width < 0) {
                sp.left = 1;
                sp.width = -sp.width;
            }
            c = mpc_unit_at(fmt, fmt_wide, ++i);
        } else {
            for (; c >= '0' && c <= '9'; c = mpc_unit_at(fmt, fmt_wide, ++i))
                sp.width = (sp.width < 0 ? 0 : sp.width * 10) + (int)(c - '0');
        }
        if (c == '.') {
            c = mpc_unit_at(fmt, fmt_wide, ++i);
            sp.precision = 0;
            if (c == '*') {
                sp.precision = __builtin_va_arg(ap, int);
                c = mpc_unit_at(fmt, fmt_wide, ++i);
            } else {
                for (; c >= '0' && c <= '9'; c = mpc_unit_at(fmt, fmt_wide, ++i))
                    sp.precision = sp.precision * 10 + (int)(c - '0');
            }
        }
        /* Size: 8, 16, 32 (default and MSVC's `l`), 64; text width: 0 the format's, 1 narrow, 2 wide. */
        int bits = 32, text = 0;
        for (;; c = mpc_unit_at(fmt, fmt_wide, ++i)) {
            if (c == 'h') { bits = bits == 16 ? 8 : 16; text = 1; }
            else if (c == 'l') { bits = bits == 32 && text == 2 ? 64 : 32; text = 2; }
            else if (c == 'w') text = 2;
            else if (c == 'L' || c == 'q' || c == 'j' || c == 'z' || c == 't') bits = 64;
            else if (c == 'I') {
                unsigned int d1 = mpc_unit_at(fmt, fmt_wide, i + 1), d2 = mpc_unit_at(fmt, fmt_wide, i + 2);
                if (d1 == '6' && d2 == '4') { bits = 64; i += 2; }
                else if (d1 == '3' && d2 == '2') { bits = 32; i += 2; }
                else bits = 64;
            } else break;
        }
        int arg_wide = text == 2 || (text == 0 && fmt_wide);
        switch (c) {
        case '%':
            mpc_out_unit(o, '%');
            break;
        case 'c': case 'C': {
            int w = c == 'C' && text == 0 ? !fmt_wide : arg_wide;
            unsigned int ch = (unsigned int)__builtin_va_arg(ap, int) & (w ? 0xFFFFu : 0xFFu);
            WCHAR one = (WCHAR)ch;
            CHAR nar = (CHAR)ch;
            mpc_put_text(o, &sp, w ? (const void *)&one : (const void *)&nar, w, 1);
            break;
        }
        case 's': case 'S': {
            int w = c == 'S' && text == 0 ? !fmt_wide : arg_wide;
            const void *s = __builtin_va_arg(ap, const void *);
            if (!s)
                mpc_put_text(o, &sp, "(null)", 0, 6);
            else
                mpc_put_text(o, &sp, s, w, mpc_units_len(s, w, sp.precision < 0 ? (size_t)-1 : (size_t)sp.precision));
            break;
        }
        case 'Z': {   /* %Z: ANSI_STRING, %wZ: UNICODE_STRING (Length in bytes) */
            const void *str = __builtin_va_arg(ap, const void *);
            if (!str) {
                mpc_put_text(o, &sp, "(null)", 0, 6);
            } else if (text == 2) {
                const UNICODE_STRING *us = str;
                mpc_put_text(o, &sp, us->Buffer, 1, us->Buffer ? us->Length / sizeof(WCHAR) : 0);
            } else {
                const ANSI_STRING *as = str;
                mpc_put_text(o, &sp, as->Buffer, 0, as->Buffer ? as->Length : 0);
            }
            break;
        }
        case 'd': case 'i': {
            long long v = bits == 64 ? __builtin_va_arg(ap, long long) : (long long)__builtin_va_arg(ap, int);
            if (bits == 16) v = (short)v;
            if (bits == 8) v = (signed char)v;
            mpc_put_number(o, &sp, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0, 10, 0, "");
            break;
        }
        case 'u': case 'x': case 'X': case 'o': {
            unsigned long long v = bits == 64 ? __builtin_va_arg(ap, unsigned long long)
                                              : (unsigned long long)__builtin_va_arg(ap, unsigned int);
            if (bits == 16) v = (unsigned short)v;
            if (bits == 8) v = (unsigned char)v;
            unsigned base = c == 'u' ? 10 : c == 'o' ? 8 : 16;
            const char *prefix = !sp.alt || v == 0 || base == 10 ? "" : base == 8 ? "0" : c == 'x' ? "0x" : "0X";
            mpc_put_number(o, &sp, v, 0, base, c == 'X', prefix);
            break;
        }
        case 'p': {
            mpc_spec ptr = sp;
            ptr.precision = (int)(2 * sizeof(void *));
            mpc_put_number(o, &ptr, (unsigned long long)(__UINTPTR_TYPE__)__builtin_va_arg(ap, void *), 0, 16, 1, "");
            break;
        }
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
            mpc_put_double(o, &sp, __builtin_va_arg(ap, double));
            break;
        default:   /* %n (refused by the kernel's printf) or unknown */
            return -1;
        }
    }
}

#endif
