/* _model.c — the models, tokenizers and generation part of reasoner_swift._native: capsules around
 * rs_model / rs_tokenizer handles and thin wrappers that release the GIL around every rs_ call.
 * Shape and dtype checks live in _model.py; this file re-checks what the C side would trust.
 * Tested by python/tests/test_model.py, test_tokenizer.py, test_generate.py. */
#include "_native.h"

#define MODEL_CAPSULE "reasoner_swift.rs_model"
#define TOKENIZER_CAPSULE "reasoner_swift.rs_tokenizer"

static void free_model_capsule(PyObject *capsule) {
  rs_model *model = PyCapsule_GetPointer(capsule, MODEL_CAPSULE);
  Py_BEGIN_ALLOW_THREADS
  rs_model_free(model);
  Py_END_ALLOW_THREADS
}

static void free_tokenizer_capsule(PyObject *capsule) {
  rs_tokenizer *tokenizer = PyCapsule_GetPointer(capsule, TOKENIZER_CAPSULE);
  Py_BEGIN_ALLOW_THREADS
  rs_tokenizer_free(tokenizer);
  Py_END_ALLOW_THREADS
}

static rs_model *model_of(PyObject *capsule) { return PyCapsule_GetPointer(capsule, MODEL_CAPSULE); }
static rs_tokenizer *tokenizer_of(PyObject *capsule) { return PyCapsule_GetPointer(capsule, TOKENIZER_CAPSULE); }

/* A str from a library-owned UTF-8 buffer, which it frees. */
static PyObject *take_string(char *text, size_t length) {
  PyObject *s = PyUnicode_DecodeUTF8(text ? text : "", (Py_ssize_t)length, "replace");
  rs_free(text);
  return s;
}

PyObject *rsn_model_load(PyObject *self, PyObject *args) {
  PyObject *path_obj;
  if (!PyArg_ParseTuple(args, "O&:model_load", PyUnicode_FSConverter, &path_obj)) return NULL;
  rs_model *model = NULL;
  int32_t status;
  RSN_CALL(status, rs_model_load(PyBytes_AS_STRING(path_obj), &model));
  Py_DECREF(path_obj);
  if (status != RS_OK) return NULL;
  PyObject *capsule = PyCapsule_New(model, MODEL_CAPSULE, free_model_capsule);
  if (!capsule) rs_model_free(model);
  return capsule;
}

PyObject *rsn_model_config_json(PyObject *self, PyObject *capsule) {
  rs_model *model = model_of(capsule);
  if (!model) return NULL;
  char *json = NULL;
  size_t length = 0;
  int32_t status;
  RSN_CALL(status, rs_model_config_json(model, &json, &length));
  return status == RS_OK ? take_string(json, length) : NULL;
}

/* [(name, shape, offset)], total floats. */
PyObject *rsn_model_layout(PyObject *self, PyObject *capsule) {
  rs_model *model = model_of(capsule);
  if (!model) return NULL;
  size_t tensors = 0, floats = 0;
  int32_t status;
  RSN_CALL(status, rs_model_parameter_counts(model, &tensors, &floats));
  if (status != RS_OK) return NULL;
  PyObject *list = PyList_New((Py_ssize_t)tensors);
  for (size_t i = 0; list && i < tensors; i++) {
    const char *name = NULL;
    int32_t rank = 0;
    int64_t dims[4] = {0};
    size_t offset = 0;
    RSN_CALL(status, rs_model_parameter_info(model, i, &name, &rank, dims, &offset));
    if (status != RS_OK) {
      Py_CLEAR(list);
      break;
    }
    PyObject *shape = PyTuple_New(rank);
    for (int32_t d = 0; shape && d < rank; d++) PyTuple_SET_ITEM(shape, d, PyLong_FromLongLong(dims[d]));
    PyObject *entry = shape ? Py_BuildValue("(sNn)", name, shape, (Py_ssize_t)offset) : NULL;
    if (!entry) {
      Py_CLEAR(list);
      break;
    }
    PyList_SET_ITEM(list, (Py_ssize_t)i, entry);
  }
  return list ? Py_BuildValue("(Nn)", list, (Py_ssize_t)floats) : NULL;
}

PyObject *rsn_model_copy_parameters(PyObject *self, PyObject *args) {
  PyObject *capsule, *out_obj;
  if (!PyArg_ParseTuple(args, "OO:model_copy_parameters", &capsule, &out_obj)) return NULL;
  rs_model *model = model_of(capsule);
  if (!model) return NULL;
  Py_buffer out;
  if (rsn_get_buffer(out_obj, "out", 'f', 1, 1, &out) < 0) return NULL;
  int32_t status;
  RSN_CALL(status, rs_model_copy_parameters(model, out.buf, (size_t)(out.len / 4)));
  PyBuffer_Release(&out);
  if (status != RS_OK) return NULL;
  Py_RETURN_NONE;
}

/* model_logits(capsule, input_ids int32 [B, T], out float32 [B, T, V]) */
PyObject *rsn_model_logits(PyObject *self, PyObject *args) {
  PyObject *capsule, *ids_obj, *out_obj;
  if (!PyArg_ParseTuple(args, "OOO:model_logits", &capsule, &ids_obj, &out_obj)) return NULL;
  rs_model *model = model_of(capsule);
  if (!model) return NULL;
  Py_buffer ids, out;
  if (rsn_get_buffer(ids_obj, "input_ids", 'i', 2, 0, &ids) < 0) return NULL;
  if (rsn_get_buffer(out_obj, "out", 'f', 3, 1, &out) < 0) {
    PyBuffer_Release(&ids);
    return NULL;
  }
  int32_t status = RS_OK;
  if (out.shape[0] != ids.shape[0] || out.shape[1] != ids.shape[1]) {
    PyErr_SetString(PyExc_ValueError, "argument 'out' must have shape (B, T, V) matching input_ids");
    status = RS_ERR_INVALID;
  } else {
    RSN_CALL(status, rs_model_logits(model, ids.buf, (size_t)ids.shape[0], (size_t)ids.shape[1], out.buf));
  }
  PyBuffer_Release(&ids);
  PyBuffer_Release(&out);
  if (status != RS_OK) return NULL;
  Py_RETURN_NONE;
}

/* model_loss_and_grads(capsule, input_ids int32 [B, T], loss_mask uint8 [B, T], grads float32 [floats]) -> loss */
PyObject *rsn_model_loss_and_grads(PyObject *self, PyObject *args) {
  PyObject *capsule, *ids_obj, *mask_obj, *grads_obj;
  if (!PyArg_ParseTuple(args, "OOOO:model_loss_and_grads", &capsule, &ids_obj, &mask_obj, &grads_obj)) return NULL;
  rs_model *model = model_of(capsule);
  if (!model) return NULL;
  Py_buffer ids = {0}, mask = {0}, grads = {0};
  PyObject *result = NULL;
  if (rsn_get_buffer(ids_obj, "input_ids", 'i', 2, 0, &ids) < 0) goto done;
  if (rsn_get_buffer(mask_obj, "loss_mask", 'B', 2, 0, &mask) < 0) goto done;
  if (rsn_get_buffer(grads_obj, "grads", 'f', 1, 1, &grads) < 0) goto done;
  if (mask.shape[0] != ids.shape[0] || mask.shape[1] != ids.shape[1]) {
    PyErr_Format(PyExc_ValueError, "argument 'loss_mask' has shape (%zd, %zd) but input_ids has (%zd, %zd)",
                 mask.shape[0], mask.shape[1], ids.shape[0], ids.shape[1]);
    goto done;
  }
  double loss = 0;
  int32_t status;
  RSN_CALL(status, rs_model_loss_and_grads(model, ids.buf, mask.buf, (size_t)ids.shape[0], (size_t)ids.shape[1],
                                           &loss, grads.buf, (size_t)(grads.len / 4)));
  if (status == RS_OK) result = PyFloat_FromDouble(loss);
done:
  if (ids.obj) PyBuffer_Release(&ids);
  if (mask.obj) PyBuffer_Release(&mask);
  if (grads.obj) PyBuffer_Release(&grads);
  return result;
}

PyObject *rsn_model_save(PyObject *self, PyObject *args) {
  PyObject *capsule, *dir_obj;
  if (!PyArg_ParseTuple(args, "OO&:model_save", &capsule, PyUnicode_FSConverter, &dir_obj)) return NULL;
  rs_model *model = model_of(capsule);
  int32_t status = RS_ERR_INVALID;
  if (model) RSN_CALL(status, rs_model_save(model, PyBytes_AS_STRING(dir_obj)));
  Py_DECREF(dir_obj);
  if (status != RS_OK) return NULL;
  Py_RETURN_NONE;
}

static PyObject *tokenizer_capsule(rs_tokenizer *tokenizer) {
  PyObject *capsule = PyCapsule_New(tokenizer, TOKENIZER_CAPSULE, free_tokenizer_capsule);
  if (!capsule) rs_tokenizer_free(tokenizer);
  return capsule;
}

PyObject *rsn_model_tokenizer(PyObject *self, PyObject *capsule) {
  rs_model *model = model_of(capsule);
  if (!model) return NULL;
  rs_tokenizer *tokenizer = NULL;
  int32_t status;
  RSN_CALL(status, rs_model_tokenizer(model, &tokenizer));
  return status == RS_OK ? tokenizer_capsule(tokenizer) : NULL;
}

PyObject *rsn_tokenizer_load(PyObject *self, PyObject *args) {
  PyObject *path_obj;
  if (!PyArg_ParseTuple(args, "O&:tokenizer_load", PyUnicode_FSConverter, &path_obj)) return NULL;
  rs_tokenizer *tokenizer = NULL;
  int32_t status;
  RSN_CALL(status, rs_tokenizer_load(PyBytes_AS_STRING(path_obj), &tokenizer));
  Py_DECREF(path_obj);
  return status == RS_OK ? tokenizer_capsule(tokenizer) : NULL;
}

PyObject *rsn_tokenizer_info(PyObject *self, PyObject *capsule) {
  rs_tokenizer *tokenizer = tokenizer_of(capsule);
  if (!tokenizer) return NULL;
  rs_tokenizer_info info;
  int32_t status;
  RSN_CALL(status, rs_tokenizer_get_info(tokenizer, &info));
  if (status != RS_OK) return NULL;
  return Py_BuildValue("{s:L,s:i,s:i,s:i,s:O}", "vocab_size", (long long)info.vocab_size, "bos_token_id",
                       (int)info.bos_token_id, "eos_token_id", (int)info.eos_token_id, "pad_token_id",
                       (int)info.pad_token_id, "add_bos_token", info.add_bos_token ? Py_True : Py_False);
}

PyObject *rsn_tokenizer_encode(PyObject *self, PyObject *args) {
  PyObject *capsule;
  const char *text;
  Py_ssize_t length;
  int add_special;
  if (!PyArg_ParseTuple(args, "Os#p:tokenizer_encode", &capsule, &text, &length, &add_special)) return NULL;
  rs_tokenizer *tokenizer = tokenizer_of(capsule);
  if (!tokenizer) return NULL;
  int32_t *ids = NULL;
  size_t count = 0;
  int32_t status;
  RSN_CALL(status, rs_tokenizer_encode(tokenizer, text, (size_t)length, add_special, &ids, &count));
  if (status != RS_OK) return NULL;
  PyObject *list = PyList_New((Py_ssize_t)count);
  for (size_t i = 0; list && i < count; i++) PyList_SET_ITEM(list, (Py_ssize_t)i, PyLong_FromLong(ids[i]));
  rs_free(ids);
  return list;
}

/* tokenizer_decode(capsule, ids int32 1-D buffer, skip_special) */
PyObject *rsn_tokenizer_decode(PyObject *self, PyObject *args) {
  PyObject *capsule, *ids_obj;
  int skip_special;
  if (!PyArg_ParseTuple(args, "OOp:tokenizer_decode", &capsule, &ids_obj, &skip_special)) return NULL;
  rs_tokenizer *tokenizer = tokenizer_of(capsule);
  if (!tokenizer) return NULL;
  Py_buffer ids;
  if (rsn_get_buffer(ids_obj, "ids", 'i', 1, 0, &ids) < 0) return NULL;
  char *text = NULL;
  size_t length = 0;
  int32_t status;
  RSN_CALL(status, rs_tokenizer_decode(tokenizer, ids.buf, (size_t)ids.shape[0], skip_special, &text, &length));
  PyBuffer_Release(&ids);
  return status == RS_OK ? take_string(text, length) : NULL;
}

/* tokenizer_chat(capsule, [(role, content)], add_generation_prompt) */
PyObject *rsn_tokenizer_chat(PyObject *self, PyObject *args) {
  PyObject *capsule, *messages;
  int add_generation_prompt;
  if (!PyArg_ParseTuple(args, "OO!p:tokenizer_chat", &capsule, &PyList_Type, &messages, &add_generation_prompt))
    return NULL;
  rs_tokenizer *tokenizer = tokenizer_of(capsule);
  if (!tokenizer) return NULL;
  Py_ssize_t n = PyList_GET_SIZE(messages);
  const char **texts = PyMem_Calloc((size_t)(2 * n + 1), sizeof(char *));
  size_t *lengths = PyMem_Calloc((size_t)(2 * n + 1), sizeof(size_t));
  PyObject *result = NULL;
  if (!texts || !lengths) {
    PyErr_NoMemory();
    goto done;
  }
  for (Py_ssize_t i = 0; i < n; i++) {
    const char *role, *content;
    Py_ssize_t role_len, content_len;
    if (!PyArg_ParseTuple(PyList_GET_ITEM(messages, i), "s#s#", &role, &role_len, &content, &content_len)) goto done;
    texts[i] = role;
    lengths[i] = (size_t)role_len;
    texts[n + i] = content;
    lengths[n + i] = (size_t)content_len;
  }
  char *text = NULL;
  size_t length = 0;
  int32_t status;
  RSN_CALL(status, rs_tokenizer_apply_chat_template(tokenizer, texts, lengths, texts + n, lengths + n, (size_t)n,
                                                    add_generation_prompt, &text, &length));
  if (status == RS_OK) result = take_string(text, length);
done:
  PyMem_Free(texts);
  PyMem_Free(lengths);
  return result;
}

/* A 1-D numpy array of `dtype` holding `count` items copied from `data`. */
static PyObject *array_copy(const void *data, size_t count, size_t itemsize, const char *dtype) {
  PyObject *shape = Py_BuildValue("(n)", (Py_ssize_t)count);
  if (!shape) return NULL;
  Py_buffer view;
  PyObject *array = rsn_new_array(shape, dtype, &view);
  Py_DECREF(shape);
  if (!array) return NULL;
  if (count) memcpy(view.buf, data, count * itemsize);
  PyBuffer_Release(&view);
  return array;
}

/* generate(capsule, prompts: list of int32 1-D arrays, n, temperature, top_k, top_p, min_p,
 *          max_new_tokens, seed, stop_at_eos, stop_ids: int32 1-D array, stop_strings: list of str,
 *          max_concurrent_slots, decode_weights: 0 fp32 / 1 bf16)
 * -> list of (prompt_index, sample_index, token_ids, logprobs, text, finish_reason) */
PyObject *rsn_generate(PyObject *self, PyObject *args) {
  PyObject *capsule, *prompts, *stop_ids_obj, *stop_strings;
  rs_generate_params params = rs_generate_default_params();
  unsigned long long seed;
  if (!PyArg_ParseTuple(args, "OO!ififfiKpOO!ii:generate", &capsule, &PyList_Type, &prompts,
                        &params.samples_per_prompt, &params.temperature, &params.top_k, &params.top_p,
                        &params.min_p, &params.max_new_tokens, &seed, &params.stop_at_eos, &stop_ids_obj,
                        &PyList_Type, &stop_strings, &params.max_concurrent_slots,
                        &params.decode_weights))
    return NULL;
  params.seed = (uint64_t)seed;
  rs_model *model = model_of(capsule);
  if (!model) return NULL;
  Py_ssize_t n = PyList_GET_SIZE(prompts), s = PyList_GET_SIZE(stop_strings);
  Py_buffer *views = PyMem_Calloc((size_t)n + 1, sizeof(Py_buffer));
  const int32_t **ptrs = PyMem_Calloc((size_t)n + 1, sizeof(int32_t *));
  size_t *lens = PyMem_Calloc((size_t)n + 1, sizeof(size_t));
  const char **stops = PyMem_Calloc((size_t)s + 1, sizeof(char *));
  size_t *stop_lens = PyMem_Calloc((size_t)s + 1, sizeof(size_t));
  Py_buffer stop_ids = {0};
  PyObject *result = NULL;
  rs_completions *completions = NULL;
  Py_ssize_t held = 0;
  if (!views || !ptrs || !lens || !stops || !stop_lens) {
    PyErr_NoMemory();
    goto done;
  }
  for (; held < n; held++) {
    if (rsn_get_buffer(PyList_GET_ITEM(prompts, held), "prompts", 'i', 1, 0, &views[held]) < 0) goto done;
    ptrs[held] = views[held].buf;
    lens[held] = (size_t)views[held].shape[0];
  }
  for (Py_ssize_t i = 0; i < s; i++) {
    Py_ssize_t length;
    stops[i] = PyUnicode_AsUTF8AndSize(PyList_GET_ITEM(stop_strings, i), &length);
    if (!stops[i]) goto done;
    stop_lens[i] = (size_t)length;
  }
  if (rsn_get_buffer(stop_ids_obj, "stop_token_ids", 'i', 1, 0, &stop_ids) < 0) goto done;
  params.stop_token_ids = stop_ids.buf;
  params.stop_token_count = (size_t)stop_ids.shape[0];
  params.stop_strings = stops;
  params.stop_string_lens = stop_lens;
  params.stop_string_count = (size_t)s;
  int32_t status;
  RSN_CALL(status, rs_generate(model, ptrs, lens, (size_t)n, &params, &completions));
  if (status != RS_OK) goto done;
  size_t count = rs_completions_count(completions);
  result = PyList_New((Py_ssize_t)count);
  for (size_t i = 0; result && i < count; i++) {
    rs_completion c;
    RSN_CALL(status, rs_completions_get(completions, i, &c));
    PyObject *item = NULL;
    if (status == RS_OK) {
      PyObject *ids = array_copy(c.token_ids, c.token_count, 4, "int32");
      PyObject *lps = ids ? array_copy(c.logprobs, c.token_count, 4, "float32") : NULL;
      PyObject *text = lps ? PyUnicode_DecodeUTF8(c.text ? c.text : "", (Py_ssize_t)c.text_len, "replace") : NULL;
      if (text)
        item = Py_BuildValue("(nnNNNs)", (Py_ssize_t)c.prompt_index, (Py_ssize_t)c.sample_index, ids, lps, text,
                             c.finish_reason == 0 ? "stop" : "length");
      else {
        Py_XDECREF(ids);
        Py_XDECREF(lps);
      }
    }
    if (!item) Py_CLEAR(result);
    else PyList_SET_ITEM(result, (Py_ssize_t)i, item);
  }
done:
  if (completions) {
    Py_BEGIN_ALLOW_THREADS
    rs_completions_free(completions);
    Py_END_ALLOW_THREADS
  }
  for (Py_ssize_t i = 0; i < held; i++) PyBuffer_Release(&views[i]);
  if (stop_ids.obj) PyBuffer_Release(&stop_ids);
  PyMem_Free(views);
  PyMem_Free(ptrs);
  PyMem_Free(lens);
  PyMem_Free(stops);
  PyMem_Free(stop_lens);
  return result;
}
