# Tests of the reward bridge (Python callable → C callback → Swift CallbackReward → rs_reward_eval):
# results against a plain-Python reference, columns by record index, None, exceptions with their
# original type and traceback, NaN/non-float errors naming the index, clean abort, real concurrency.
import math
import threading
import time
import traceback

import pytest

import reasoner_swift as rs

PROMPTS = ["What is 2+2?", "What is 3·3?", "Spell naïve", "Größe?"]
COMPLETIONS = ["\\boxed{4}", "\\boxed{10}", "naïve", "ß-Größe ✓"]
ANSWERS = ["4", "9", "naïve", "Größe"]


def exact_match(prompts, completions, answers, **columns):
    return [float(a in c) for c, a in zip(completions, answers)]


def test_batch_reward_matches_calling_it_directly_and_texts_round_trip():
    seen = {}

    def reward(prompts, completions, answers):
        seen.update(prompts=prompts, completions=completions, answers=answers)
        return exact_match(prompts, completions, answers)

    got = rs.evaluate_reward(reward, PROMPTS, COMPLETIONS, ANSWERS)
    assert got == exact_match(PROMPTS, COMPLETIONS, ANSWERS) == [1.0, 0.0, 1.0, 1.0]
    assert seen == dict(prompts=PROMPTS, completions=COMPLETIONS, answers=ANSWERS)  # UTF-8 round trip


def test_columns_come_from_records_by_record_index_and_none_means_unscorable():
    records = [{"problem": "p0", "answer": "4", "level": 1}, {"problem": "p1", "answer": "9", "source": "x"}]
    calls = []

    def reward(prompts, completions, answers, **columns):
        calls.append(columns)
        return [None if lvl is None else float(lvl) for lvl in columns["level"]]

    got = rs.evaluate_reward(reward, ["a"] * 4, ["c"] * 4, ["4", "4", "9", "9"], records=records,
                             record_index=[0, 0, 1, 1])
    assert got == [1.0, 1.0, None, None]
    assert calls == [{"problem": ["p0", "p0", "p1", "p1"], "answer": ["4", "4", "9", "9"],
                      "level": [1, 1, None, None], "source": [None, None, "x", "x"]}]


def test_per_response_reward_gets_its_record_columns_and_integers_count_as_floats():
    @rs.per_response
    def reward(prompt, completion, answer, level=None, **others):
        assert "prompt" not in others and "answer" not in others  # reserved names are not passed twice
        return None if level is None else level * int(answer in completion)

    records = [{"answer": "x", "level": 3}, {"prompt": "ignored"}]
    got = rs.evaluate_reward(reward, PROMPTS, COMPLETIONS, ANSWERS, records=records, record_index=[0, 0, 1, 0])
    assert got == [3.0, 0.0, None, 3.0]


@pytest.mark.parametrize("per_response", [False, True])
@pytest.mark.parametrize("threads", [1, 2])
def test_a_python_exception_comes_back_as_itself_with_its_traceback(per_response, threads):
    class RewardBug(Exception):
        pass

    def failing_reward(prompts, completions, answers):
        raise RewardBug("the reward's own message")

    def failing_each(prompt, completion, answer):
        raise RewardBug("the reward's own message")

    fn = rs.per_response(failing_each) if per_response else failing_reward
    with pytest.raises(RewardBug, match="the reward's own message") as info:
        rs.evaluate_reward(fn, PROMPTS, COMPLETIONS, ANSWERS, threads=threads)
    frames = [frame.name for frame in traceback.extract_tb(info.value.__traceback__)]
    assert frames[-1] == fn.__name__, frames


@pytest.mark.parametrize("per_response", [False, True])
def test_nan_and_infinite_rewards_are_numerical_errors_naming_the_completion(per_response):
    for bad in (math.nan, math.inf, -math.inf):
        values = [0.5, 1.0, bad, 0.0]
        if per_response:
            fn = rs.per_response(lambda p, c, a: values[COMPLETIONS.index(c)])
        else:
            def fn(p, c, a):
                return values
        with pytest.raises(rs.NumericalError, match=r"for completion 2 is not finite"):
            rs.evaluate_reward(fn, PROMPTS, COMPLETIONS, ANSWERS)


@pytest.mark.parametrize("bad", ["1.0", b"1", [1.0], complex(1, 1), object()])
def test_non_float_rewards_are_callback_errors_naming_the_completion(bad):
    with pytest.raises(rs.CallbackError, match=r"reward for completion 3 is .* expected a float or None"):
        rs.evaluate_reward(lambda p, c, a: [0.0, 1.0, None, bad], PROMPTS, COMPLETIONS, ANSWERS)
    each = rs.per_response(lambda p, c, a: bad if c == COMPLETIONS[1] else 1.0)
    with pytest.raises(rs.CallbackError, match=r"reward for completion 1 is"):
        rs.evaluate_reward(each, PROMPTS, COMPLETIONS, ANSWERS)


def test_chunks_cover_the_batch_in_order_and_errors_name_the_global_index():
    sizes = []

    def reward(prompts, completions, answers):
        sizes.append(len(completions))
        return [float(c) if c != "bad" else "bad" for c in completions]

    texts = [str(i) for i in range(7)]
    assert rs.evaluate_reward(reward, texts, texts, texts, threads=1, chunk_size=3) == [float(i) for i in range(7)]
    assert sizes == [3, 3, 1]
    sizes.clear()
    assert rs.evaluate_reward(reward, texts, texts, texts, threads=2) == [float(i) for i in range(7)]
    assert sorted(sizes) == [3, 4]  # split evenly across the two threads
    texts[5] = "bad"
    with pytest.raises(rs.CallbackError, match=r"reward for completion 5 is 'bad'"):
        rs.evaluate_reward(reward, texts, texts, texts, threads=2, chunk_size=2)


def test_a_list_of_the_wrong_length_or_a_non_list_is_a_callback_error():
    with pytest.raises(rs.CallbackError, match=r"reward returned 3 values for 4 completions"):
        rs.evaluate_reward(lambda p, c, a: [1.0, 1.0, 1.0], PROMPTS, COMPLETIONS, ANSWERS)
    with pytest.raises(rs.CallbackError, match=r"reward returned 1.0 \(type float\); expected a list"):
        rs.evaluate_reward(lambda p, c, a: 1.0, PROMPTS, COMPLETIONS, ANSWERS)


def test_bad_arguments_are_rejected_naming_them():
    with pytest.raises(TypeError, match=r"argument 'completions' must be a list of str, got a single str"):
        rs.evaluate_reward(exact_match, PROMPTS, "oops", ANSWERS)
    with pytest.raises(TypeError, match=r"argument 'answers'\[1\] must be str, got int"):
        rs.evaluate_reward(exact_match, PROMPTS, COMPLETIONS, ["4", 9, "a", "b"])
    with pytest.raises(ValueError, match=r"argument 'prompts' has 3 items but 'completions' has 4"):
        rs.evaluate_reward(exact_match, PROMPTS[:3], COMPLETIONS, ANSWERS)
    with pytest.raises(ValueError, match=r"argument 'threads' must be an int >= 1, got 0"):
        rs.evaluate_reward(exact_match, PROMPTS, COMPLETIONS, ANSWERS, threads=0)
    with pytest.raises(ValueError, match=r"argument 'record_index'\[2\] = 5 is out of range for 2 records"):
        rs.evaluate_reward(exact_match, PROMPTS, COMPLETIONS, ANSWERS, records=[{}, {}], record_index=[0, 1, 5, 0])
    with pytest.raises(TypeError, match=r"argument 'fn' must be callable"):
        rs.evaluate_reward(42, PROMPTS, COMPLETIONS, ANSWERS)
    assert rs.evaluate_reward(exact_match, [], [], []) == []


def test_abort_is_clean_no_call_starts_after_the_first_failure():
    n, fail_at = 200, 17
    calls = []

    @rs.per_response
    def reward(prompt, completion, answer):
        i = int(completion)
        calls.append(i)
        if i == fail_at:
            raise KeyError(i)
        return 1.0

    texts = [str(i) for i in range(n)]
    with pytest.raises(KeyError):
        rs.evaluate_reward(reward, texts, texts, texts, threads=1)
    assert calls == list(range(fail_at + 1))  # one thread: strictly in order, nothing after the failure
    calls.clear()
    with pytest.raises(KeyError):
        rs.evaluate_reward(reward, texts, texts, texts, threads=2)
    # two threads: at most one call per thread can be in flight when the stop flag is raised
    assert fail_at in calls and len(calls) <= fail_at + 2, calls
    assert len(calls) == len(set(calls))  # no index scored twice
    # and the bridge is reusable afterwards
    assert rs.evaluate_reward(rs.per_response(lambda p, c, a: 2.0), texts, texts, texts, threads=2) == [2.0] * n


def test_a_second_failure_on_another_thread_does_not_replace_the_first():
    @rs.per_response
    def reward(prompt, completion, answer):
        time.sleep(0.002)  # releases the GIL so both threads are inside a call at once
        raise ValueError(f"failure at {completion}")

    texts = [str(i) for i in range(8)]
    with pytest.raises(ValueError, match=r"failure at [01]$"):
        rs.evaluate_reward(reward, texts, texts, texts, threads=2)


@pytest.mark.parametrize("per_response", [False, True])
def test_two_threads_really_run_a_gil_releasing_reward_concurrently(per_response):
    lock = threading.Lock()
    state = {"in_flight": 0, "max_in_flight": 0, "threads": set()}

    def score(completions):
        with lock:
            state["in_flight"] += 1
            state["max_in_flight"] = max(state["max_in_flight"], state["in_flight"])
            state["threads"].add(threading.get_ident())
        time.sleep(0.01)  # stands for a subprocess or I/O: releases the GIL
        with lock:
            state["in_flight"] -= 1
        return [float(len(c)) for c in completions]

    n = 16
    texts = ["x" * i for i in range(n)]
    if per_response:
        fn = rs.per_response(lambda p, c, a: score([c])[0])
    else:
        def fn(p, c, a):
            return score(c)
    kwargs = {} if per_response else {"chunk_size": 2}
    got = rs.evaluate_reward(fn, texts, texts, texts, threads=2, **kwargs)
    assert got == [float(i) for i in range(n)]
    assert state["max_in_flight"] == 2 and len(state["threads"]) >= 2, state


def test_the_gil_is_released_while_swift_runs_the_batch():
    # While a 2-thread evaluation sleeps in its callbacks, a plain Python thread keeps running.
    ticks = []
    stop = threading.Event()

    def spinner():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.0005)

    t = threading.Thread(target=spinner)
    t.start()
    try:
        each = rs.per_response(lambda p, c, a: (time.sleep(0.005), 1.0)[1])
        texts = ["a"] * 20
        rs.evaluate_reward(each, texts, texts, texts, threads=2)
    finally:
        stop.set()
        t.join()
    assert len(ticks) > 20, len(ticks)


def test_one_thread_calls_the_reward_on_the_callers_own_thread():
    # So single-threaded rewards may use thread-bound Python state (signals, thread-locals).
    seen = set()

    def batch(p, c, a):
        seen.add(threading.get_ident())
        return [1.0] * len(c)

    each = rs.per_response(lambda p, c, a: (seen.add(threading.get_ident()), 1.0)[1])
    texts = ["a"] * 50
    rs.evaluate_reward(batch, texts, texts, texts)
    rs.evaluate_reward(each, texts, texts, texts)
    assert seen == {threading.get_ident()}
