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

#endif
