/* _text.c — the verifier, detectors and RL-math part of reasoner_swift._native: thin wrappers that
 * borrow numpy buffers (no copies) and release the GIL around every rs_ call.
 * Tested by python/tests/test_verifier.py and test_rl_math.py. */
#include "_native.h"

/* A str from a library-owned UTF-8 buffer (None for NULL), which it frees. */
static PyObject *take_text(char *text, size_t length) {
  if (!text) Py_RETURN_NONE;
  PyObject *s = PyUnicode_DecodeUTF8(text, (Py_ssize_t)length, "replace");
  rs_free(text);
  return s;
}

/* verify(response, gold) -> (is_correct, extracted | None, reason) */
PyObject *rsn_verify(PyObject *self, PyObject *args) {
  const char *response, *gold;
  Py_ssize_t response_len, gold_len;
  if (!PyArg_ParseTuple(args, "s#s#:verify", &response, &response_len, &gold, &gold_len)) return NULL;
  rs_verdict verdict = {0};
  int32_t status;
  RSN_CALL(status, rs_verify(response, (size_t)response_len, gold, (size_t)gold_len, &verdict));
  if (status != RS_OK) return NULL;
  PyObject *extracted = verdict.extracted ? PyUnicode_DecodeUTF8(verdict.extracted, (Py_ssize_t)verdict.extracted_len, "replace")
                                          : Py_NewRef(Py_None);
  PyObject *reason = PyUnicode_DecodeUTF8(verdict.reason, (Py_ssize_t)verdict.reason_len, "replace");
  rs_verdict_clear(&verdict);
  if (!extracted || !reason) {
    Py_XDECREF(extracted);
    Py_XDECREF(reason);
    return NULL;
  }
  return Py_BuildValue("(ONN)", verdict.is_correct ? Py_True : Py_False, extracted, reason);
}

/* extract_answer(response) -> (answer, rule) | None */
PyObject *rsn_extract_answer(PyObject *self, PyObject *args) {
  const char *response;
  Py_ssize_t length;
  if (!PyArg_ParseTuple(args, "s#:extract_answer", &response, &length)) return NULL;
  int32_t found = 0, status;
  char *answer = NULL, *rule = NULL;
  size_t answer_len = 0, rule_len = 0;
  RSN_CALL(status, rs_extract_answer(response, (size_t)length, &found, &answer, &answer_len, &rule, &rule_len));
  if (status != RS_OK) return NULL;
  if (!found) Py_RETURN_NONE;
  return Py_BuildValue("(NN)", take_text(answer, answer_len), take_text(rule, rule_len));
}

/* repetition(text | None, ids int32 1-D | None, (n, max_repeated_fraction, min_tokens, max_period,
 *            min_run_repeats, min_run_tokens, min_tail_repeats, min_tail_tokens)) -> dict */
PyObject *rsn_repetition(PyObject *self, PyObject *args) {
  PyObject *text_obj, *ids_obj;
  rs_repetition_params p;
  if (!PyArg_ParseTuple(args, "OO(ididdidi):repetition", &text_obj, &ids_obj, &p.n, &p.max_repeated_fraction,
                        &p.min_tokens, &p.max_period, &p.min_run_repeats, &p.min_run_tokens, &p.min_tail_repeats,
                        &p.min_tail_tokens))
    return NULL;
  const char *text = NULL;
  Py_ssize_t text_len = 0;
  Py_buffer ids = {0};
  if (ids_obj != Py_None) {
    if (rsn_get_buffer(ids_obj, "ids", 'i', 1, 0, &ids) < 0) return NULL;
  } else if (!(text = PyUnicode_AsUTF8AndSize(text_obj, &text_len))) {
    return NULL;
  }
  rs_repetition_report r = {0};
  int32_t status;
  RSN_CALL(status, rs_repetition_check(&p, text, (size_t)text_len, ids.obj ? ids.buf : NULL,
                                       ids.obj ? (size_t)ids.shape[0] : 0, &r));
  if (ids.obj) PyBuffer_Release(&ids);
  if (status != RS_OK) return NULL;
  static const char *rules[] = {"periodic_run", "repeated_tail", "repeated_ngrams"};
  PyObject *rule = r.rule >= 0 && r.rule < 3 ? PyUnicode_FromString(rules[r.rule]) : Py_NewRef(Py_None);
  PyObject *location = r.location_start >= 0 ? Py_BuildValue("(LL)", (long long)r.location_start, (long long)r.location_end)
                                             : Py_NewRef(Py_None);
  return Py_BuildValue("{s:O,s:N,s:N,s:N,s:d,s:L,s:d,s:d}", "flagged", r.flagged ? Py_True : Py_False, "rule", rule,
                       "location", location, "detail", take_text(r.detail, r.detail_len), "longest_run_repeats",
                       r.longest_run_repeats, "longest_run_tokens", (long long)r.longest_run_tokens, "tail_repeats",
                       r.tail_repeats, "repeated_fraction", r.repeated_fraction);
}

/* garbled(text, (min_script_letters, max_scripts, max_replacement_characters, max_control_characters,
 *         max_symbol_run, max_ascii_punctuation_run)) -> (flagged, report_json) */
PyObject *rsn_garbled(PyObject *self, PyObject *args) {
  const char *text;
  Py_ssize_t length;
  rs_garbled_params p;
  if (!PyArg_ParseTuple(args, "s#(iiiiii):garbled", &text, &length, &p.min_script_letters, &p.max_scripts,
                        &p.max_replacement_characters, &p.max_control_characters, &p.max_symbol_run,
                        &p.max_ascii_punctuation_run))
    return NULL;
  int32_t flagged = 0, status;
  char *json = NULL;
  size_t json_len = 0;
  RSN_CALL(status, rs_garbled_check(&p, text, (size_t)length, &flagged, &json, &json_len));
  if (status != RS_OK) return NULL;
  return Py_BuildValue("(ON)", flagged ? Py_True : Py_False, take_text(json, json_len));
}

/* rloo_advantages(rewards float64 [P, K], valid uint8 [P, K] | None, out float64 [P, K]) */
PyObject *rsn_rloo_advantages(PyObject *self, PyObject *args) {
  PyObject *rewards_obj, *valid_obj, *out_obj;
  if (!PyArg_ParseTuple(args, "OOO:rloo_advantages", &rewards_obj, &valid_obj, &out_obj)) return NULL;
  Py_buffer rewards = {0}, valid = {0}, out = {0};
  PyObject *result = NULL;
  if (rsn_get_buffer(rewards_obj, "rewards", 'd', 2, 0, &rewards) < 0) goto done;
  if (valid_obj != Py_None && rsn_get_buffer(valid_obj, "valid", 'B', 2, 0, &valid) < 0) goto done;
  if (rsn_get_buffer(out_obj, "out", 'd', 2, 1, &out) < 0) goto done;
  if (out.len != rewards.len || (valid.obj && valid.len * 8 != rewards.len)) {
    PyErr_SetString(PyExc_ValueError, "argument 'valid' must have the shape of 'rewards'");
    goto done;
  }
  int32_t status;
  RSN_CALL(status, rs_rloo_advantages(rewards.buf, valid.obj ? valid.buf : NULL, (size_t)rewards.shape[0],
                                      (size_t)rewards.shape[1], out.buf));
  if (status == RS_OK) result = Py_NewRef(Py_None);
done:
  if (rewards.obj) PyBuffer_Release(&rewards);
  if (valid.obj) PyBuffer_Release(&valid);
  if (out.obj) PyBuffer_Release(&out);
  return result;
}

/* policy_loss(logits f32 [B,T,V], targets i32 [B,T], mask u8 [B,T], advantages f32 [B,T],
 *             ref f32 [B,T] | None, old f32 [B,T] | None, (temperature, entropy_coef, kl_coef,
 *             kl_estimator, clip_ratio, seq_mean), grad f32 [B,T,V], logprobs f32 [B,T], entropy f32 [B,T])
 * -> loss */
PyObject *rsn_policy_loss(PyObject *self, PyObject *args) {
  PyObject *objs[9];
  rs_policy_loss_params p;
  if (!PyArg_ParseTuple(args, "OOOOOO(dddidi)OOO:policy_loss", &objs[0], &objs[1], &objs[2], &objs[3], &objs[4],
                        &objs[5], &p.temperature, &p.entropy_coef, &p.kl_coef, &p.kl_estimator, &p.clip_ratio,
                        &p.seq_mean, &objs[6], &objs[7], &objs[8]))
    return NULL;
  static const char *names[9] = {"logits", "targets", "mask", "advantages", "ref_logprobs", "old_logprobs",
                                 "out", "logprobs_out", "entropy_out"};
  static const char kinds[9] = {'f', 'i', 'B', 'f', 'f', 'f', 'f', 'f', 'f'};
  static const int ndims[9] = {3, 2, 2, 2, 2, 2, 3, 2, 2};
  static const int writable[9] = {0, 0, 0, 0, 0, 0, 1, 1, 1};
  Py_buffer views[9];
  memset(views, 0, sizeof views);
  PyObject *result = NULL;
  for (int i = 0; i < 9; i++) {
    if (objs[i] == Py_None && (i == 4 || i == 5)) continue;
    if (rsn_get_buffer(objs[i], names[i], kinds[i], ndims[i], writable[i], &views[i]) < 0) goto done;
  }
  Py_ssize_t B = views[0].shape[0], T = views[0].shape[1], V = views[0].shape[2];
  for (int i = 1; i < 9; i++) {
    if (!views[i].obj) continue;
    if (views[i].shape[0] != B || views[i].shape[1] != T || (ndims[i] == 3 && views[i].shape[2] != V)) {
      PyErr_Format(PyExc_ValueError, "argument '%s' must have shape (%zd, %zd%s) to match logits", names[i], B, T,
                   ndims[i] == 3 ? ", V" : "");
      goto done;
    }
  }
  double loss = 0;
  int32_t status;
  RSN_CALL(status, rs_policy_loss(views[0].buf, views[1].buf, views[2].buf, views[3].buf,
                                  views[4].obj ? views[4].buf : NULL, views[5].obj ? views[5].buf : NULL, (size_t)B,
                                  (size_t)T, (size_t)V, &p, &loss, views[6].buf, views[7].buf, views[8].buf));
  if (status == RS_OK) result = PyFloat_FromDouble(loss);
done:
  for (int i = 0; i < 9; i++)
    if (views[i].obj) PyBuffer_Release(&views[i]);
  return result;
}
