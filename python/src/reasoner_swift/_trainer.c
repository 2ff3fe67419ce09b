/* _trainer.c — the RL-training part of reasoner_swift._native: reward capsules (a Python reward behind
 * an rs_reward, or the native correctness reward), the rs_rl_trainer capsule, and the step wrapper that
 * releases the GIL and re-raises a reward's own exception. Tested by python/tests/test_rl_trainer.py. */
#include "_native.h"

#define PY_REWARD_CAPSULE "reasoner_swift.py_reward"
#define NATIVE_REWARD_CAPSULE "reasoner_swift.rs_reward"
#define TRAINER_CAPSULE "reasoner_swift.rs_rl_trainer"

static void free_py_reward(PyObject *capsule) {
  rsn_py_reward_free(PyCapsule_GetPointer(capsule, PY_REWARD_CAPSULE));
}

static void free_native_reward(PyObject *capsule) {
  rs_reward *reward = PyCapsule_GetPointer(capsule, NATIVE_REWARD_CAPSULE);
  Py_BEGIN_ALLOW_THREADS
  rs_reward_free(reward);
  Py_END_ALLOW_THREADS
}

static void free_trainer(PyObject *capsule) {
  rs_rl_trainer *trainer = PyCapsule_GetPointer(capsule, TRAINER_CAPSULE);
  Py_BEGIN_ALLOW_THREADS
  rs_rl_trainer_free(trainer);
  Py_END_ALLOW_THREADS
}

/* py_reward_new(adapter, name) -> capsule: a batch reward calling adapter(prompts, completions, answers,
 * record_index, truncated) on the trainer's thread (GIL re-taken). */
PyObject *rsn_py_reward_capsule(PyObject *self, PyObject *args) {
  PyObject *fn;
  const char *name;
  if (!PyArg_ParseTuple(args, "Os:py_reward_new", &fn, &name)) return NULL;
  rsn_py_reward *reward = rsn_py_reward_new(fn, 0, NULL, name, 1, 0);
  if (!reward) return NULL;
  PyObject *capsule = PyCapsule_New(reward, PY_REWARD_CAPSULE, free_py_reward);
  if (!capsule) rsn_py_reward_free(reward);
  return capsule;
}

PyObject *rsn_correctness_reward_capsule(PyObject *self, PyObject *unused) {
  rs_reward *reward = NULL;
  int32_t status;
  RSN_CALL(status, rs_reward_create_correctness(&reward));
  if (status != RS_OK) return NULL;
  PyObject *capsule = PyCapsule_New(reward, NATIVE_REWARD_CAPSULE, free_native_reward);
  if (!capsule) rs_reward_free(reward);
  return capsule;
}

static rs_reward *reward_of(PyObject *capsule) {
  if (PyCapsule_IsValid(capsule, PY_REWARD_CAPSULE))
    return rsn_py_reward_handle(PyCapsule_GetPointer(capsule, PY_REWARD_CAPSULE));
  return PyCapsule_GetPointer(capsule, NATIVE_REWARD_CAPSULE); /* sets an exception if not one */
}

/* rl_trainer_new(model_capsule, config_json, [reward capsules], [weights]) -> capsule */
PyObject *rsn_rl_trainer_new(PyObject *self, PyObject *args) {
  PyObject *model_capsule, *rewards, *weights;
  const char *json;
  Py_ssize_t json_len;
  if (!PyArg_ParseTuple(args, "Os#O!O!:rl_trainer_new", &model_capsule, &json, &json_len, &PyList_Type, &rewards,
                        &PyList_Type, &weights))
    return NULL;
  rs_model *model = PyCapsule_GetPointer(model_capsule, "reasoner_swift.rs_model");
  if (!model) return NULL;
  Py_ssize_t n = PyList_GET_SIZE(rewards);
  if (PyList_GET_SIZE(weights) != n) {
    PyErr_SetString(PyExc_ValueError, "rewards and weights differ in length");
    return NULL;
  }
  const rs_reward **handles = PyMem_Calloc((size_t)n + 1, sizeof(rs_reward *));
  double *w = PyMem_Calloc((size_t)n + 1, sizeof(double));
  PyObject *result = NULL;
  if (!handles || !w) {
    PyErr_NoMemory();
    goto done;
  }
  for (Py_ssize_t i = 0; i < n; i++) {
    if (!(handles[i] = reward_of(PyList_GET_ITEM(rewards, i)))) goto done;
    w[i] = PyFloat_AsDouble(PyList_GET_ITEM(weights, i));
    if (w[i] == -1.0 && PyErr_Occurred()) goto done;
  }
  rs_rl_trainer *trainer = NULL;
  int32_t status;
  RSN_CALL(status, rs_rl_trainer_create(model, json, (size_t)json_len, handles, w, (size_t)n, &trainer));
  if (status != RS_OK) goto done;
  result = PyCapsule_New(trainer, TRAINER_CAPSULE, free_trainer);
  if (!result) rs_rl_trainer_free(trainer);
done:
  PyMem_Free(handles);
  PyMem_Free(w);
  return result;
}

/* rl_trainer_step(trainer, [(problem, answer)], [reward capsules]) -> metrics JSON. A Python reward's
 * exception is re-raised as is (the Swift step has left the training state unchanged). */
PyObject *rsn_rl_trainer_step(PyObject *self, PyObject *args) {
  PyObject *capsule, *records, *rewards;
  if (!PyArg_ParseTuple(args, "OO!O!:rl_trainer_step", &capsule, &PyList_Type, &records, &PyList_Type, &rewards))
    return NULL;
  rs_rl_trainer *trainer = PyCapsule_GetPointer(capsule, TRAINER_CAPSULE);
  if (!trainer) return NULL;
  Py_ssize_t n = PyList_GET_SIZE(records);
  rs_rl_record *items = PyMem_Calloc((size_t)n + 1, sizeof(rs_rl_record));
  if (!items) return PyErr_NoMemory();
  PyObject *result = NULL;
  for (Py_ssize_t i = 0; i < n; i++) {
    Py_ssize_t p_len, a_len;
    if (!PyArg_ParseTuple(PyList_GET_ITEM(records, i), "s#s#", &items[i].problem, &p_len, &items[i].answer, &a_len))
      goto done;
    items[i].problem_len = (size_t)p_len;
    items[i].answer_len = (size_t)a_len;
  }
  char *json = NULL, message[1024] = "";
  size_t length = 0;
  int32_t status;
  Py_BEGIN_ALLOW_THREADS
  status = rs_rl_trainer_step(trainer, items, (size_t)n, &json, &length);
  if (status != RS_OK) rsn_copy_last_error(message, sizeof message);
  Py_END_ALLOW_THREADS
  int raised = 0;
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(rewards); i++) {
    PyObject *r = PyList_GET_ITEM(rewards, i);
    if (PyCapsule_IsValid(r, PY_REWARD_CAPSULE) && !raised)
      raised = rsn_py_reward_take_error(PyCapsule_GetPointer(r, PY_REWARD_CAPSULE));
  }
  if (raised) {
    rs_free(json);
  } else if (status != RS_OK) {
    rsn_raise_status(status, message);
  } else {
    result = PyUnicode_DecodeUTF8(json, (Py_ssize_t)length, "replace");
    rs_free(json);
  }
done:
  PyMem_Free(items);
  return result;
}

PyObject *rsn_rl_trainer_steps(PyObject *self, PyObject *capsule) {
  rs_rl_trainer *trainer = PyCapsule_GetPointer(capsule, TRAINER_CAPSULE);
  if (!trainer) return NULL;
  int64_t steps = 0;
  int32_t status;
  RSN_CALL(status, rs_rl_trainer_completed_steps(trainer, &steps));
  return status == RS_OK ? PyLong_FromLongLong(steps) : NULL;
}

/* rl_trainer_save(trainer, dir) / rl_trainer_resume(trainer, dir): the checkpoint calls, GIL released. */
static PyObject *checkpoint_call(PyObject *args, const char *format, int resume) {
  PyObject *capsule, *dir_obj;
  if (!PyArg_ParseTuple(args, format, &capsule, PyUnicode_FSConverter, &dir_obj)) return NULL;
  rs_rl_trainer *trainer = PyCapsule_GetPointer(capsule, TRAINER_CAPSULE);
  int32_t status = RS_ERR_INVALID;
  if (trainer) {
    const char *dir = PyBytes_AS_STRING(dir_obj);
    if (resume) RSN_CALL(status, rs_rl_trainer_resume(trainer, dir));
    else RSN_CALL(status, rs_rl_trainer_save_checkpoint(trainer, dir));
  }
  Py_DECREF(dir_obj);
  if (status != RS_OK) return NULL;
  Py_RETURN_NONE;
}

PyObject *rsn_rl_trainer_save(PyObject *self, PyObject *args) {
  return checkpoint_call(args, "OO&:rl_trainer_save", 0);
}

PyObject *rsn_rl_trainer_resume(PyObject *self, PyObject *args) {
  return checkpoint_call(args, "OO&:rl_trainer_resume", 1);
}

/* sft_train(model_capsule, config_json, [prompt int32 1-D], [completion int32 1-D], end_token) -> JSON */
PyObject *rsn_sft_train(PyObject *self, PyObject *args) {
  PyObject *model_capsule, *prompts, *completions;
  const char *json;
  Py_ssize_t json_len;
  int end_token;
  if (!PyArg_ParseTuple(args, "Os#O!O!i:sft_train", &model_capsule, &json, &json_len, &PyList_Type, &prompts,
                        &PyList_Type, &completions, &end_token))
    return NULL;
  rs_model *model = PyCapsule_GetPointer(model_capsule, "reasoner_swift.rs_model");
  if (!model) return NULL;
  Py_ssize_t n = PyList_GET_SIZE(prompts);
  if (PyList_GET_SIZE(completions) != n) {
    PyErr_SetString(PyExc_ValueError, "prompts and completions differ in length");
    return NULL;
  }
  Py_buffer *views = PyMem_Calloc(2 * (size_t)n + 1, sizeof(Py_buffer));
  const int32_t **ptrs = PyMem_Calloc(2 * (size_t)n + 1, sizeof(int32_t *));
  size_t *lens = PyMem_Calloc(2 * (size_t)n + 1, sizeof(size_t));
  PyObject *result = NULL;
  Py_ssize_t held = 0;
  if (!views || !ptrs || !lens) {
    PyErr_NoMemory();
    goto done;
  }
  for (; held < 2 * n; held++) {
    PyObject *item = held < n ? PyList_GET_ITEM(prompts, held) : PyList_GET_ITEM(completions, held - n);
    if (rsn_get_buffer(item, held < n ? "prompts" : "completions", 'i', 1, 0, &views[held]) < 0) goto done;
    ptrs[held] = views[held].buf;
    lens[held] = (size_t)views[held].shape[0];
  }
  char *metrics = NULL;
  size_t length = 0;
  int32_t status;
  RSN_CALL(status, rs_sft_train(model, json, (size_t)json_len, ptrs, lens, ptrs + n, lens + n, (size_t)n, end_token,
                                &metrics, &length));
  if (status == RS_OK) {
    result = PyUnicode_DecodeUTF8(metrics, (Py_ssize_t)length, "replace");
    rs_free(metrics);
  }
done:
  for (Py_ssize_t i = 0; i < held; i++) PyBuffer_Release(&views[i]);
  PyMem_Free(views);
  PyMem_Free(ptrs);
  PyMem_Free(lens);
  return result;
}
