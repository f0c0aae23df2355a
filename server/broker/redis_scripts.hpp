// The Lua sources RedisBroker runs: one publish of a batch of a room's events, the history
// read, and the in-place entry lookups (replace, entry). Entries are "seq|ts|head<1f>mid<1f>tail".
#pragma once

namespace ibasho::redis_scripts {

// KEYS: seq, history, ids. ARGV: max length, max age (ms), channel, ids ttl (ms), slack,
// legacy prefix ('' = none), then five per event: ts, dedupe id ('' = none), head, middle,
// tail. Returns one integer per event: its seq, or minus the seq of the original when the id
// was already sequenced.
extern const char* const publish_batch;

// KEYS: seq, history. ARGV: since, now (ms), max age (ms), max length (0 = all).
// Returns {last seq, first seq still kept, entries after since...}.
extern const char* const history;

// Sets `found` and `item` for ARGV[1], the seq; run before one of the two tails below.
extern const char* const find_entry;
// KEYS: history. ARGV: seq, head, middle, tail. Returns 1 when replaced, 0 when not kept.
extern const char* const replace_tail;
// KEYS: history. ARGV: seq. Returns the stored entry, or nil.
extern const char* const entry_tail;

}  // namespace ibasho::redis_scripts
