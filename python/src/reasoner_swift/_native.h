/* _native.h — shared declarations of the reasoner_swift._native extension (module state, errors,
 * buffer helpers). Tested by python/tests. */
#ifndef REASONER_SWIFT_NATIVE_H
#define REASONER_SWIFT_NATIVE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#include "reasoner.h"

/* Raises the reasoner_swift exception class for status `code` with `message`. Returns NULL. */
PyObject *rsn_raise_status(int32_t code, const char *message);

/* Raises reasoner_swift.<class_name> (a name in reasoner_swift._errors) with a formatted message. */
PyObject *rsn_raise_named(const char *class_name, const char *format, ...);

/* Copies rs_last_error_message() into buf (call right after the failing rs_ call, same thread). */
void rsn_copy_last_error(char *buf, size_t size);

/* A new numpy array of `shape` and `dtype` (via numpy.empty; no numpy headers needed) with a writable
 * C-contiguous buffer in *view. Returns NULL with an exception set on failure. */
PyObject *rsn_new_array(PyObject *shape, const char *dtype, Py_buffer *view);

/* Borrows obj's float32 C-contiguous buffer without copying. `name` is the argument's name for
 * messages; ndim < 0 accepts any rank. TypeError for a non-buffer or wrong dtype, ValueError for a
 * strided view or wrong rank. Returns 0 or -1 with an exception set. Release with PyBuffer_Release. */
int rsn_get_float32(PyObject *obj, const char *name, int ndim, int writable, Py_buffer *view);

/* Borrows obj's C-contiguous buffer of `kind` ('f' float32, 'd' float64, 'i' int32, 'B' uint8 or
 * bool) without copying, with the same errors as rsn_get_float32. */
int rsn_get_buffer(PyObject *obj, const char *name, char kind, int ndim, int writable, Py_buffer *view);

/* A Python reward callable behind an rs_reward handle (in _reward_bridge.c), reusable across batches:
 * the trainer wrapper keeps one per reward and passes rsn_py_reward_handle() to Swift. `fn` is the
 * batch adapter fn(prompts, completions, answers, record_index, truncated) -> list[float | None]
 * (reasoner_swift.BatchReward) or, when per_response, fn(prompt, completion, answer, **kwargs) with
 * kwargs_by_record[record_index] (a tuple of dicts, or NULL). All four functions need the GIL. */
typedef struct rsn_py_reward rsn_py_reward;
/* NULL with an exception set on failure. Keeps references to fn and kwargs_by_record. */
rsn_py_reward *rsn_py_reward_new(PyObject *fn, int per_response, PyObject *kwargs_by_record,
                                 const char *name, int threads, int chunk_size);
rs_reward *rsn_py_reward_handle(rsn_py_reward *reward);
/* After an rs_ call that ran the reward: if a callback raised, sets that exception (with its
 * traceback) as the current one, forgets it, and returns 1; otherwise returns 0. */
int rsn_py_reward_take_error(rsn_py_reward *reward);
void rsn_py_reward_free(rsn_py_reward *reward);

/* reasoner_swift._native.eval_reward (in _reward_bridge.c). */
PyObject *rsn_eval_reward(PyObject *module, PyObject *args, PyObject *kwargs);
extern const char rsn_eval_reward_doc[];

/* Runs `call` (an rs_ function returning a status) with the GIL released and stores its status in
 * `status`; on failure raises the matching reasoner_swift exception with the thread's last message. */
#define RSN_CALL(status, call)                                             \
  do {                                                                     \
    char rsn_message_[1024] = "";                                          \
    Py_BEGIN_ALLOW_THREADS                                                 \
    (status) = (call);                                                     \
    if ((status) != RS_OK) rsn_copy_last_error(rsn_message_, sizeof rsn_message_); \
    Py_END_ALLOW_THREADS                                                   \
    if ((status) != RS_OK) rsn_raise_status((status), rsn_message_);       \
  } while (0)

/* Method-table entries of _model.c (models, tokenizers, generation) and _text.c (verifier,
 * detectors, RL math). */
#define RSN_MODEL_METHODS \
  {"model_load", rsn_model_load, METH_VARARGS, "Internal: see reasoner_swift.Model.load."}, \
  {"model_config_json", rsn_model_config_json, METH_O, "Internal."}, \
  {"model_layout", rsn_model_layout, METH_O, "Internal."}, \
  {"model_copy_parameters", rsn_model_copy_parameters, METH_VARARGS, "Internal."}, \
  {"model_logits", rsn_model_logits, METH_VARARGS, "Internal: see reasoner_swift.Model.logits."}, \
  {"model_loss_and_grads", rsn_model_loss_and_grads, METH_VARARGS, "Internal."}, \
  {"model_save", rsn_model_save, METH_VARARGS, "Internal."}, \
  {"model_tokenizer", rsn_model_tokenizer, METH_O, "Internal."}, \
  {"tokenizer_load", rsn_tokenizer_load, METH_VARARGS, "Internal."}, \
  {"tokenizer_info", rsn_tokenizer_info, METH_O, "Internal."}, \
  {"tokenizer_encode", rsn_tokenizer_encode, METH_VARARGS, "Internal."}, \
  {"tokenizer_decode", rsn_tokenizer_decode, METH_VARARGS, "Internal."}, \
  {"tokenizer_chat", rsn_tokenizer_chat, METH_VARARGS, "Internal."}, \
  {"generate", rsn_generate, METH_VARARGS, "Internal: see reasoner_swift.Model.generate."},
#define RSN_TEXT_METHODS \
  {"verify", rsn_verify, METH_VARARGS, "Internal: see reasoner_swift.verify."}, \
  {"extract_answer", rsn_extract_answer, METH_VARARGS, "Internal."}, \
  {"repetition", rsn_repetition, METH_VARARGS, "Internal."}, \
  {"garbled", rsn_garbled, METH_VARARGS, "Internal."}, \
  {"rloo_advantages", rsn_rloo_advantages, METH_VARARGS, "Internal."}, \
  {"policy_loss", rsn_policy_loss, METH_VARARGS, "Internal."}, \
  {"py_reward_new", rsn_py_reward_capsule, METH_VARARGS, "Internal: see reasoner_swift.RLTrainer."}, \
  {"correctness_reward_new", rsn_correctness_reward_capsule, METH_NOARGS, "Internal."}, \
  {"rl_trainer_new", rsn_rl_trainer_new, METH_VARARGS, "Internal: see reasoner_swift.RLTrainer."}, \
  {"rl_trainer_step", rsn_rl_trainer_step, METH_VARARGS, "Internal."}, \
  {"rl_trainer_steps", rsn_rl_trainer_steps, METH_O, "Internal."}, \
  {"rl_trainer_save", rsn_rl_trainer_save, METH_VARARGS, "Internal."}, \
  {"rl_trainer_resume", rsn_rl_trainer_resume, METH_VARARGS, "Internal."}, \
  {"sft_train", rsn_sft_train, METH_VARARGS, "Internal: see reasoner_swift.SFTTrainer."},

PyObject *rsn_model_load(PyObject *, PyObject *);
PyObject *rsn_model_config_json(PyObject *, PyObject *);
PyObject *rsn_model_layout(PyObject *, PyObject *);
PyObject *rsn_model_copy_parameters(PyObject *, PyObject *);
PyObject *rsn_model_logits(PyObject *, PyObject *);
PyObject *rsn_model_loss_and_grads(PyObject *, PyObject *);
PyObject *rsn_model_save(PyObject *, PyObject *);
PyObject *rsn_model_tokenizer(PyObject *, PyObject *);
PyObject *rsn_tokenizer_load(PyObject *, PyObject *);
PyObject *rsn_tokenizer_info(PyObject *, PyObject *);
PyObject *rsn_tokenizer_encode(PyObject *, PyObject *);
PyObject *rsn_tokenizer_decode(PyObject *, PyObject *);
PyObject *rsn_tokenizer_chat(PyObject *, PyObject *);
PyObject *rsn_generate(PyObject *, PyObject *);
PyObject *rsn_verify(PyObject *, PyObject *);
PyObject *rsn_extract_answer(PyObject *, PyObject *);
PyObject *rsn_repetition(PyObject *, PyObject *);
PyObject *rsn_garbled(PyObject *, PyObject *);
PyObject *rsn_rloo_advantages(PyObject *, PyObject *);
PyObject *rsn_policy_loss(PyObject *, PyObject *);
PyObject *rsn_py_reward_capsule(PyObject *, PyObject *);
PyObject *rsn_correctness_reward_capsule(PyObject *, PyObject *);
PyObject *rsn_rl_trainer_new(PyObject *, PyObject *);
PyObject *rsn_rl_trainer_step(PyObject *, PyObject *);
PyObject *rsn_rl_trainer_steps(PyObject *, PyObject *);
PyObject *rsn_rl_trainer_save(PyObject *, PyObject *);
PyObject *rsn_rl_trainer_resume(PyObject *, PyObject *);
PyObject *rsn_sft_train(PyObject *, PyObject *);

#endif
