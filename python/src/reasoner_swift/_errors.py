"""The reasoner_swift exception hierarchy: one class per reasoner.h status code. Tested by test_module.py."""
from __future__ import annotations


class ReasonerError(RuntimeError):
    """Base of every error raised by reasoner_swift (a failed Swift call or a broken contract)."""

    #: The reasoner.h status code this class stands for (None for the base class).
    code: int | None = None


class InvalidArgumentError(ReasonerError, ValueError):
    """An argument was out of range or malformed (RS_ERR_INVALID)."""

    code = 1


class ReasonerIOError(ReasonerError, OSError):
    """A file could not be read or written (RS_ERR_IO)."""

    code = 2


class NumericalError(ReasonerError, ArithmeticError):
    """NaN or infinity where a finite value was required, e.g. a reward (RS_ERR_NUMERICAL)."""

    code = 3


class CallbackError(ReasonerError):
    """A callback broke its contract (returned something other than float or None, or the wrong
    number of values) or asked to abort the batch (RS_ERR_CALLBACK)."""

    code = 4


class UnsupportedError(ReasonerError):
    """A format feature this build does not handle (RS_ERR_UNSUPPORTED)."""

    code = 5


class InternalError(ReasonerError):
    """A bug in Reasoner: please report it with the message (RS_ERR_INTERNAL)."""

    code = 99


_BY_STATUS = {cls.code: cls for cls in (InvalidArgumentError, ReasonerIOError, NumericalError,
                                         CallbackError, UnsupportedError, InternalError)}


def error_class_for_status(code: int) -> type[ReasonerError]:
    """The exception class for a reasoner.h status code (ReasonerError for unknown codes)."""
    return _BY_STATUS.get(code, ReasonerError)
