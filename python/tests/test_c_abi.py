# Tests of the raw C ABI (reasoner.h) through ctypes, as a C caller sees it: status codes, the
# per-thread last-error message, create/free pairs, a callback's non-zero return aborting the batch.
import ctypes
import re
import pathlib
import threading

import pytest

import reasoner_swift
from conftest import REPO

LIB = ctypes.CDLL(str(pathlib.Path(reasoner_swift.__file__).with_name("libReasoner.so")))
RS_OK, RS_ERR_INVALID, RS_ERR_NUMERICAL, RS_ERR_CALLBACK = 0, 1, 3, 4

c_text_array = ctypes.POINTER(ctypes.c_char_p)
c_size_array = ctypes.POINTER(ctypes.c_size_t)


class RewardBatch(ctypes.Structure):
    _fields_ = [("count", ctypes.c_size_t), ("first_index", ctypes.c_size_t),
                ("prompts", c_text_array), ("prompt_lens", c_size_array),
                ("completions", c_text_array), ("completion_lens", c_size_array),
                ("answers", c_text_array), ("answer_lens", c_size_array),
                ("record_index", ctypes.POINTER(ctypes.c_int64)), ("truncated", ctypes.POINTER(ctypes.c_uint8))]


class RewardParams(ctypes.Structure):
    _fields_ = [("threads", ctypes.c_int32), ("chunk_size", ctypes.c_int32)]


PER_RESPONSE_FN = ctypes.CFUNCTYPE(
    ctypes.c_int32, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
    ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int64, ctypes.c_uint8,
    ctypes.POINTER(ctypes.c_uint8), ctypes.POINTER(ctypes.c_double))

LIB.rs_last_error_message.restype = ctypes.c_char_p
LIB.rs_version.restype = ctypes.c_char_p
LIB.rs_reward_default_params.restype = RewardParams
LIB.rs_reward_create_per_response.argtypes = [PER_RESPONSE_FN, ctypes.c_void_p, ctypes.c_char_p,
                                              ctypes.POINTER(RewardParams), ctypes.POINTER(ctypes.c_void_p)]
LIB.rs_reward_eval.argtypes = [ctypes.c_void_p, ctypes.POINTER(RewardBatch), ctypes.POINTER(ctypes.c_double),
                               ctypes.POINTER(ctypes.c_uint8)]
LIB.rs_reward_free.argtypes = [ctypes.c_void_p]


def make_batch(texts):
    raw = [t.encode() for t in texts]
    n = len(raw)
    keep = dict(ptrs=(ctypes.c_char_p * n)(*raw), lens=(ctypes.c_size_t * n)(*map(len, raw)),
                records=(ctypes.c_int64 * n)(*range(n)), cut=(ctypes.c_uint8 * n)(*([0] * n)))
    batch = RewardBatch(n, 0, keep["ptrs"], keep["lens"], keep["ptrs"], keep["lens"], keep["ptrs"], keep["lens"],
                        keep["records"], keep["cut"])
    return batch, keep


def test_version_and_defaults():
    header = (REPO / "Sources" / "CReasoner" / "include" / "reasoner.h").read_text()
    assert LIB.rs_abi_version() == int(re.search(r"#define RS_ABI_VERSION (\d+)", header).group(1))
    assert LIB.rs_version().decode() == reasoner_swift.version()
    params = LIB.rs_reward_default_params()
    assert (params.threads, params.chunk_size) == (1, 0)
    LIB.rs_reward_free(None)  # free of NULL is a no-op


def test_invalid_arguments_return_a_status_and_a_per_thread_message():
    out = ctypes.c_void_p()
    bad = RewardParams(0, 0)
    fn = PER_RESPONSE_FN(lambda *args: 0)
    assert LIB.rs_reward_create_per_response(fn, None, b"r", ctypes.byref(bad), ctypes.byref(out)) == RS_ERR_INVALID
    assert LIB.rs_last_error_message() == b"invalid argument: rs_reward_params.threads is 0; expected >= 1"
    assert not out.value  # untouched on failure
    seen = []
    other = threading.Thread(target=lambda: seen.append(LIB.rs_last_error_message()))
    other.start()
    other.join()
    assert seen == [b""]  # another thread has its own (empty) slot
    assert LIB.rs_reward_eval(None, None, None, None) == RS_ERR_INVALID
    assert LIB.rs_last_error_message() == b"invalid argument: reward is NULL"


@pytest.mark.parametrize("threads", [1, 2])
def test_a_non_zero_callback_return_aborts_with_rs_err_callback_naming_the_completion(threads):
    calls = []

    def reward(user, index, p, pl, c, cl, a, al, record, truncated, valid, out):
        calls.append(index)
        out[0] = float(cl)
        return 7 if index == 2 else 0

    fn = PER_RESPONSE_FN(reward)
    handle = ctypes.c_void_p()
    params = RewardParams(threads, 0)
    assert LIB.rs_reward_create_per_response(fn, None, b"mine", ctypes.byref(params), ctypes.byref(handle)) == RS_OK
    try:
        batch, keep = make_batch(["a", "bb", "ccc", "dddd", "eeeee"])
        rewards, valid = (ctypes.c_double * 5)(), (ctypes.c_uint8 * 5)()
        assert LIB.rs_reward_eval(handle, ctypes.byref(batch), rewards, valid) == RS_ERR_CALLBACK
        assert LIB.rs_last_error_message() == b"callback failed: reward 'mine' returned 7 for completion 2; batch aborted"
        if threads == 1:
            assert calls == [0, 1, 2]
        calls.clear()
        batch, keep = make_batch(["a", "bb"])
        assert LIB.rs_reward_eval(handle, ctypes.byref(batch), rewards, valid) == RS_OK
        assert (list(rewards[:2]), list(valid[:2])) == ([1.0, 2.0], [1, 1])
    finally:
        LIB.rs_reward_free(handle)
