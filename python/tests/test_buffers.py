# Tests of the numpy input checks every float32 argument goes through (no copy; TypeError/ValueError
# naming the argument), via the internal _native._float32_address hook.
import numpy as np
import pytest

from reasoner_swift import _native


def test_float32_c_contiguous_arrays_are_borrowed_without_copying():
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    assert _native._float32_address(x, "x", 2) == x.ctypes.data
    assert _native._float32_address(x, "x", 2, True) == x.ctypes.data
    row = x[1]  # a contiguous view into x: same memory, offset by one row
    assert _native._float32_address(row, "row", 1) == x.ctypes.data + 4 * 4


@pytest.mark.parametrize("bad, error, pattern", [
    (np.zeros((2, 2), dtype=np.float64), TypeError, r"argument 'logits' must have dtype float32, got float64"),
    (np.zeros((2, 2), dtype=np.int32), TypeError, r"argument 'logits' must have dtype float32, got int32"),
    ([[1.0, 2.0]], TypeError, r"argument 'logits' must be a float32 numpy array, got list"),
    (np.zeros((4, 4), dtype=np.float32)[:, ::2], ValueError, r"argument 'logits' must be C-contiguous"),
    (np.zeros((2, 2, 2), dtype=np.float32), ValueError, r"argument 'logits' must be 2-D, got 3-D"),
])
def test_wrong_arrays_are_rejected_naming_the_argument(bad, error, pattern):
    with pytest.raises(error, match=pattern):
        _native._float32_address(bad, "logits", 2)


def test_read_only_arrays_are_rejected_where_swift_would_write():
    x = np.zeros(3, dtype=np.float32)
    x.flags.writeable = False
    assert _native._float32_address(x, "out", 1, False) == x.ctypes.data
    with pytest.raises(ValueError, match=r"argument 'out' must be writable"):
        _native._float32_address(x, "out", 1, True)
