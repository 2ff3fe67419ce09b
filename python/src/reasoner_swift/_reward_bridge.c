/* _reward_bridge.c — Python reward callables behind reasoner.h's reward callbacks: trampolines that
 * re-take the GIL on whatever Swift thread calls them, stash the first Python exception (with its
 * traceback) and abort the batch; eval_reward runs a batch through rs_reward_eval with the GIL
 * released. Tested by python/tests/test_reward_bridge.py. */
#include "_native.h"

#include <stdlib.h>

typedef struct {
  PyObject *fn;               /* batch: adapter(prompts, completions, answers, record_index, truncated);
                               * per-response: fn(prompt, completion, answer, **kwargs) */
  PyObject *kwargs_by_record; /* per-response: tuple of dicts indexed by record, or NULL */
  int failed;                 /* set by the first failing call; read and written with the GIL held */
#if PY_VERSION_HEX >= 0x030C0000
  PyObject *exception;
#else
  PyObject *type, *value, *traceback;
#endif
} bridge_ctx;

/* Keeps the first exception of the batch (GIL held, exception set); later ones are dropped. */
static void stash_exception(bridge_ctx *ctx) {
  if (ctx->failed) {
    PyErr_Clear();
    return;
  }
  ctx->failed = 1;
#if PY_VERSION_HEX >= 0x030C0000
  ctx->exception = PyErr_GetRaisedException();
#else
  PyErr_Fetch(&ctx->type, &ctx->value, &ctx->traceback);
#endif
}

/* Re-raises the stashed exception in the calling thread (GIL held). */
static void restore_exception(bridge_ctx *ctx) {
#if PY_VERSION_HEX >= 0x030C0000
  PyErr_SetRaisedException(ctx->exception);
  ctx->exception = NULL;
#else
  PyErr_Restore(ctx->type, ctx->value, ctx->traceback);
  ctx->type = ctx->value = ctx->traceback = NULL;
#endif
}

/* Forgets a stashed exception without touching the current one (GIL held). */
static void drop_exception(bridge_ctx *ctx) {
#if PY_VERSION_HEX >= 0x030C0000
  Py_CLEAR(ctx->exception);
#else
  Py_CLEAR(ctx->type);
  Py_CLEAR(ctx->value);
  Py_CLEAR(ctx->traceback);
#endif
  ctx->failed = 0;
}

static PyObject *decode(const char *text, size_t length) {
  return PyUnicode_DecodeUTF8(length ? text : "", (Py_ssize_t)length, "replace");
}

/* Writes one reward. `index` is the completion's index in the whole batch (for the message). */
static int store_reward(PyObject *value, size_t index, double *out, uint8_t *valid) {
  if (value == Py_None) {
    *out = 0.0;
    *valid = 0;
    return 0;
  }
  if (!PyUnicode_Check(value) && !PyBytes_Check(value) && PyNumber_Check(value)) {
    double v = PyFloat_AsDouble(value);
    if (!(v == -1.0 && PyErr_Occurred())) {
      *out = v; /* NaN and infinities are rejected by the Swift side, naming the index */
      *valid = 1;
      return 0;
    }
    PyErr_Clear();
  }
  rsn_raise_named("CallbackError", "reward for completion %zu is %R (type %s); expected a float or None",
                  index, value, Py_TYPE(value)->tp_name);
  return -1;
}

static PyObject *text_list(const char *const *texts, const size_t *lengths, size_t n) {
  PyObject *list = PyList_New((Py_ssize_t)n);
  for (size_t i = 0; list && i < n; i++) {
    PyObject *s = decode(texts[i], lengths[i]);
    if (!s) Py_CLEAR(list);
    else PyList_SET_ITEM(list, (Py_ssize_t)i, s);
  }
  return list;
}

static int32_t batch_trampoline(void *user_data, const rs_reward_batch *b, double *rewards,
                                uint8_t *valid) {
  bridge_ctx *ctx = user_data;
  PyGILState_STATE gil = PyGILState_Ensure();
  int32_t status = 1;
  PyObject *prompts = NULL, *completions = NULL, *answers = NULL, *record_index = NULL,
           *truncated = NULL, *result = NULL, *items = NULL;
  if (ctx->failed) goto done; /* another chunk failed: stop */
  size_t n = b->count;
  if (!(prompts = text_list(b->prompts, b->prompt_lens, n))) goto fail;
  if (!(completions = text_list(b->completions, b->completion_lens, n))) goto fail;
  if (!(answers = text_list(b->answers, b->answer_lens, n))) goto fail;
  if (!(record_index = PyList_New((Py_ssize_t)n)) || !(truncated = PyList_New((Py_ssize_t)n))) goto fail;
  for (size_t i = 0; i < n; i++) {
    PyObject *r = PyLong_FromLongLong(b->record_index[i]);
    if (!r) goto fail;
    PyList_SET_ITEM(record_index, (Py_ssize_t)i, r);
    PyList_SET_ITEM(truncated, (Py_ssize_t)i, PyBool_FromLong(b->truncated[i]));
  }
  result = PyObject_CallFunctionObjArgs(ctx->fn, prompts, completions, answers, record_index,
                                        truncated, NULL);
  if (!result) goto fail;
  items = PySequence_Fast(result, "");
  if (!items) {
    PyErr_Clear();
    rsn_raise_named("CallbackError", "reward returned %R (type %s); expected a list of float or None",
                    result, Py_TYPE(result)->tp_name);
    goto fail;
  }
  if ((size_t)PySequence_Fast_GET_SIZE(items) != n) {
    rsn_raise_named("CallbackError", "reward returned %zd values for %zu completions (%zu..<%zu)",
                    PySequence_Fast_GET_SIZE(items), n, b->first_index, b->first_index + n);
    goto fail;
  }
  for (size_t i = 0; i < n; i++) {
    if (store_reward(PySequence_Fast_GET_ITEM(items, (Py_ssize_t)i), b->first_index + i, rewards + i,
                     valid + i) < 0)
      goto fail;
  }
  status = 0;
  goto done;
fail:
  stash_exception(ctx);
done:
  Py_XDECREF(prompts);
  Py_XDECREF(completions);
  Py_XDECREF(answers);
  Py_XDECREF(record_index);
  Py_XDECREF(truncated);
  Py_XDECREF(result);
  Py_XDECREF(items);
  PyGILState_Release(gil);
  return status;
}

static int32_t per_response_trampoline(void *user_data, size_t index, const char *prompt,
                                       size_t prompt_len, const char *completion, size_t completion_len,
                                       const char *answer, size_t answer_len, int64_t record_index,
                                       uint8_t truncated, uint8_t *valid, double *out) {
  bridge_ctx *ctx = user_data;
  PyGILState_STATE gil = PyGILState_Ensure();
  int32_t status = 1;
  PyObject *args = NULL, *result = NULL, *kwargs = NULL;
  if (ctx->failed) goto done;
  PyObject *p = decode(prompt, prompt_len), *c = decode(completion, completion_len),
           *a = decode(answer, answer_len);
  if (p && c && a) args = PyTuple_Pack(3, p, c, a);
  Py_XDECREF(p);
  Py_XDECREF(c);
  Py_XDECREF(a);
  if (!args) goto fail;
  if (ctx->kwargs_by_record) {
    if (record_index < 0 || record_index >= PyTuple_GET_SIZE(ctx->kwargs_by_record)) {
      rsn_raise_named("InvalidArgumentError", "record_index %lld of completion %zu is out of range",
                      (long long)record_index, index);
      goto fail;
    }
    kwargs = PyTuple_GET_ITEM(ctx->kwargs_by_record, (Py_ssize_t)record_index); /* borrowed */
  }
  result = PyObject_Call(ctx->fn, args, kwargs);
  if (!result || store_reward(result, index, out, valid) < 0) goto fail;
  status = 0;
  goto done;
fail:
  stash_exception(ctx);
done:
  Py_XDECREF(args);
  Py_XDECREF(result);
  PyGILState_Release(gil);
  return status;
}

/* ---- a Python reward behind an rs_reward handle ----------------------------------------------- */

struct rsn_py_reward {
  bridge_ctx ctx;
  rs_reward *handle;
};

rsn_py_reward *rsn_py_reward_new(PyObject *fn, int per_response, PyObject *kwargs_by_record,
                                 const char *name, int threads, int chunk_size) {
  rsn_py_reward *r = PyMem_Calloc(1, sizeof *r);
  if (!r) return (rsn_py_reward *)PyErr_NoMemory();
  Py_INCREF(fn);
  Py_XINCREF(kwargs_by_record);
  r->ctx.fn = fn;
  r->ctx.kwargs_by_record = kwargs_by_record;
  int32_t status;
  char message[1024] = "";
  Py_BEGIN_ALLOW_THREADS
  rs_reward_params params = rs_reward_default_params();
  params.threads = threads;
  params.chunk_size = chunk_size;
  status = per_response
    ? rs_reward_create_per_response(per_response_trampoline, &r->ctx, name, &params, &r->handle)
    : rs_reward_create_batch(batch_trampoline, &r->ctx, name, &params, &r->handle);
  if (status != RS_OK) rsn_copy_last_error(message, sizeof message);
  Py_END_ALLOW_THREADS
  if (status != RS_OK) {
    rsn_py_reward_free(r);
    return (rsn_py_reward *)rsn_raise_status(status, message);
  }
  return r;
}

rs_reward *rsn_py_reward_handle(rsn_py_reward *r) { return r->handle; }

int rsn_py_reward_take_error(rsn_py_reward *r) {
  if (!r->ctx.failed) return 0;
  restore_exception(&r->ctx);
  r->ctx.failed = 0;
  return 1;
}

void rsn_py_reward_free(rsn_py_reward *r) {
  if (!r) return;
  drop_exception(&r->ctx); /* an exception nobody took */
  rs_reward *handle = r->handle;
  Py_BEGIN_ALLOW_THREADS
  rs_reward_free(handle);
  Py_END_ALLOW_THREADS
  Py_XDECREF(r->ctx.fn);
  Py_XDECREF(r->ctx.kwargs_by_record);
  PyMem_Free(r);
}

/* ---- eval_reward ------------------------------------------------------------------------------ */

/* A tuple snapshot of a sequence of str (keeps every str alive while the GIL is released). */
static PyObject *str_tuple(PyObject *obj, const char *name) {
  if (PyUnicode_Check(obj) || PyBytes_Check(obj)) {
    PyErr_Format(PyExc_TypeError, "argument '%s' must be a list of str, got a single %.50s", name,
                 Py_TYPE(obj)->tp_name);
    return NULL;
  }
  PyObject *tuple = PySequence_Tuple(obj);
  if (!tuple) {
    PyErr_Format(PyExc_TypeError, "argument '%s' must be a list of str, got %.100s", name,
                 Py_TYPE(obj)->tp_name);
    return NULL;
  }
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tuple); i++) {
    PyObject *item = PyTuple_GET_ITEM(tuple, i);
    if (!PyUnicode_Check(item)) {
      PyErr_Format(PyExc_TypeError, "argument '%s'[%zd] must be str, got %.100s", name, i,
                   Py_TYPE(item)->tp_name);
      Py_DECREF(tuple);
      return NULL;
    }
  }
  return tuple;
}

/* Fills ptrs/lens from a tuple of str (UTF-8 cached inside each str object, no copy after first use). */
static int utf8_views(PyObject *tuple, const char **ptrs, size_t *lens) {
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tuple); i++) {
    Py_ssize_t length;
    ptrs[i] = PyUnicode_AsUTF8AndSize(PyTuple_GET_ITEM(tuple, i), &length);
    if (!ptrs[i]) return -1; /* e.g. lone surrogates */
    lens[i] = (size_t)length;
  }
  return 0;
}

const char rsn_eval_reward_doc[] =
  "eval_reward(fn, per_response, kwargs_by_record, name, prompts, completions, answers, "
  "record_index, truncated, threads, chunk_size) -> (rewards: ndarray[float64], valid: ndarray[uint8])\n\n"
  "Internal: scores completions with a Python reward through rs_reward_eval (GIL released; the "
  "callbacks re-take it). Use reasoner_swift.evaluate_reward.";

PyObject *rsn_eval_reward(PyObject *module, PyObject *args, PyObject *kw) {
  static char *keywords[] = {"fn", "per_response", "kwargs_by_record", "name", "prompts", "completions",
                             "answers", "record_index", "truncated", "threads", "chunk_size", NULL};
  PyObject *fn, *kwargs_by_record, *prompts_in, *completions_in, *answers_in, *record_in, *truncated_in;
  int per_response, threads, chunk_size;
  const char *name;
  if (!PyArg_ParseTupleAndKeywords(args, kw, "OpOsOOOOOii:eval_reward", keywords, &fn, &per_response,
                                   &kwargs_by_record, &name, &prompts_in, &completions_in, &answers_in,
                                   &record_in, &truncated_in, &threads, &chunk_size))
    return NULL;
  if (!PyCallable_Check(fn)) {
    PyErr_Format(PyExc_TypeError, "argument 'fn' must be callable, got %.100s", Py_TYPE(fn)->tp_name);
    return NULL;
  }
  if (kwargs_by_record == Py_None) kwargs_by_record = NULL;
  else if (!PyTuple_Check(kwargs_by_record)) {
    PyErr_SetString(PyExc_TypeError, "argument 'kwargs_by_record' must be a tuple of dict or None");
    return NULL;
  }

  PyObject *prompts = NULL, *completions = NULL, *answers = NULL, *record_index = NULL,
           *truncated = NULL, *rewards = NULL, *valid = NULL, *result = NULL;
  void *memory = NULL;
  Py_buffer rewards_view = {0}, valid_view = {0};
  if (!(prompts = str_tuple(prompts_in, "prompts")) || !(completions = str_tuple(completions_in, "completions")) ||
      !(answers = str_tuple(answers_in, "answers")))
    goto cleanup;
  if (!(record_index = PySequence_Tuple(record_in)) || !(truncated = PySequence_Tuple(truncated_in))) goto cleanup;
  Py_ssize_t n = PyTuple_GET_SIZE(completions);
  PyObject *sized[] = {prompts, answers, record_index, truncated};
  const char *sized_names[] = {"prompts", "answers", "record_index", "truncated"};
  for (int k = 0; k < 4; k++) {
    if (PyTuple_GET_SIZE(sized[k]) != n) {
      PyErr_Format(PyExc_ValueError, "argument '%s' has %zd items but 'completions' has %zd",
                   sized_names[k], PyTuple_GET_SIZE(sized[k]), n);
      goto cleanup;
    }
  }

  /* One allocation: 3n text pointers, 3n lengths, n record indices, n truncated flags. */
  size_t count = (size_t)n;
  memory = PyMem_Calloc(1, count * (3 * sizeof(char *) + 3 * sizeof(size_t) + sizeof(int64_t) + 1) + 1);
  if (!memory) {
    PyErr_NoMemory();
    goto cleanup;
  }
  const char **texts = memory;
  size_t *lengths = (size_t *)(texts + 3 * count);
  int64_t *records = (int64_t *)(lengths + 3 * count);
  uint8_t *cut = (uint8_t *)(records + count);
  if (utf8_views(prompts, texts, lengths) < 0 || utf8_views(completions, texts + count, lengths + count) < 0 ||
      utf8_views(answers, texts + 2 * count, lengths + 2 * count) < 0)
    goto cleanup;
  for (size_t i = 0; i < count; i++) {
    long long r = PyLong_AsLongLong(PyTuple_GET_ITEM(record_index, (Py_ssize_t)i));
    if (r == -1 && PyErr_Occurred()) goto cleanup;
    records[i] = r;
    int t = PyObject_IsTrue(PyTuple_GET_ITEM(truncated, (Py_ssize_t)i));
    if (t < 0) goto cleanup;
    cut[i] = (uint8_t)t;
  }
  PyObject *shape = Py_BuildValue("(n)", n);
  if (!shape) goto cleanup;
  rewards = rsn_new_array(shape, "float64", &rewards_view);
  if (rewards) valid = rsn_new_array(shape, "uint8", &valid_view);
  Py_DECREF(shape);
  if (!valid) goto cleanup;

  rs_reward_batch batch = {
    .count = count, .first_index = 0,
    .prompts = texts, .prompt_lens = lengths,
    .completions = texts + count, .completion_lens = lengths + count,
    .answers = texts + 2 * count, .answer_lens = lengths + 2 * count,
    .record_index = records, .truncated = cut,
  };
  rsn_py_reward *reward = rsn_py_reward_new(fn, per_response, kwargs_by_record, name, threads, chunk_size);
  if (!reward) goto cleanup;
  rs_reward *handle = rsn_py_reward_handle(reward);
  int32_t status;
  char message[1024] = "";
  Py_BEGIN_ALLOW_THREADS
  status = rs_reward_eval(handle, &batch, rewards_view.buf, valid_view.buf);
  if (status != RS_OK) rsn_copy_last_error(message, sizeof message);
  Py_END_ALLOW_THREADS
  if (rsn_py_reward_take_error(reward)) {
    /* the reward's own exception, traceback included, is now set */
  } else if (status != RS_OK) {
    rsn_raise_status(status, message);
  } else {
    result = PyTuple_Pack(2, rewards, valid);
  }
  rsn_py_reward_free(reward);

cleanup:
  if (rewards_view.obj) PyBuffer_Release(&rewards_view);
  if (valid_view.obj) PyBuffer_Release(&valid_view);
  PyMem_Free(memory);
  Py_XDECREF(prompts);
  Py_XDECREF(completions);
  Py_XDECREF(answers);
  Py_XDECREF(record_index);
  Py_XDECREF(truncated);
  Py_XDECREF(rewards);
  Py_XDECREF(valid);
  return result;
}
