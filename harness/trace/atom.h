/* Interned strings that live as long as the process: every string an
 * event, a frame or a resource record holds (trace/event.h) is one, or a
 * literal. Equal strings share one copy, so the judge keeps each distinct
 * name, key, state and module path once however many events carry it, and
 * copying an event's backtrace copies pointers, not text. Not thread-safe:
 * the judge and the tools that read traces are single-threaded, and the
 * host's events borrow its own immortal strings instead. */
#ifndef MPC_ATOM_H
#define MPC_ATOM_H

#include <stddef.h>

/* The interned copy of s (NULL for NULL); NULL when memory runs out. */
const char *atom(const char *s);
/* The same for the len bytes at s (a NUL among them ends the string). */
const char *atom_n(const char *s, size_t len);
/* The same for len bytes known to hold no NUL (a reader that checked
 * them): nothing looks for one. */
const char *atom_text(const char *s, size_t len);

#endif
