"""Argument checks shared by the numerical wrappers: integer ids and masks are converted (small),
float32 data is passed through untouched (the C side borrows it without copying). Errors name the
argument: TypeError for a wrong dtype, ValueError for a wrong shape. Tested by test_model.py."""
from __future__ import annotations

import numpy as np


def int32_array(value, name: str, ndim: int) -> np.ndarray:
    """``value`` (an int32/int64/uint array or a nested list of ints) as a C-contiguous int32 array of
    rank ``ndim``. Values outside int32 raise ValueError naming ``name``."""
    array = np.asarray(value)
    if array.dtype.kind not in "iu" and not (array.dtype.kind == "f" and array.size == 0):
        raise TypeError(f"argument '{name}' must hold integers (int32 or int64), got dtype {array.dtype}")
    if array.ndim != ndim:
        raise ValueError(f"argument '{name}' must be {ndim}-D, got shape {array.shape}")
    if array.dtype != np.int32:
        if array.size and (array.min() < -2**31 or array.max() >= 2**31):
            raise ValueError(f"argument '{name}' has values outside int32")
        array = array.astype(np.int32)
    return np.ascontiguousarray(array)


def mask_array(value, name: str, shape: tuple) -> np.ndarray:
    """A 0/1 mask of exactly ``shape`` as uint8 (bool and integer inputs accepted)."""
    array = np.asarray(value)
    if array.dtype.kind not in "biu":
        raise TypeError(f"argument '{name}' must be a bool or integer mask, got dtype {array.dtype}")
    if array.shape != tuple(shape):
        raise ValueError(f"argument '{name}' must have shape {tuple(shape)}, got {array.shape}")
    return np.ascontiguousarray(array != 0, dtype=np.uint8)


def float32_array(value, name: str, ndim: int) -> np.ndarray:
    """A float32 array of rank ``ndim`` passed through as is (no copy). Anything else raises: TypeError
    for another dtype (convert explicitly with ``.astype(numpy.float32)``), ValueError for a wrong rank."""
    if not isinstance(value, np.ndarray):
        raise TypeError(f"argument '{name}' must be a float32 numpy array, got {type(value).__name__}")
    if value.dtype != np.float32:
        raise TypeError(f"argument '{name}' must have dtype float32, got {value.dtype} "
                        "(no silent copy: convert with .astype(numpy.float32))")
    if value.ndim != ndim:
        raise ValueError(f"argument '{name}' must be {ndim}-D, got shape {value.shape}")
    return value
