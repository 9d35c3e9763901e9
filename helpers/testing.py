"""Harness for the autograder test cells: inputs to test with, and ways to look at a
student's code. Never reference answers (GUIDE section 4): nothing here computes what an
exercise asks the student to write, so a student may read and call all of it.

Test cells import from here as they import from :mod:`helpers.checks`::

    from helpers.checks import check_tensor, fresh_generator
    from helpers.testing import random_distribution

    g = fresh_generator()
    p = random_distribution((4, 6), -1, g)

Like :mod:`helpers.checks`, this module is read-only in the kernel (``helpers/_guard.py``),
and a cell that names ``helpers.testing`` is treated as a test cell: the libraries are put
back as they were, warnings are ignored and ``sys.stderr`` goes to ``sys.stdout`` while
it runs (see ``helpers.checks._before_cell``).

How to add a function
---------------------
1. Write it in a section of its own below (a comment line names the notebook it serves),
   with a docstring that says what a test cell uses it for and what it returns.
2. Add its public name to ``__all__`` in that section (``__all__ += ["name"]``). Every
   name in ``__all__`` becomes read-only; helpers that test cells should not call start
   with an underscore.
3. Take the library functions it relies on as private references at import time
   (``_rand = torch.rand``), as below, rather than looking them up at each call.
4. Add a unit test in ``tests/test_helpers.py`` (its behaviour, and that it cannot be
   replaced).
5. Keep the ``_guard.read_only(...)`` line the last statement of the module.
"""

from __future__ import annotations

import builtins
import contextlib
import types

import torch

from . import _guard
from . import checks as _checks  # noqa: F401 - installs the test-cell hooks (helpers.checks._install_hook)

__all__: list[str] = []

_isinstance = builtins.isinstance
_getattr = builtins.getattr
_str = builtins.str
_ModuleType = types.ModuleType
_CodeType = types.CodeType
_contextmanager = contextlib.contextmanager
_rand = torch.rand


# ---------------------------------------------------------------------------
# 02: random probability distributions
# ---------------------------------------------------------------------------
def random_distribution(shape, dim: int, generator: torch.Generator, zeros: float = 0.3,
                        dtype: torch.dtype = torch.float64) -> torch.Tensor:
    """Random probability distributions along ``dim``, about ``zeros`` of the entries exactly 0.

    Each entry is ``U(0, 1) + 0.05``, then set to 0 with probability ``zeros``; a slice
    along ``dim`` that came out all zero becomes uniform; every slice is divided by its
    sum. ``zeros=0.0`` gives strictly positive distributions (for a ``q`` inside a log).
    Draws ``2 * prod(shape)`` numbers from ``generator``, so a test's other inputs depend
    on the order of the calls, as in the test cells that had their own copy of it.
    """
    w = _rand(shape, generator=generator, dtype=dtype) + 0.05
    w = w * (_rand(shape, generator=generator, dtype=dtype) >= zeros)
    w = w + (w.sum(dim, keepdim=True) == 0)  # an all-zero slice becomes uniform
    return w / w.sum(dim, keepdim=True)


__all__ += ["random_distribution"]


# ---------------------------------------------------------------------------
# 05: does the student's function use a library it must not use?
# ---------------------------------------------------------------------------
def _code_and_globals(func):
    """(code object, globals) pairs of a function, or of the functions and methods of a class."""
    code = _getattr(func, "__code__", None)
    if _isinstance(code, _CodeType):
        return [(code, _getattr(func, "__globals__", {}))]
    pairs = []
    for value in (vars(func).values() if hasattr(func, "__dict__") else ()):
        value = _getattr(value, "__func__", value)  # staticmethod, classmethod
        code = _getattr(value, "__code__", None)
        if _isinstance(code, _CodeType):
            pairs.append((code, _getattr(value, "__globals__", {})))
    return pairs


def uses_module(func, module: str) -> list[str]:
    """Global names in ``func``'s code (nested code too) bound to objects of ``module``.

    A name counts when the global it refers to is a module whose ``__name__`` starts
    with ``module`` (``import sklearn.metrics as skm``), or an object whose
    ``__module__`` does (``from sklearn.metrics import f1_score``). Names that the
    function only mentions in strings, or that are not globals of its module, do not
    count. For a class, every function and method defined in its body is looked at.
    Returns the names in the order they are found (a name may repeat); empty when
    there is none::

        check_true(not uses_module(accuracy, "sklearn"), "accuracy must not use scikit-learn")

    Pair it with ``forbid`` (a call at run time) and ``uses_name`` (attribute names).
    """
    found = []
    for first, env in _code_and_globals(func):
        todo = [first]
        while todo:
            code = todo.pop()
            for n in code.co_names:
                obj = env.get(n)
                mod = obj.__name__ if _isinstance(obj, _ModuleType) else _getattr(obj, "__module__", None)
                if _isinstance(mod, _str) and mod.startswith(module):
                    found.append(n)
            todo += [c for c in code.co_consts if _isinstance(c, _CodeType)]
    return found


__all__ += ["uses_module"]


# ---------------------------------------------------------------------------
# 01, 02: run a student's function with reference building blocks in place
# ---------------------------------------------------------------------------
@_contextmanager
def replaced_names(namespace: dict, /, **refs):
    """Context manager: bind names of ``namespace`` to other objects for the ``with`` block only.

    A test cell passes the notebook's globals (``globals()`` in the cell) and the
    reference building blocks, so that the exercise under test calls them instead of the
    student's own (a mistake in an earlier exercise is then not counted again)::

        with replaced_names(globals(), sigmoid=torch.sigmoid, forward=_forward):
            out = train(x, t, Wh, Wo, 1.0, 3)

    On leaving the block, also when the student's code raises (the exception goes on),
    every name gets back the object it had before, and a name that did not exist before
    is removed again (a name the block deleted itself stays deleted). With no keyword,
    nothing changes. The references live in the hidden test cell; this only puts them
    in place.
    """
    saved = {name: namespace[name] for name in refs if name in namespace}
    namespace.update(refs)
    try:
        yield
    finally:
        for name in refs:
            if name in saved:
                namespace[name] = saved[name]
            else:
                namespace.pop(name, None)


__all__ += ["replaced_names"]


# ---------------------------------------------------------------------------
# 03: does the student's function call a library function by a bare name?
# ---------------------------------------------------------------------------
def library_names(func, *paths: str) -> list[str]:
    """Global names in ``func``'s code (nested code too) bound to one of the library functions ``paths``.

    ``paths`` are dotted names that start with ``torch`` (``"torch.exp"``,
    ``"torch.nn.functional.linear"``); each is looked up in the library when called. A
    name counts when the global of ``func``'s module that it refers to IS one of those
    objects, so ``from torch import exp`` then ``exp(x)`` is found, while a function of the
    student's own that happens to be called ``exp`` is not. Attribute calls (``torch.exp``,
    ``x.exp()``) are not globals: ``forbid`` catches those at run time. Returns the names
    in the order they are found (a name may repeat); empty when there is none::

        used = library_names(my_softmax, "torch.softmax", "torch.nn.functional.softmax")
        check_true(used == [], f"my_softmax must not call the library's softmax (it uses {used})")
    """
    objs = []
    for path in paths:
        if path.split(".")[0] != "torch":
            raise ValueError(f"library_names: {path!r} is not a dotted name that starts with 'torch'")
        obj = torch
        for part in path.split(".")[1:]:
            obj = _getattr(obj, part)
        objs.append(obj)
    env = _getattr(func, "__globals__", {})
    codes, found = [func.__code__], []
    while codes:
        code = codes.pop()
        codes += [c for c in code.co_consts if _isinstance(c, _CodeType)]
        found += [n for n in code.co_names if any(env.get(n) is o for o in objs)]
    return found


__all__ += ["library_names"]


# ---------------------------------------------------------------------------
# 04 optimizer harness (assignment 04_gradient_descent)
# ---------------------------------------------------------------------------
# The machinery of 04's optimizer checks: a fixed random problem on which a student's
# torch.optim.Optimizer subclass and a reference update rule both run, and the comparison
# of the two trajectories. The reference update rules (the answers) stay in the hidden
# test cells; nothing here knows how any optimizer updates its parameters.

_forbid = _checks.forbid
_check_true = _checks.check_true
_check_tensor = _checks.check_tensor
_Generator = torch.Generator
_randn = torch.randn
_cat = torch.cat
_stack = torch.stack
_no_grad = torch.no_grad
_Optimizer = torch.optim.Optimizer
_Tensor = torch.Tensor
_float64 = torch.float64
_float32 = torch.float32
_type = builtins.type
_tuple = builtins.tuple
_round = builtins.round

#: torch.optim optimizers (and their functional forms) switched off while a student's optimizer runs.
OPTIMIZERS_BLOCKED = (
    "torch.optim.SGD", "torch.optim.Adam", "torch.optim.AdamW", "torch.optim.Adagrad", "torch.optim.RMSprop",
    "torch.optim.NAdam", "torch.optim.RAdam", "torch.optim.Adamax", "torch.optim.Adadelta",
    "torch.optim.sgd.sgd", "torch.optim.adam.adam", "torch.optim.adagrad.adagrad", "torch.optim.rmsprop.rmsprop",
    "torch.optim.adadelta.adadelta",
)


def optimizer_trajectory(make, hp: dict, group_hp: dict, dtype, seed: int, *, update=None, police: bool = True,
                         steps: int = 200):
    """Parameters after each of ``steps`` updates on a random quadratic whose optimum lies far away.

    Four parameters in two groups: ``make([{"params": ps[:2], **group_hp}, {"params": ps[2:]}])``
    builds the optimizer (group 0 overrides ``group_hp``). The third parameter gets no
    gradient in the first 40 steps; the fourth has tiny gradients (where ``eps`` matters); a
    small coupling term mixes the first two. With ``update(p, grad, state, hp)`` given, that
    rule replaces the optimizer (the reference), with ``{**hp, **group_hp}`` for group 0.
    With ``police``, the optimizers of ``OPTIMIZERS_BLOCKED`` raise while the optimizer is
    built and steps.

    Returns ``(trajectory, optimizer, params, untouched)``: a ``(steps, 24)`` tensor of the
    flattened parameters after each step, the optimizer (None for a rule), the parameters,
    and whether the third one was left alone while its ``.grad`` was None.
    """
    __tracebackhide__ = True
    g = _Generator().manual_seed(seed)
    shapes = [(3, 4), (5,), (2, 2), (3,)]
    start = [_randn(s, generator=g, dtype=dtype) for s in shapes]
    far = [30 + 20 * _rand(s, generator=g, dtype=dtype) for s in shapes]
    curv = [0.05 + 0.5 * _rand(s, generator=g, dtype=dtype) for s in shapes]
    curv[3] = curv[3] * 1e-6
    ps = [p.clone().requires_grad_(True) for p in start]
    opt, states, out, untouched = None, [{} for _ in ps], [], True
    blocked = OPTIMIZERS_BLOCKED if police else ()
    if update is None:
        with _forbid(*blocked):
            opt = make([{"params": ps[:2], **group_hp}, {"params": ps[2:]}])
    for k in range(steps):
        for p in ps:
            p.grad = None
        loss = 0.01 * ps[0].sum() * ps[1].mean()
        for i in range(4):
            if i != 2 or k >= 40:
                loss = loss + 0.5 * (curv[i] * (ps[i] - far[i]) ** 2).sum()
        loss.backward()
        if update is None:
            with _forbid(*blocked):
                opt.step()
        else:
            with _no_grad():
                for i, p in enumerate(ps):
                    if p.grad is not None:
                        update(p, p.grad, states[i], {**hp, **group_hp} if i < 2 else hp)
        if k == 39:
            untouched = bool((ps[2].detach() == start[2]).all())
        out.append(_cat([p.detach().reshape(-1) for p in ps]))
    return _stack(out), opt, ps, untouched


def short_hp(hp: dict) -> dict:
    """Hyper-parameters rounded to 4 decimals for messages (tiny values such as eps kept as they are)."""
    return {k: _tuple(_round(x, 4) for x in v) if _type(v) is _tuple else _round(v, 4) if v >= 1e-4 else v
            for k, v in hp.items()}


def uniform(g: torch.Generator, lo: float, hi: float) -> float:
    """A float drawn uniformly from [lo, hi) with the generator ``g``."""
    return lo + (hi - lo) * _rand((), generator=g, dtype=_float64).item()


def check_optimizer(name: str, make, update, hp: dict, group_hp: dict, *, n_state: int, seed: int, hint: str,
                    make_torch=None, float32: bool = True) -> None:
    """A student's optimizer against a reference update rule and, optionally, against torch.optim.

    ``make(groups)`` builds the student's optimizer, ``update(p, grad, state, hp)`` is the
    reference rule (written in the hidden test), ``make_torch(groups)`` the PyTorch
    counterpart. Checks, in float64 (and float32 unless ``float32=False``): a
    ``torch.optim.Optimizer`` subclass that holds no PyTorch optimizer, parameters without a
    gradient left alone, the trajectory of 200 steps (rtol 1e-6 in float64, 1e-5 in
    float32), at least ``n_state`` tensors of each parameter's shape in ``self.state[p]``;
    then the float64 trajectory against ``make_torch``'s.
    """
    __tracebackhide__ = True
    runs = ((_float64, 1e-6, 1e-9), (_float32, 1e-5, 1e-5)) if float32 else ((_float64, 1e-6, 1e-9),)
    for dtype, rtol, atol in runs:
        got, opt, ps, untouched = optimizer_trajectory(make, hp, group_hp, dtype, seed)
        if dtype is _float64:
            got64 = got
        _check_true(_isinstance(opt, _Optimizer), f"{name} must be a subclass of torch.optim.Optimizer")
        _check_true(not any(_isinstance(v, _Optimizer) for v in vars(opt).values()),
                   f"{name} holds a PyTorch optimizer: write the update rule yourself")
        _check_true(untouched, f"{name} changed a parameter whose .grad is None",
                   hint="skip parameters with p.grad is None (they took no part in the loss)")
        want = optimizer_trajectory(None, hp, group_hp, dtype, seed, update=update)[0]
        _check_tensor(got, want, name=f"{name}: (step, coordinate) of the parameters over 200 steps, {dtype}, "
                     f"hyper-parameters {short_hp(hp)}, group 0 overriding {short_hp(group_hp)}", rtol=rtol,
                     atol=atol, hint=hint)
        for p in ps:
            n = sum(1 for v in opt.state[p].values() if _type(v) is _Tensor and _tuple(v.shape) == _tuple(p.shape))
            _check_true(n >= n_state, f"{name} must keep its per-parameter state in self.state[p]: found {n} "
                       f"tensor(s) of the parameter's shape there, expected {n_state}")
    if make_torch is not None:
        ref = optimizer_trajectory(make_torch, hp, group_hp, _float64, seed, police=False)[0]
        _check_tensor(got64, ref, name=f"{name} against its torch.optim counterpart", rtol=1e-6, atol=1e-9, hint=hint)



def check_against_torch(name: str, make, make_torch, group_hp: dict, *, n_state: int = 0, seed: int = 0,
                        steps: int = 60, hint: str | None = None) -> None:
    """A short float64 run of a student's optimizer against its torch.optim counterpart (visible checks).

    The problem of ``optimizer_trajectory`` (two groups, group 0 overriding ``group_hp``; a
    parameter without gradient for 40 steps; one with tiny gradients), ``steps`` updates
    (more than 40, so that the late parameter moves too), compared at rtol 1e-6; then at least
    ``n_state`` tensors of each parameter's shape in ``self.state[p]``.
    """
    __tracebackhide__ = True
    got, opt, ps, untouched = optimizer_trajectory(make, {}, group_hp, _float64, seed, steps=steps)
    _check_true(_isinstance(opt, _Optimizer), f"{name} must be a subclass of torch.optim.Optimizer")
    _check_true(untouched, f"{name} changed a parameter whose .grad is None",
                hint="skip parameters with p.grad is None (they took no part in the loss)")
    want = optimizer_trajectory(make_torch, {}, group_hp, _float64, seed, police=False, steps=steps)[0]
    _check_tensor(got, want, name=f"{name} against its torch.optim counterpart: (step, coordinate) of the "
                  f"parameters over {steps} steps, group 0 overriding {short_hp(group_hp)} (coordinates 21-23 have "
                  "gradients near 1e-5; coordinates 17-20 get no gradient in the first 40 steps)", rtol=1e-6, atol=1e-9,
                  hint=hint)
    for p in ps:
        n = sum(1 for v in opt.state[p].values() if _type(v) is _Tensor and _tuple(v.shape) == _tuple(p.shape))
        _check_true(n >= n_state, f"{name} must keep its per-parameter state in self.state[p]: found {n} "
                    f"tensor(s) of the parameter's shape there, expected {n_state}")


__all__ += ["OPTIMIZERS_BLOCKED", "optimizer_trajectory", "short_hp", "uniform", "check_optimizer",
            "check_against_torch"]

# Last statement: from here on the public names are read-only (see helpers/_guard.py).
_guard.read_only(__name__, __all__)
