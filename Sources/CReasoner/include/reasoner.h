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
#define RS_ABI_VERSION 3

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

/* ---- Library-owned memory ---------------------------------------------------------------------- */

/* Frees a buffer the library allocated and handed out through an out-parameter (strings, id arrays).
 * NULL is a no-op. */
void rs_free(void *buffer);

/* ---- Models ------------------------------------------------------------------------------------ */

/* A loaded Llama-family model (weights in fp32, Hugging Face names) with its tokenizer. Thread-safe
 * for concurrent read-only calls (logits, loss_and_grads, generate, save). */
typedef struct rs_model { void *private_impl; } rs_model;

/* Loads a .gguf file or a Hugging Face model directory (path: UTF-8, NUL-terminated). Returns RS_OK
 * and sets *out, RS_ERR_IO (missing or unreadable file), RS_ERR_INVALID (bad content, named in the
 * message) or RS_ERR_UNSUPPORTED (a format feature this build does not handle). */
int32_t rs_model_load(const char *path, rs_model **out);

/* Frees a model. NULL is a no-op. Tokenizer handles taken from it stay valid. */
void rs_model_free(rs_model *model);

/* The model's configuration as Hugging Face config.json text (UTF-8, *out_json freed with rs_free).
 * Returns RS_OK or RS_ERR_INVALID (NULL argument). */
int32_t rs_model_config_json(const rs_model *model, char **out_json, size_t *out_len);

/* The number of parameter tensors and of parameters (floats) in the model. */
int32_t rs_model_parameter_counts(const rs_model *model, size_t *out_tensors, size_t *out_floats);

/* Tensor `index` (model order, 0-based) of the flat parameter layout: its HF name (borrowed, valid while
 * the model lives), rank (<= 4), shape (dims[0..rank)) and first element in a flat [floats] buffer.
 * Returns RS_OK or RS_ERR_INVALID (index out of range, NULL argument). */
int32_t rs_model_parameter_info(const rs_model *model, size_t index, const char **out_name,
                                int32_t *out_rank, int64_t out_dims[4], size_t *out_offset);

/* Copies every parameter into `out` [floats] in the flat layout of rs_model_parameter_info. */
int32_t rs_model_copy_parameters(const rs_model *model, float *out, size_t count);

/* Logits of a [batch, time] block of token ids: out [batch, time, vocab] (caller-owned, row-major),
 * out[b, t] predicting the token after input_ids[b, t]. Returns RS_OK or RS_ERR_INVALID (NULL pointer,
 * zero size, a token id outside the vocabulary, time above the context; the message names the row
 * and position). */
int32_t rs_model_logits(const rs_model *model, const int32_t *input_ids, size_t batch, size_t time,
                        float *out);

/* Token-level cross-entropy of a [batch, time] block and its gradient with respect to every parameter.
 * loss_mask [batch, time]: 1 where the token is predicted (a target), 0 elsewhere (position 0 of each
 * row is never a target). Loss = mean over targets of −log softmax(logits[b, t−1])[input_ids[b, t]].
 * grads [floats] (caller-owned) receives dLoss/dθ in the flat layout (overwritten, not accumulated).
 * Returns RS_OK or RS_ERR_INVALID (as rs_model_logits, or a mask with no target). */
int32_t rs_model_loss_and_grads(const rs_model *model, const int32_t *input_ids, const uint8_t *loss_mask,
                                size_t batch, size_t time, double *out_loss, float *grads, size_t count);

/* Writes a Hugging Face model directory (config.json, model.safetensors in fp32, tokenizer files)
 * that transformers loads. dir: UTF-8, NUL-terminated; created when missing. Returns RS_OK or RS_ERR_IO. */
int32_t rs_model_save(const rs_model *model, const char *dir);

/* ---- Tokenizers -------------------------------------------------------------------------------- */

/* A byte-level BPE tokenizer with its chat template. Immutable: safe from any thread. */
typedef struct rs_tokenizer { void *private_impl; } rs_tokenizer;

/* The model's tokenizer as a new handle (free it with rs_tokenizer_free). */
int32_t rs_model_tokenizer(const rs_model *model, rs_tokenizer **out);

/* Loads only the tokenizer of a .gguf file or a Hugging Face directory (no tensor is read). */
int32_t rs_tokenizer_load(const char *path, rs_tokenizer **out);

void rs_tokenizer_free(rs_tokenizer *tokenizer);

/* Vocabulary size and special ids (-1 when the tokenizer has none). */
typedef struct rs_tokenizer_info {
  int64_t vocab_size;
  int32_t bos_token_id;
  int32_t eos_token_id;
  int32_t pad_token_id;
  int32_t add_bos_token; /* 1 when encode(add_special = 1) prepends BOS */
} rs_tokenizer_info;

int32_t rs_tokenizer_get_info(const rs_tokenizer *tokenizer, rs_tokenizer_info *out);

/* Encodes UTF-8 text (special-token text such as "<|im_end|>" becomes its id). add_special = 1
 * prepends BOS when the tokenizer asks for it. *out_ids [*out_count] is freed with rs_free. */
int32_t rs_tokenizer_encode(const rs_tokenizer *tokenizer, const char *text, size_t text_len,
                            int32_t add_special, int32_t **out_ids, size_t *out_count);

/* Decodes ids to UTF-8 (*out_text freed with rs_free; invalid byte sequences become U+FFFD).
 * skip_special = 1 leaves special tokens out. RS_ERR_INVALID names an id outside the vocabulary. */
int32_t rs_tokenizer_decode(const rs_tokenizer *tokenizer, const int32_t *ids, size_t count,
                            int32_t skip_special, char **out_text, size_t *out_len);

/* Renders messages (role[i], content[i], borrowed UTF-8 with lengths) with the model's chat template
 * (ChatML, Llama-3 or raw) and its default system prompt. *out_text is freed with rs_free. */
int32_t rs_tokenizer_apply_chat_template(const rs_tokenizer *tokenizer, const char *const *roles,
                                         const size_t *role_lens, const char *const *contents,
                                         const size_t *content_lens, size_t count,
                                         int32_t add_generation_prompt, char **out_text, size_t *out_len);

/* ---- Generation -------------------------------------------------------------------------------- */

/* Sampling options (temperature → top-k → top-p → min-p, as transformers). */
typedef struct rs_generate_params {
  int32_t samples_per_prompt;       /* K completions per prompt (>= 1); default 1 */
  float temperature;                /* >= 0, 0 = greedy; default 1 */
  int32_t top_k;                    /* 0 = off; default 0 */
  float top_p;                      /* (0, 1], 1 = off; default 1 */
  float min_p;                      /* [0, 1], 0 = off; default 0 */
  int32_t max_new_tokens;           /* >= 1; default 256 */
  uint64_t seed;                    /* completion (p, s) draws from a stream keyed by (seed, p, s); default 0 */
  int32_t stop_at_eos;              /* 1: the tokenizer's EOS (and <|im_end|> / <|eot_id|> when present)
                                     * end a completion; default 1 */
  const int32_t *stop_token_ids;    /* [stop_token_count] extra stop tokens, or NULL */
  size_t stop_token_count;
  const char *const *stop_strings;  /* [stop_string_count] UTF-8 with lengths, or NULL */
  const size_t *stop_string_lens;
  size_t stop_string_count;
  int32_t max_concurrent_slots;     /* most sequences decoded at once (bounds KV-cache memory), 0 = all */
  int32_t decode_weights;           /* 0: fp32 (default); 1: bf16 copy of the weights for decode's linear
                                     * layers (faster batched decode, small accuracy cost; needs AVX-512BW,
                                     * else RS_ERR_INVALID). Added in ABI 3. */
} rs_generate_params;

rs_generate_params rs_generate_default_params(void);

/* The completions of one rs_generate call, ordered by (prompt_index, sample_index). */
typedef struct rs_completions { void *private_impl; } rs_completions;

/* One completion, borrowed from its rs_completions (valid until rs_completions_free). */
typedef struct rs_completion {
  size_t prompt_index;
  size_t sample_index;
  const int32_t *token_ids;  /* [token_count] sampled ids, stop token included */
  const float *logprobs;     /* [token_count] log softmax(logits/τ)[id] (τ = 1 when greedy) */
  size_t token_count;
  const char *text;          /* [text_len] decoded UTF-8 without the stop token / stop string */
  size_t text_len;
  int32_t finish_reason;     /* 0 = stop (stop token or string), 1 = length (max_new_tokens reached) */
} rs_completion;

/* Samples params->samples_per_prompt completions for each prompt (token ids: prompts[i] of
 * prompt_lens[i] tokens). Returns RS_OK and sets *out, or RS_ERR_INVALID (bad parameter or prompt,
 * named in the message: empty prompt, id outside the vocabulary, prompt + max_new_tokens above the
 * context), RS_ERR_NUMERICAL (NaN logits). */
int32_t rs_generate(const rs_model *model, const int32_t *const *prompts, const size_t *prompt_lens,
                    size_t prompt_count, const rs_generate_params *params, rs_completions **out);

size_t rs_completions_count(const rs_completions *completions);

/* Completion `index` (0 ..< count). Returns RS_OK or RS_ERR_INVALID (index out of range). */
int32_t rs_completions_get(const rs_completions *completions, size_t index, rs_completion *out);

void rs_completions_free(rs_completions *completions);

/* ---- Verifier and detectors (the built-in reward's checks) -------------------------------------- */

/* The verifier's decision on one response. Strings are library-owned: free them with rs_verdict_clear. */
typedef struct rs_verdict {
  int32_t is_correct;
  char *extracted;        /* the final answer found in the response, or NULL when none */
  size_t extracted_len;
  char *reason;           /* which rule matched, or why the answer was rejected */
  size_t reason_len;
} rs_verdict;

/* Whether response's final answer equals gold (both UTF-8 with lengths). Never fails on content;
 * RS_ERR_INVALID only for a NULL pointer. */
int32_t rs_verify(const char *response, size_t response_len, const char *gold, size_t gold_len,
                  rs_verdict *out);

/* The final answer of a response: *out_found = 0 when there is none (then *out_answer = NULL), else
 * the answer and the rule that found it (both freed with rs_free). */
int32_t rs_extract_answer(const char *response, size_t response_len, int32_t *out_found,
                          char **out_answer, size_t *out_answer_len, char **out_rule, size_t *out_rule_len);

/* Frees the strings of a verdict and sets them to NULL. */
void rs_verdict_clear(rs_verdict *verdict);

/* Thresholds of the repetition detector (defaults calibrated on math_train12k). */
typedef struct rs_repetition_params {
  int32_t n;                     /* n-gram size; default 12 */
  double max_repeated_fraction;  /* default 0.9 */
  int32_t min_tokens;            /* default 200 */
  int32_t max_period;            /* default 200 */
  double min_run_repeats;        /* default 4 */
  int32_t min_run_tokens;        /* default 80 */
  double min_tail_repeats;       /* default 3 */
  int32_t min_tail_tokens;       /* default 60 */
} rs_repetition_params;

rs_repetition_params rs_repetition_default_params(void);

typedef struct rs_repetition_report {
  int32_t flagged;
  int32_t rule;                  /* -1 none, 0 periodic run, 1 repeated tail, 2 repeated n-grams */
  int64_t location_start;        /* token offsets (text: Unicode scalars) of the stretch, -1 when none */
  int64_t location_end;
  double longest_run_repeats;
  int64_t longest_run_tokens;
  double tail_repeats;
  double repeated_fraction;
  char *detail;                  /* freed with rs_free */
  size_t detail_len;
} rs_repetition_report;

/* Checks text (split into words and punctuation) when ids is NULL, else the token ids [count]. */
int32_t rs_repetition_check(const rs_repetition_params *params, const char *text, size_t text_len,
                            const int32_t *ids, size_t count, rs_repetition_report *out);

/* Thresholds of the garbled-text detector. */
typedef struct rs_garbled_params {
  int32_t min_script_letters;        /* default 3 */
  int32_t max_scripts;               /* default 1 */
  int32_t max_replacement_characters;/* default 0 */
  int32_t max_control_characters;    /* default 0 */
  int32_t max_symbol_run;            /* default 8 */
  int32_t max_ascii_punctuation_run; /* default 80 */
} rs_garbled_params;

rs_garbled_params rs_garbled_default_params(void);

/* Checks text; *out_flagged is 1 when any rule fired. *out_report_json (freed with rs_free) is
 * {"findings": [{"rule", "offset", "detail"}...], "script_letters": {script: count}}. */
int32_t rs_garbled_check(const rs_garbled_params *params, const char *text, size_t text_len,
                         int32_t *out_flagged, char **out_report_json, size_t *out_len);

/* ---- RL math ----------------------------------------------------------------------------------- */

/* RLOO advantages A_i = R_i − mean of the other valid rewards of the same prompt's group.
 * rewards, out [prompts, k] row-major; valid [prompts, k] or NULL (all valid): an invalid member gets 0
 * and is left out of the others' baselines. Returns RS_OK, RS_ERR_INVALID (k < 2) or RS_ERR_NUMERICAL
 * (a valid reward not finite; the message names its index). */
int32_t rs_rloo_advantages(const double *rewards, const uint8_t *valid, size_t prompts, size_t k,
                           double *out);

/* Options of the token-level RL policy loss (T1). */
typedef struct rs_policy_loss_params {
  double temperature;     /* τ > 0 of π_τ = softmax(z/τ); default 1 */
  double entropy_coef;    /* α of the −α·H bonus; default 0 */
  double kl_coef;         /* λ of the in-loss KL (needs ref_logprobs); default 0 */
  int32_t kl_estimator;   /* 1, 2 or 3 (Schulman's k1, k2, k3); default 3 */
  double clip_ratio;      /* ε of PPO ratio clipping (needs old_logprobs); 0 = off; default 0 */
  int32_t seq_mean;       /* 0: token-mean (1/N over all response tokens), 1: seq-mean; default 0 */
} rs_policy_loss_params;

rs_policy_loss_params rs_policy_loss_default_params(void);

/* The policy loss over rows r of a [batch, time] block and its gradient dL/dlogits.
 * logits [batch·time, vocab] (read only); targets [batch·time] (the token row r's logits predict);
 * mask [batch·time] (1 = response token); advantages [batch·time] (each row's sequence advantage);
 * ref_logprobs, old_logprobs [batch·time] or NULL. grad_out [batch·time, vocab] receives dL/dlogits
 * (may be the logits buffer itself); logprobs_out, entropy_out [batch·time] or NULL receive log π_τ(y_r)
 * and H_r (0 where masked). Returns RS_OK or RS_ERR_INVALID (the message names the argument). */
int32_t rs_policy_loss(const float *logits, const int32_t *targets, const uint8_t *mask,
                       const float *advantages, const float *ref_logprobs, const float *old_logprobs,
                       size_t batch, size_t time, size_t vocab, const rs_policy_loss_params *params,
                       double *out_loss, float *grad_out, float *logprobs_out, float *entropy_out);

/* ---- RL training ------------------------------------------------------------------------------- */

/* The built-in rule-based reward (1 when the verifier accepts the completion's final answer, else 0),
 * run natively. Free with rs_reward_free. */
int32_t rs_reward_create_correctness(rs_reward **out);

/* An RL trainer (T1 recipe) that trains a model's weights in place, with its EMA reference, AdamW
 * state and step counter. Not thread-safe: one step at a time. */
typedef struct rs_rl_trainer { void *private_impl; } rs_rl_trainer;

/* One training problem (borrowed UTF-8 with lengths). */
typedef struct rs_rl_record {
  const char *problem;
  size_t problem_len;
  const char *answer;
  size_t answer_len;
} rs_rl_record;

/* Creates a trainer for `model` (its weights are trained in place; keep the model alive).
 * config_json: a JSON object with the keys of `reasoner rl`'s config file (k, batch_size, temperature,
 * max_new_tokens, lr, kl_coef, entropy_coef, ema_beta, ...; missing keys take their defaults).
 * rewards [reward_count] with weights [reward_count]: the reward is Σ weights[i]·rewards[i]; with
 * reward_count = 0 the built-in correctness reward. The trainer keeps its own references to the rewards.
 * Returns RS_OK, or RS_ERR_INVALID naming the config field at fault (unknown key, bad value). */
int32_t rs_rl_trainer_create(rs_model *model, const char *config_json, size_t config_len,
                             const rs_reward *const *rewards, const double *weights, size_t reward_count,
                             rs_rl_trainer **out);

/* One RL step on records [count] (B prompts; the reward's record_index is the position in this array).
 * *out_metrics_json (freed with rs_free) holds the step's metrics (reward_mean, accuracy, entropy,
 * kl_ref, policy_loss, grad_norm, seconds_*, ...). On failure — RS_ERR_CALLBACK (a reward aborted),
 * RS_ERR_NUMERICAL (a non-finite reward or gradient), RS_ERR_INVALID — weights, optimizer state and the
 * step counter are unchanged. */
int32_t rs_rl_trainer_step(rs_rl_trainer *trainer, const rs_rl_record *records, size_t count,
                           char **out_metrics_json, size_t *out_len);

/* RL steps completed so far. */
int32_t rs_rl_trainer_completed_steps(const rs_rl_trainer *trainer, int64_t *out);

/* Writes a checkpoint into directory `dir` (UTF-8 path): the policy as a Hugging Face model directory
 * (config.json, model.safetensors, tokenizer files) plus the EMA reference, AdamW moments, step counter
 * and sampling RNG state. Atomic: a crash leaves the previous checkpoint or the new one, never a mix. */
int32_t rs_rl_trainer_save_checkpoint(const rs_rl_trainer *trainer, const char *dir);

/* Restores the state a checkpoint holds into this trainer (created with the same model shape and
 * config), so that the next step is the one an uninterrupted run would have taken, bit for bit.
 * RS_ERR_IO / RS_ERR_INVALID name the file or field at fault; on failure the trainer is unchanged. */
int32_t rs_rl_trainer_resume(rs_rl_trainer *trainer, const char *dir);

void rs_rl_trainer_free(rs_rl_trainer *trainer);

/* ---- SFT ----------------------------------------------------------------------------------------- */

/* Fine-tunes `model` in place on token pairs (prompt tokens are context, completion tokens are
 * predicted; end_token, unless -1, is appended to each completion). config_json: a JSON object with the
 * keys of `reasoner sft`'s config (steps required; batch_size, micro_batch_size, seq_len, lr, warmup,
 * schedule, min_lr_ratio, grad_clip, adamw {beta1, beta2, eps, weight_decay}, seed, shuffle default as
 * the CLI's). *out_metrics_json (freed with rs_free) is a JSON array of per-step metrics (step, loss,
 * lr, grad_norm, tokens, loss_tokens, tokens_per_s, elapsed_s). Returns RS_OK or RS_ERR_INVALID naming
 * the field or pair at fault. */
int32_t rs_sft_train(rs_model *model, const char *config_json, size_t config_len,
                     const int32_t *const *prompts, const size_t *prompt_lens,
                     const int32_t *const *completions, const size_t *completion_lens, size_t count,
                     int32_t end_token, char **out_metrics_json, size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif /* REASONER_H */
