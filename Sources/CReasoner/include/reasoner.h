/* reasoner.h — the C ABI of Reasoner (libReasoner.so). The one contract between the Swift core and
 * any other language. Checked against the Swift-generated header by scripts/check_abi.sh (run by
 * `make test-python`); exercised end to end by python/tests.
 *
 * Conventions:
 *   - every symbol starts with rs_; handles are opaque (a struct with one private field that callers
 *     never touch); every rs_X_create has an rs_X_free (free of NULL is a no-op);
 *   - fallible functions return int32_t status (RS_OK = 0) and write results through out-parameters;
 *     out-parameters are left untouched on failure unless the function says otherwise;
 *   - on failure, rs_last_error_message() gives a message for the calling thread;
 *   - options come in rs_X_params structs: start from rs_X_default_params() and change fields, so new
 *     fields can be added without breaking callers (RS_ABI_VERSION is bumped when a layout changes);
 *   - text is borrowed UTF-8 with an explicit length (no NUL terminator needed); memory passed in stays
 *     owned by the caller and is only read during the call. */
#ifndef REASONER_H
#define REASONER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a signature or a struct layout in this header changes. */
#define RS_ABI_VERSION 1

/* Status codes returned by every fallible rs_ function. */
enum {
  RS_OK = 0,               /* success */
  RS_ERR_INVALID = 1,      /* an argument was out of range or malformed (NULL pointer, bad size, bad file content) */
  RS_ERR_IO = 2,           /* a file could not be read or written */
  RS_ERR_NUMERICAL = 3,    /* NaN or infinity where a finite value was required (e.g. a reward) */
  RS_ERR_CALLBACK = 4,     /* a user callback returned non-zero; the batch was aborted, outputs are unspecified */
  RS_ERR_UNSUPPORTED = 5,  /* a format feature this build does not handle */
  RS_ERR_INTERNAL = 99     /* a bug: please report it with the message */
};

/* ---- Version and errors ------------------------------------------------------------------------ */

/* The ABI version this library implements (RS_ABI_VERSION when built). Callers compiled against a
 * different RS_ABI_VERSION must refuse to use the library. */
int32_t rs_abi_version(void);

/* The library's version string, e.g. "0.1.0". Static storage; never free it. */
const char *rs_version(void);

/* The message of the last failed rs_ call on this thread, or "" when none has failed. Thread-safe (one
 * slot per thread). The pointer is valid until the next failing rs_ call on this thread; copy it. */
const char *rs_last_error_message(void);

/* ---- Rewards ----------------------------------------------------------------------------------- */

/* One batch of completions to score; index i of every array describes completion i.
 * Every text is borrowed UTF-8 of the given length (bytes), not NUL-terminated. */
typedef struct rs_reward_batch {
  size_t count;                     /* number of completions */
  size_t first_index;               /* index of completion 0 in the whole batch (non-zero when a
                                     * batch is split into chunks); use it in messages */
  const char *const *prompts;       /* [count] the prompt each completion answers */
  const size_t *prompt_lens;        /* [count] */
  const char *const *completions;   /* [count] the generated responses */
  const size_t *completion_lens;    /* [count] */
  const char *const *answers;       /* [count] the gold answers */
  const size_t *answer_lens;        /* [count] */
  const int64_t *record_index;      /* [count] position of the completion's record in the caller's data
                                     * (lets the caller pass any other dataset column through) */
  const uint8_t *truncated;         /* [count] 1 when the completion hit max_new_tokens, else 0 */
} rs_reward_batch;

/* A batch reward (TRL-like). Writes rewards[i] and valid[i] for i in 0..<batch->count; valid[i] = 0
 * means "unscorable" (Python's None): that completion is left out of its group's baseline and its
 * rewards[i] is ignored. A valid reward must be finite. Returns 0, or non-zero to abort the batch
 * (the library then fails with RS_ERR_CALLBACK). When the reward's params.threads > 1 the batch is
 * split into chunks and this is called concurrently from several library threads: it must be
 * thread-safe with respect to user_data. */
typedef int32_t (*rs_batch_reward_fn)(void *user_data, const rs_reward_batch *batch, double *rewards,
                                      uint8_t *valid);

/* A per-response reward: scores completion `index` (its position in the whole batch). Writes *out,
 * and *valid = 0 for "unscorable" (*valid is 1 on entry). Returns 0, or non-zero to abort the batch.
 * Called concurrently from up to params.threads library threads (in any index order; each index at
 * most once): it must be thread-safe with respect to user_data. After one call fails no new call
 * starts, but calls already running finish. */
typedef int32_t (*rs_reward_fn)(void *user_data, size_t index, const char *prompt, size_t prompt_len,
                                const char *completion, size_t completion_len, const char *answer,
                                size_t answer_len, int64_t record_index, uint8_t truncated,
                                uint8_t *valid, double *out);

/* Options of a callback reward. */
typedef struct rs_reward_params {
  int32_t threads;     /* library threads calling the callback concurrently (>= 1; default 1). Use 1
                        * for pure-Python callbacks: the GIL serialises them anyway */
  int32_t chunk_size;  /* batch callbacks only: completions per call, 0 = automatic (the whole batch
                        * when threads == 1, else the batch split evenly across the threads);
                        * default 0 */
} rs_reward_params;

/* A reward function backed by a C callback; the trainer and rs_reward_eval take it. Opaque handle:
 * never touch its field (it is declared only so the Swift shims can name the pointer type). */
typedef struct rs_reward { void *private_impl; } rs_reward;

/* Defaults: threads = 1, chunk_size = 0. */
rs_reward_params rs_reward_default_params(void);

/* Creates a reward that calls `fn` with whole batches (or chunks, see rs_reward_params). `name` (UTF-8,
 * NUL-terminated, may be NULL for "reward") labels it in metrics and messages. user_data is passed
 * through untouched and must outlive the reward.
 * Returns RS_OK and sets *out, or RS_ERR_INVALID (fn or out NULL, threads < 1, chunk_size < 0). */
int32_t rs_reward_create_batch(rs_batch_reward_fn fn, void *user_data, const char *name,
                               const rs_reward_params *params, rs_reward **out);

/* Creates a reward that calls `fn` once per completion, from up to params->threads threads.
 * Returns RS_OK and sets *out, or RS_ERR_INVALID (fn or out NULL, threads < 1, chunk_size < 0). */
int32_t rs_reward_create_per_response(rs_reward_fn fn, void *user_data, const char *name,
                                      const rs_reward_params *params, rs_reward **out);

/* Frees a reward made by rs_reward_create_*. NULL is a no-op. */
void rs_reward_free(rs_reward *reward);

/* Scores `batch` with `reward` through the same Swift path the trainer uses, writing rewards[count]
 * and valid[count] (both caller-owned). Returns
 *   RS_OK             all completions scored (valid[i] = 0 marks unscorable ones);
 *   RS_ERR_INVALID    reward, batch, rewards or valid is NULL, or a batch array is NULL while
 *                     count > 0 (text that is not valid UTF-8 is not an error: bad bytes become U+FFFD);
 *   RS_ERR_CALLBACK   the callback returned non-zero (the message names the completion index);
 *   RS_ERR_NUMERICAL  a valid reward was NaN or infinite (the message names the completion index).
 * Blocks until every callback call has returned, also on failure. */
int32_t rs_reward_eval(const rs_reward *reward, const rs_reward_batch *batch, double *rewards,
                       uint8_t *valid);

#ifdef __cplusplus
}
#endif
#endif /* REASONER_H */
