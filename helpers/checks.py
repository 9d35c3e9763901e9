"""Check functions for the autograder test cells.

Test cells run in the student's kernel, after the student's code, so they must
not trust anything the student could have replaced. These helpers

* take their own references to the NumPy and PyTorch functions they use when
  this module is imported (before any answer cell runs), so patching
  ``np.allclose``, ``np.testing`` or ``torch.allclose`` in an answer cell
  changes nothing here;
* check the exact type first (``type(x) is torch.Tensor``), then dtype, shape
  and device, and only then coerce to plain float64 NumPy data and compare, so
  an object whose ``__eq__`` always returns True, or a subclass with overridden
  methods, fails;
* verify themselves before judging: a deliberately wrong pair must fail and an
  equal pair must pass, otherwise the check refuses to pass anything;
* raise ``AssertionError`` with a message that says what was expected, what
  came, where, and a hint for the classic mistake, with enough digits to show
  the difference; their own frames are hidden from IPython's traceback
  (``__tracebackhide__``), so the student sees their test line, then the message;
* never write to stderr (nbgrader scores a test cell that does as 0), and keep the
  student's code from doing so inside a test cell: before every cell that imports
  from ``helpers.checks`` or ``helpers.testing`` (the test cells), warnings are
  ignored and ``sys.stderr`` goes to ``sys.stdout`` until the cell ends.

Types follow the course's rule: "a float" is any real number (Python or NumPy,
float or int, never a bool), converted with ``float()`` before it is compared;
"an int" is any integral number except a bool.

``forbid(...)`` makes named library functions raise a clear "implement it
yourself" error while the student's code runs.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import math
import numbers
import operator
import sys as _sys
import warnings

import numpy as np
import torch

from . import _guard

__all__ = [
    "CheckError",
    "ForbiddenError",
    "check_tensor",
    "check_array",
    "check_float",
    "check_int",
    "check_true",
    "check_raises",
    "forbid",
    "rel_error",
]

# ---------------------------------------------------------------------------
# Private references, taken at import time.
# ---------------------------------------------------------------------------
_type = builtins.type
_isinstance = builtins.isinstance
_len = builtins.len
_float = builtins.float
_int = builtins.int
_bool = builtins.bool
_tuple = builtins.tuple
_Tensor = torch.Tensor
_ndarray = np.ndarray
_np_array = np.array
_np_abs = np.abs
_np_isnan = np.isnan
_np_isfinite = np.isfinite
_np_maximum = np.maximum
_np_argmax = np.argmax
_np_unravel = np.unravel_index
_np_count = np.count_nonzero
_np_float64 = np.float64
_np_errstate = np.errstate
_t_detach = torch.Tensor.detach
_t_cpu = torch.Tensor.cpu
_t_to = torch.Tensor.to
_t_numel = torch.Tensor.numel
_t_numpy = torch.Tensor.numpy
_t_resolve_conj = torch.Tensor.resolve_conj
_t_resolve_neg = torch.Tensor.resolve_neg
_torch_float64 = torch.float64
_catch_warnings = warnings.catch_warnings
_simplefilter = warnings.simplefilter
_np_bool = np.bool_
_Real = numbers.Real
_Integral = numbers.Integral
_index = operator.index


class CheckError(AssertionError):
    """A check failed: the message says what was expected and what came."""


class ForbiddenError(RuntimeError):
    """Raised when code calls a function that the exercise asks you to write yourself."""


def _fail(msg: str, hint: str | None = None):
    __tracebackhide__ = True  # IPython and pytest skip the helpers' frames up to this one
    # A check failed: the line of your test cell is above, what to fix is below.
    raise CheckError(f"{msg}\nHint: {hint}" if hint else msg)


def _tensor_to_numpy(t) -> np.ndarray:
    __tracebackhide__ = True
    t = _t_detach(t)
    t = _t_cpu(t)
    t = _t_resolve_neg(_t_resolve_conj(t))
    if t.dtype.is_floating_point or t.dtype.is_complex:
        t = _t_to(t, _torch_float64) if not t.dtype.is_complex else t
    elif t.dtype == torch.bool:
        t = _t_to(t, torch.int64)
    return _np_array(_t_numpy(t), dtype=_np_float64, copy=True)


def _fmt(v) -> str:
    return f"{v:.6g}"


def _fmt_pair(expected: float, actual: float) -> tuple[str, str]:
    """Both numbers with 6 significant digits, or more when 6 would print two different numbers alike."""
    for digits in range(6, 18):
        e, a = f"{expected:.{digits}g}", f"{actual:.{digits}g}"
        if e != a:
            break
    return e, a


def _compare(actual: np.ndarray, expected: np.ndarray, rtol: float, atol: float, equal_nan: bool):
    """Return None when equal within tolerance, else (count, flat_index, a, e, max_err).

    Works on arrays of any shape, 0-d included: both are compared as flat float64 copies.
    """
    __tracebackhide__ = True
    actual = _np_array(actual, dtype=_np_float64, copy=True).reshape(-1)
    expected = _np_array(expected, dtype=_np_float64, copy=True).reshape(-1)
    with _np_errstate(all="ignore"):
        a_nan = _np_isnan(actual)
        e_nan = _np_isnan(expected)
        diff = _np_abs(actual - expected)
        tol = atol + rtol * _np_abs(expected)
        e_finite = _np_isfinite(expected)
        ok = (e_finite & (diff <= tol)) | (~e_finite & (actual == expected))
        if equal_nan:
            ok = ok | (a_nan & e_nan)
        bad = ~ok
    n_bad = _int(_np_count(bad))
    if n_bad == 0:
        return None
    score = diff.copy()
    score[_np_isnan(score)] = np.inf
    score[~bad] = -1.0
    idx = _int(_np_argmax(score))
    return n_bad, idx, _float(actual[idx]), _float(expected[idx]), _float(score[idx])


def _self_check():
    """Refuse to judge if the comparison machinery itself was tampered with."""
    __tracebackhide__ = True
    x = _np_array([0.0, 1.0, 2.0], dtype=_np_float64)
    y = _np_array([0.0, 1.0, 2.5], dtype=_np_float64)
    if _compare(x, x.copy(), 1e-7, 0.0, False) is not None:
        raise CheckError("the check helpers are broken: equal arrays compare unequal (was numpy patched?)")
    if _compare(x, y, 1e-7, 0.0, False) is None:
        raise CheckError("the check helpers are broken: different arrays compare equal (was numpy patched?)")
    if _compare(x[2], y[2], 1e-7, 0.0, False) is None:
        raise CheckError("the check helpers are broken: different scalars compare equal (was numpy patched?)")
    t = torch.tensor([1.0, 2.0])
    if _compare(_tensor_to_numpy(t), _np_array([1.0, 2.0]), 0.0, 0.0, False) is not None:
        raise CheckError("the check helpers are broken: tensor conversion was tampered with")
    if _type(t) is not _Tensor or _type(1.0) is not _float:
        raise CheckError("the check helpers are broken: type() was tampered with")


def _judge(a: np.ndarray, e: np.ndarray, name, rtol, atol, equal_nan, hint):
    __tracebackhide__ = True
    with _catch_warnings():
        _simplefilter("ignore")
        _self_check()
        res = _compare(a, e, rtol, atol, equal_nan)
    if res is None:
        return
    n_bad, idx, av, ev, err = res
    if not math.isfinite(av) and math.isfinite(ev):
        default_hint = "a nan or inf appeared where the answer is finite: look for overflow in exp or log of 0"
        hint = hint or default_hint
    e_text, a_text = _fmt_pair(ev, av)
    if a.ndim == 0:
        _fail(f"{name}: expected {e_text}, got {a_text} (error {_fmt(err)}; rtol={rtol:g}, atol={atol:g})", hint)
    pos = _tuple(_int(i) for i in _np_unravel(idx, a.shape))
    _fail(
        f"{name}: {n_bad} of {a.size} value(s) differ (rtol={rtol:g}, atol={atol:g}); "
        f"worst at index {pos}: expected {e_text}, got {a_text} (error {_fmt(err)})",
        hint,
    )


def check_tensor(
    actual,
    expected,
    *,
    name: str = "result",
    rtol: float = 1e-5,
    atol: float = 1e-8,
    dtype: torch.dtype | None = None,
    check_device: bool = True,
    equal_nan: bool = False,
    hint: str | None = None,
) -> None:
    """Check that ``actual`` is a plain ``torch.Tensor`` equal to ``expected``.

    In order: exact type, dtype (``expected.dtype`` unless ``dtype`` is given),
    shape, device, then values within ``|a - e| <= atol + rtol * |e|`` after
    both are converted to float64. ``expected`` is a tensor the test cell
    computed itself. A 0-d tensor (a scalar loss) is compared like any other.
    """
    __tracebackhide__ = True
    if _type(expected) is not _Tensor:
        raise TypeError("check_tensor: the expected value must be a torch.Tensor")
    if _type(actual) is not _Tensor:
        _fail(
            f"{name}: expected a torch.Tensor, got {_type(actual).__name__}",
            hint or "return a tensor (not a list, a NumPy array, a number or a subclass)",
        )
    want_dtype = dtype if dtype is not None else expected.dtype
    if actual.dtype != want_dtype:
        _fail(
            f"{name}: expected dtype {want_dtype}, got {actual.dtype}",
            "keep the dtype of the inputs: avoid torch.tensor(...) on results, .double() or Python floats",
        )
    a_shape = _tuple(actual.shape)
    e_shape = _tuple(expected.shape)
    if a_shape != e_shape:
        _fail(
            f"{name}: expected shape {e_shape}, got {a_shape}",
            hint or "check which dimension you reduce over and whether you keep it (keepdim)",
        )
    if check_device and actual.device.type != expected.device.type:
        _fail(f"{name}: expected a tensor on {expected.device.type}, got one on {actual.device.type}")
    _judge(_tensor_to_numpy(actual), _tensor_to_numpy(expected), name, rtol, atol, equal_nan, hint)


def check_array(
    actual,
    expected,
    *,
    name: str = "result",
    rtol: float = 1e-7,
    atol: float = 1e-12,
    kind: str | None = None,
    equal_nan: bool = False,
    hint: str | None = None,
) -> None:
    """Check that ``actual`` is a plain ``np.ndarray`` equal to ``expected``.

    ``kind`` restricts the dtype family: ``"f"`` float, ``"i"`` signed or
    unsigned integer, ``None`` any numeric dtype.
    """
    __tracebackhide__ = True
    expected = _np_array(expected)
    if _type(actual) is not _ndarray:
        _fail(f"{name}: expected a numpy.ndarray, got {_type(actual).__name__}", hint)
    if kind == "f" and actual.dtype.kind != "f":
        _fail(f"{name}: expected a floating-point array, got dtype {actual.dtype}")
    if kind == "i" and actual.dtype.kind not in "iu":
        _fail(f"{name}: expected an integer array, got dtype {actual.dtype}")
    if actual.dtype.kind not in "fiub":
        _fail(f"{name}: expected a numeric array, got dtype {actual.dtype}")
    if _tuple(actual.shape) != _tuple(expected.shape):
        _fail(f"{name}: expected shape {_tuple(expected.shape)}, got {_tuple(actual.shape)}", hint)
    a = _np_array(actual, dtype=_np_float64, copy=True)
    e = _np_array(expected, dtype=_np_float64, copy=True)
    _judge(a, e, name, rtol, atol, equal_nan, hint)


def _not_a_scalar(actual, name: str, what: str, hint) -> None:
    """Fail for a bool, a tensor or an array where a number is expected; return for anything else."""
    __tracebackhide__ = True
    t = _type(actual)
    if t is _bool or t is _np_bool:
        _fail(f"{name}: expected {what}, got a bool", hint)
    if t is _Tensor or _isinstance(actual, _Tensor):
        if _t_numel(actual) == 1:
            _fail(f"{name}: expected {what}, got a one-element tensor", "use .item() to get the number")
        _fail(f"{name}: expected {what}, got a tensor of shape {_tuple(actual.shape)}", hint)
    if _isinstance(actual, _ndarray):
        _fail(f"{name}: expected {what}, got a numpy.ndarray of shape {_tuple(actual.shape)}",
              hint or "use .item() (or float()/int()) to get the number")


def _as_real(actual, name: str, hint) -> float:
    """``float(actual)`` for any real number (Python or NumPy, float or int), never a bool."""
    __tracebackhide__ = True
    _not_a_scalar(actual, name, "a number", hint)
    if not _isinstance(actual, _Real):
        _fail(f"{name}: expected a number (a float or an int), got {_type(actual).__name__}", hint)
    try:
        return _float(actual)
    except Exception as exc:  # noqa: BLE001 - a broken number is a wrong answer, not a crash
        _fail(f"{name}: float() of the returned {_type(actual).__name__} fails: {_type(exc).__name__}: {exc}")


def _as_integral(actual, name: str, hint) -> int:
    """The exact value of any integral number (Python or NumPy int), never a bool."""
    __tracebackhide__ = True
    _not_a_scalar(actual, name, "an int", hint)
    if not _isinstance(actual, _Integral):
        extra = " (a float, even a whole one, is not an int)" if _isinstance(actual, _Real) else ""
        _fail(f"{name}: expected an int, got {_type(actual).__name__}{extra}", hint)
    try:
        return _int(_index(actual))
    except Exception as exc:  # noqa: BLE001
        _fail(f"{name}: the returned {_type(actual).__name__} is not usable as an int: {_type(exc).__name__}: {exc}")


def check_float(
    actual,
    expected,
    *,
    name: str = "result",
    rtol: float = 1e-7,
    atol: float = 1e-12,
    allow_int: bool = True,
    hint: str | None = None,
) -> None:
    """Check a real number close to ``expected``: ``|a - e| <= atol + rtol * |e|``.

    Any real number passes the type check: a Python ``float`` or ``int``, a NumPy
    float or int scalar (``np.float64``, ``np.float32``, ``np.int64``), any
    ``numbers.Real``; never a ``bool``, a tensor (use ``.item()``) or an array. The
    value is converted with ``float()`` first and only that copy is compared.
    ``allow_int`` is kept so that older test cells still run; ints always pass now.
    """
    __tracebackhide__ = True
    value = _as_real(actual, name, hint)
    try:
        want = _float(expected)
    except (TypeError, ValueError) as exc:
        msg = f"check_float: the expected value must be a real number, got {_type(expected).__name__}"
        raise TypeError(msg) from exc
    _judge(_np_array(value, dtype=_np_float64), _np_array(want, dtype=_np_float64), name, rtol, atol, False, hint)


def check_int(actual, expected: int, *, name: str = "result", hint: str | None = None) -> None:
    """Check an exact integer: any ``numbers.Integral`` (Python int, ``np.int64``...), not a bool."""
    __tracebackhide__ = True
    value = _as_integral(actual, name, hint)
    want = _int(_index(expected))
    if value != want:
        _fail(f"{name}: expected {want}, got {value}", hint)


def check_true(condition, message: str, hint: str | None = None) -> None:
    """Fail with ``message`` unless ``condition`` is the bool ``True``."""
    __tracebackhide__ = True
    if _type(condition) is _np_bool:
        condition = _bool(condition)
    if _type(condition) is not _bool:
        raise TypeError(f"check_true needs a bool, got {_type(condition).__name__}")
    if condition is not True:
        _fail(message, hint)


def check_raises(exc_type, func, *args, message: str, **kwargs) -> BaseException:
    """Fail with ``message`` unless ``func(*args, **kwargs)`` raises ``exc_type``."""
    __tracebackhide__ = True
    try:
        func(*args, **kwargs)
    except exc_type as exc:  # noqa: PERF203
        return exc
    except Exception as exc:  # noqa: BLE001
        _fail(f"{message}: expected {exc_type.__name__}, got {_type(exc).__name__}: {exc}")
    _fail(f"{message}: expected {exc_type.__name__}, nothing was raised")


def rel_error(a, b) -> float:
    """CS231n's relative error max |a - b| / max(1e-8, |a| + |b|), for reading, not for grading."""
    a = _tensor_to_numpy(a) if _type(a) is _Tensor else _np_array(a, dtype=_np_float64)
    b = _tensor_to_numpy(b) if _type(b) is _Tensor else _np_array(b, dtype=_np_float64)
    return _float((_np_abs(a - b) / _np_maximum(1e-8, _np_abs(a) + _np_abs(b))).max())


# ---------------------------------------------------------------------------
# forbid
# ---------------------------------------------------------------------------
def _resolve(path: str):
    """Split ``'torch.nn.functional.softmax'`` into (owner object, attribute name)."""
    parts = path.split(".")
    for cut in range(_len(parts) - 1, 0, -1):
        try:
            owner = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:-1]:
            owner = getattr(owner, attr)
        return owner, parts[-1]
    raise ValueError(f"forbid: cannot resolve {path!r}")


def _raiser(path: str, reason: str | None):
    def forbidden(*args, **kwargs):
        __tracebackhide__ = True
        msg = f"{path} is off limits in this exercise: implement it yourself"
        if reason:
            msg += f" ({reason})"
        raise ForbiddenError(msg)

    forbidden.__name__ = path.rsplit(".", 1)[-1]
    forbidden.__qualname__ = forbidden.__name__
    return forbidden


@contextlib.contextmanager
def forbid(*paths: str, reason: str | None = None):
    """Make the named functions or classes raise ``ForbiddenError`` inside the block.

    >>> with forbid("torch.softmax", "torch.Tensor.softmax", "torch.nn.functional.softmax"):
    ...     out = my_softmax(z)

    Names are dotted paths to module attributes, class attributes (methods of
    ``torch.Tensor``) or classes (``torch.nn.Softmax``). Everything is put back
    when the block ends, also when it raises. Code that captured a reference
    before the block (``from torch import softmax as s``) is not caught by the
    patch; test cells pair ``forbid`` with ``uses_name`` for that.
    """
    __tracebackhide__ = True
    saved = []
    try:
        for path in paths:
            owner, attr = _resolve(path)
            had_own = attr in vars(owner) if _isinstance(owner, _type) else True
            old = vars(owner).get(attr) if _isinstance(owner, _type) else getattr(owner, attr)
            if old is None and not _isinstance(owner, _type):
                raise ValueError(f"forbid: {path} does not exist")
            saved.append((owner, attr, had_own, old))
            setattr(owner, attr, _raiser(path, reason))
        yield
    finally:
        for owner, attr, had_own, old in reversed(saved):
            if had_own:
                setattr(owner, attr, old)
            else:
                delattr(owner, attr)


def uses_name(func, *names: str) -> list[str]:
    """Names among ``names`` that ``func``'s code (and nested code) refers to.

    A static look at the compiled code: ``uses_name(softmax, "softmax")``
    finds ``torch.softmax(...)``, ``F.softmax(...)`` and ``z.softmax(...)``.
    """
    found = set()
    code_objs = [getattr(func, "__code__", None)]
    if code_objs[0] is None and hasattr(func, "__dict__"):
        code_objs = [getattr(v, "__code__", None) for v in vars(func).values()]
        code_objs += [
            getattr(getattr(v, "__func__", None), "__code__", None) for v in vars(func).values()
        ]
    seen = set()
    while code_objs:
        code = code_objs.pop()
        if code is None or id(code) in seen:
            continue
        seen.add(id(code))
        for n in names:
            if n in code.co_names:
                found.add(n)
        code_objs.extend(c for c in code.co_consts if _type(c) is _type(code))
    return sorted(found)


__all__.append("uses_name")


def fresh_generator(seed: int | None = None, device: str = "cpu") -> torch.Generator:
    """A local ``torch.Generator`` for test inputs: fresh entropy unless ``seed`` is given.

    Tests draw from their own generator so that the student's global seed does not
    matter and every run checks new values.
    """
    import os

    if seed is None:
        seed = int.from_bytes(os.urandom(6), "little")
    g = torch.Generator(device=device)
    g.manual_seed(seed)
    return g


__all__.append("fresh_generator")


# ---------------------------------------------------------------------------
# Tamper resistance inside the kernel
# ---------------------------------------------------------------------------
# Test cells run in the student's kernel, after the student's code, and compute their
# references with torch, numpy or scikit-learn. Two cheap defences:
#
# 1. this module's public functions cannot be replaced: assigning to them raises, and
#    reading them (``from helpers.checks import check_tensor``) always returns the
#    originals, even after a write to the module's ``__dict__``;
# 2. before every cell that imports from ``helpers.checks`` (the test cells), the
#    attributes of the libraries the references use are put back as they were when
#    this module was imported, so ``torch.sigmoid = my_wrong_sigmoid`` in an answer
#    cell does not also change the reference.
#
# Neither is a sandbox: code in the kernel can defeat both with enough effort (see
# GRADING.md). They stop the easy tricks and make the hard ones deliberate.
_PROTECTED_MODULES = [
    "builtins",
    "math",
    "numpy",
    "numpy.linalg",
    "numpy.random",
    "numpy.testing",
    "torch",
    "torch.nn",
    "torch.nn.functional",
    "torch.nn.init",
    "torch.autograd",
    "torch.linalg",
    "torch.special",
    "torch.optim",
    "torch.testing",
]
_PROTECTED_CLASSES = [torch.Tensor, torch.nn.Module, torch.autograd.Function, torch.optim.Optimizer]
_snapshots: list[tuple[object, dict]] = []


def _snapshot(owner) -> None:
    if not any(o is owner for o, _ in _snapshots):
        _snapshots.append((owner, dict(vars(owner))))


def protect(*module_names: str) -> None:
    """Also restore these modules' attributes before each test cell (e.g. ``"sklearn.metrics"``).

    Call it in a notebook's setup cell, before any student code runs: the state at the
    time of the call is what test cells get back.
    """
    for name in module_names:
        _snapshot(importlib.import_module(name))


def restore_libraries() -> list[str]:
    """Put back every protected attribute that was replaced or deleted; return their names."""
    restored = []
    for owner, snap in _snapshots:
        current = vars(owner)
        for key, value in snap.items():
            if current.get(key, _MISSING) is not value:
                try:
                    setattr(owner, key, value)
                except (AttributeError, TypeError):
                    continue
                restored.append(f"{getattr(owner, '__name__', owner)}.{key}")
        if isinstance(owner, type):
            # on a class, a new attribute can shadow an inherited method (Tensor.sum)
            for key in [k for k in current if k not in snap]:
                with contextlib.suppress(AttributeError, TypeError):
                    delattr(owner, key)
                    restored.append(f"{owner.__name__}.{key}")
    return restored


_MISSING = object()

for _name in _PROTECTED_MODULES:
    with contextlib.suppress(ImportError):
        protect(_name)
for _cls in _PROTECTED_CLASSES:
    _snapshot(_cls)


# Cells whose source names one of these modules are test cells (or quick checks).
_TEST_CELL_MARKERS = ("helpers.checks", "helpers.testing")
# What _before_cell changed for the running cell, undone by _after_cell.
_cell_state: dict = {}


def _is_test_cell(raw: str) -> bool:
    return any(marker in raw for marker in _TEST_CELL_MARKERS)


def _before_cell(info) -> None:
    """IPython ``pre_run_cell`` hook: prepare a test cell; leave every other cell alone.

    For a test cell: put the protected libraries back, ignore warnings and send
    ``sys.stderr`` to ``sys.stdout`` until the cell ends. The student's function is
    called by the test cell before any check runs, and nbgrader scores a test cell
    with anything on stderr as 0: a harmless ``RuntimeWarning`` (0/0 repaired by
    ``nan_to_num``) or a progress bar must not cost the points. ``_after_cell``
    undoes both.
    """
    __tracebackhide__ = True
    raw = getattr(info, "raw_cell", "") or ""
    if not _is_test_cell(raw):
        return
    restore_libraries()
    _quiet_until_cell_ends()


def _quiet_until_cell_ends() -> None:
    __tracebackhide__ = True
    _after_cell(None)  # never nest: a cell that did not finish cleanly is undone first
    guard = _catch_warnings()
    guard.__enter__()
    _simplefilter("ignore")
    _cell_state["warnings"] = guard
    _cell_state["stderr"] = _sys.stderr
    _sys.stderr = _sys.stdout


def _after_cell(result) -> None:
    """IPython ``post_run_cell`` hook: undo what ``_before_cell`` did (nothing for other cells)."""
    __tracebackhide__ = True
    if "stderr" in _cell_state:
        _sys.stderr = _cell_state.pop("stderr")
    guard = _cell_state.pop("warnings", None)
    if guard is not None:
        guard.__exit__(None, None, None)


_HOOKS = {"pre_run_cell": _before_cell, "post_run_cell": _after_cell}


def _install_hook() -> None:
    """Register the cell hooks once per IPython shell.

    A second import of this module (``del sys.modules[...]`` then ``import``) finds the
    first module's hooks registered and adds none: each cell is prepared and undone by
    one pair of functions.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is None:
        return
    registered = False
    for event, hook in _HOOKS.items():
        callbacks = ip.events.callbacks.get(event, [])
        if not any(getattr(cb, "__name__", "") == hook.__name__ and getattr(cb, "__module__", "") == __name__
                   for cb in callbacks):
            ip.events.register(event, hook)
            registered = True
    # The first import usually happens in a test cell itself (setup cells import ``helpers``,
    # not the checks): that cell's pre_run_cell has passed, so quiet the rest of it now.
    history = getattr(getattr(ip, "history_manager", None), "input_hist_raw", None) or [""]
    if registered and _is_test_cell(history[-1] or ""):
        _quiet_until_cell_ends()


_install_hook()

__all__ += ["protect", "restore_libraries"]

# Last: from here on the public names are read-only (see helpers/_guard.py).
_guard.read_only(__name__, __all__)
