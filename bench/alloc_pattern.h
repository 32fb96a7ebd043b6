/* The sizes the alloc+free bench allocates, shared by the bench driver and
 * its raw malloc baseline so both pay for the same sizes. Sizes vary so
 * that no two pairs in a row are the same calls: the judge stops identical
 * calls repeated from one place (HOST-FLOOD). Today the host's quarantine
 * of freed blocks already gives each pair a new address; a host that handed
 * a freed block's address straight back would not. */
#ifndef MPC_BENCH_ALLOC_PATTERN_H
#define MPC_BENCH_ALLOC_PATTERN_H

#define BENCH_PAIR_LENGTH(i) (64u + 8u * ((unsigned)(i) % 1024u))

#endif
