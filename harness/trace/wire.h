/* The host->judge event channel: binary frames, not JSON (docs/events.md,
 * "The wire").  Each frame carries one record and says who wrote it:
 *
 *   offset  size  field
 *        0     4  magic "MPCW"
 *        4     2  version (WIRE_VERSION)
 *        6     2  reserved, 0
 *        8     4  payload length in bytes (at most WIRE_MAX_PAYLOAD)
 *       12     4  sequence number, from 0, +1 per frame of one host
 *       16     4  pid of the writing process
 *       20     4  tid of the writing thread (any thread of the host: the host
 *                    serializes its threads, the event's `thread` names it)
 *       24     4  check: XXH3 of the payload seeded with XXH3 of bytes
 *                    0..23, low 32 bits (wire_frame_check)
 *       28     -  payload: one record
 *
 * Records: a string definition (type 1, id, bytes) or an event (type 2).
 * An event names its strings by the number of an earlier definition, or
 * carries them inline (the signal path, which must not touch the table).
 * Integers are in the machine's byte order: host and judge are one binary
 * on one machine.  The encoder (wire_encode.c) batches frames and writes a
 * batch with one write(); the decoder (wire_decode.c) checks every frame
 * and turns event records back into events, with no JSON on the way. */
#ifndef MPC_WIRE_H
#define MPC_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "event.h"

#define WIRE_MAGIC 0x5743504Du  /* "MPCW" read as a little-endian word */
#define WIRE_VERSION 3   /* 2: events carry thread and pid; 3: XXH3 check word */
#define WIRE_HEADER_BYTES 28
#define WIRE_MAX_PAYLOAD (1024 * 1024)
/* Longer strings are cut to this (a frame must fit a batch). */
#define WIRE_MAX_STRING 4096

enum { WIRE_RECORD_STRING = 1, WIRE_RECORD_EVENT = 2 };
/* String references: 0 is NULL, INLINE is followed by length and bytes. */
#define WIRE_STRING_NULL 0u
#define WIRE_STRING_INLINE 0xFFFFFFFFu

/* ---- the host's side ---- */

/* Interned strings: content -> id (wire_intern.c). */
#define WIRE_INTERN_RECENT 256
typedef struct {
    const char *ptr;             /* where the string was last seen */
    const char *text;            /* the table's copy */
    uint32_t id, len;
    int fixed;                   /* ptr lies in the program's read-only image */
} wire_intern_recent;

typedef struct {
    struct wire_intern_slot *slots;
    size_t cap, count;
    uint32_t next_id;
    wire_intern_recent recent[WIRE_INTERN_RECENT];   /* by address */
} wire_intern;

typedef struct {
    int fd;                      /* where batches go; -1: nowhere */
    uint8_t *buf;                /* the batch: whole frames only */
    size_t cap;
    /* Committed batch length (high 32 bits) and next sequence number (low
     * 32): one word, so a signal handler always reads a consistent pair. */
    volatile uint64_t commit;
    volatile size_t flushed;     /* bytes of buf already written by a flush in progress */
    uint8_t *sigbuf;             /* pre-allocated: the signal path's own frame */
    size_t sigcap;
    wire_intern strings;
    uint64_t last_flush_us;      /* monotonic */
    uint64_t flush_interval_us;  /* a frame appended this long after the last flush flushes */
    int failed;                  /* the reader is gone: stop writing */
} wire_encoder;

/* 0, or -1 when memory runs out. fd may be -1 (events are dropped). */
int wire_encoder_init(wire_encoder *e, int fd);
/* Flushes, then releases the buffers (the fd stays open). */
void wire_encoder_free(wire_encoder *e);
/* Appends ev (and definitions of its new strings) to the batch; flushes
 * when the batch is full or flush_interval_us passed since the last flush. */
int wire_encode_event(wire_encoder *e, const event *ev);
/* Writes the committed batch with one write() (more only on a short write),
 * blocking: O_NONBLOCK set by anyone is cleared first, EINTR and EAGAIN
 * retried. SIGUSR2 (the hang snapshot) waits until it is done. */
int wire_flush(wire_encoder *e);
/* Async-signal-safe (no malloc, no lock, no stdio): flushes the committed
 * batch, then writes ev as one frame with its strings inline, from the
 * pre-allocated signal buffer. For crash, hang and exit events. */
void wire_emit_fatal(wire_encoder *e, const event *ev);

/* s lies, terminator and all, in the program's own read-only image (a
 * literal of the host's code): its text cannot change, so its address
 * alone names it. */
int wire_is_literal(const char *s);
/* The caller promises s stays as it is, unfreed, for the life of the
 * process (the host's copies of module paths, the trace's name from its
 * arguments): from now on it counts as a literal, and an event carrying it
 * costs no comparison of its text. Up to 32 such strings; more are
 * compared as before. */
void wire_intern_pin(const char *s);

/* Moves fd out of a driver's way: a duplicate, close-on-exec, at an
 * unpredictable number in the upper half of the descriptor limit; the
 * original is closed. Returns the new fd (fd itself if it cannot move). */
int wire_relocate_fd(int fd);

/* ---- the judge's side ---- */

typedef struct {
    const char **strings;        /* atoms (atom.h) by id; index 0 unused */
    size_t nstrings;
    pid_t host_pid;              /* frames from any other process are not the host's */
    uint32_t next_seq;
    uint64_t offset;             /* bytes of the stream consumed */
    uint64_t frames;
    char problem[320];           /* why the stream cannot be trusted */
    /* An event's arrays are decoded here first, then copied into one block
     * of the exact size (wire_decode.c). */
    const char **scratch_stack;
    event_arg *scratch_args;
    frame *scratch_frames;
    size_t scratch_cap[3];
} wire_decoder;

typedef enum {
    WIRE_MORE,       /* no complete event in the bytes given */
    WIRE_EVENT,      /* *ev filled; the caller owns it */
    WIRE_UNTRUSTED   /* problem says why; nothing after this can be trusted */
} wire_result;

/* host_pid 0: the writer of the first frame is the host (a test that runs
 * the host's code in a child it forked). */
void wire_decoder_init(wire_decoder *d, pid_t host_pid);
void wire_decoder_free(wire_decoder *d);
/* Decodes from buf[0..len): consumes string definitions and at most one
 * event; *used is the number of bytes consumed. */
wire_result wire_decode(wire_decoder *d, const uint8_t *buf, size_t len, size_t *used, event *ev);

/* ---- shared by both ---- */

/* A frame's check word (bytes 24..27): over header bytes 0..23 and the payload. */
uint32_t wire_frame_check(const uint8_t *frame, size_t payload_len);
/* Header fields at frame[0..27], in the layout above. */
/* getpid(), kept: the cache is reset in a forked child (pthread_atfork),
 * so the host asks it, not the kernel, for every event. */
pid_t wire_current_pid(void);

void wire_put_header(uint8_t *frame, uint32_t payload_len, uint32_t seq, pid_t pid, pid_t tid);

#endif
