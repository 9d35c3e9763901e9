"""Unit tests of the test-cell harness in helpers.testing: replaced_names (01, 02) and library_names (03)."""

from __future__ import annotations

import contextlib
import functools

import pytest
import torch

import helpers.testing as testing
from helpers.testing import library_names, replaced_names


def _module(source: str) -> dict:
    """The globals of a small module written like a notebook's answer cells."""
    ns = {"__name__": "notebook"}
    exec(compile(source, "<answer cell>", "exec"), ns)
    return ns


# ---------------------------------------------------------------------------
# replaced_names
# ---------------------------------------------------------------------------
def _reference_sigmoid(z):
    return torch.sigmoid(z)


def test_replaced_names_binds_the_references_only_inside_the_block():
    ns = _module("def sigmoid(z):\n    return z * 0\n\ndef forward(x):\n    return sigmoid(x) + 1\n")
    own = ns["sigmoid"]
    x = torch.tensor([0.0, 2.0])
    with replaced_names(ns, sigmoid=_reference_sigmoid):
        assert ns["sigmoid"] is _reference_sigmoid
        inside = ns["forward"](x)  # the student's forward looks sigmoid up in its globals
    assert ns["sigmoid"] is own
    torch.testing.assert_close(inside, torch.sigmoid(x) + 1)
    torch.testing.assert_close(ns["forward"](x), torch.ones(2))


def test_replaced_names_restores_after_an_exception():
    ns = _module("def sigmoid(z):\n    return z\n\ndef forward(x):\n    raise ValueError('broken forward')\n")
    own_sigmoid, own_forward = ns["sigmoid"], ns["forward"]

    def _forward(x):
        raise RuntimeError("student code failed")

    with pytest.raises(RuntimeError, match="student code failed"):
        with replaced_names(ns, sigmoid=_reference_sigmoid, forward=_forward):
            ns["forward"](torch.zeros(1))
    assert ns["sigmoid"] is own_sigmoid
    assert ns["forward"] is own_forward


def test_replaced_names_removes_a_name_that_did_not_exist_before():
    ns = _module("def train(x):\n    return squared_error(x)\n")
    assert "squared_error" not in ns
    with replaced_names(ns, squared_error=lambda x: 2 * x):
        assert ns["train"](3) == 6
    assert "squared_error" not in ns
    with pytest.raises(ValueError), replaced_names(ns, squared_error=lambda x: 2 * x):
        raise ValueError("inside")
    assert "squared_error" not in ns


def test_replaced_names_keeps_a_name_that_the_block_deleted_deleted():
    ns = {"helper": 1}
    with replaced_names(ns, helper=2, extra=3):
        del ns["helper"], ns["extra"]
    assert ns == {"helper": 1}  # 'helper' restored, 'extra' (new) gone without a KeyError


def test_replaced_names_leaves_other_names_and_works_with_no_reference():
    ns = {"a": 1, "b": 2}
    with replaced_names(ns, a=10):
        ns["c"] = 3  # names the block creates itself are the block's business
        assert ns["b"] == 2
    assert ns == {"a": 1, "b": 2, "c": 3}
    with replaced_names(ns):
        pass
    assert ns == {"a": 1, "b": 2, "c": 3}


def test_replaced_names_namespace_is_positional_so_any_name_can_be_replaced():
    ns = {"namespace": "student's"}
    with replaced_names(ns, namespace="reference"):
        assert ns["namespace"] == "reference"
    assert ns["namespace"] == "student's"


def test_replaced_names_matches_the_copy_the_test_cells_carried():
    """The ``_using`` that 01's and 02's test cells carried before helpers.testing had it."""

    def make_using(ns):
        @contextlib.contextmanager
        def _using(**references):
            saved = {name: ns[name] for name in references if name in ns}
            ns.update(references)
            try:
                yield
            finally:
                for name in references:
                    if name in saved:
                        ns[name] = saved[name]
                    else:
                        del ns[name]

        return _using

    for make in (lambda ns, **r: make_using(ns)(**r), replaced_names):
        ns = {"sigmoid": "own", "forward": "own forward"}
        seen = []
        with contextlib.suppress(KeyError), make(ns, sigmoid="ref", softmax="ref softmax"):
            seen.append(dict(ns))
            raise KeyError("failure in the student's code")
        assert seen == [{"sigmoid": "ref", "forward": "own forward", "softmax": "ref softmax"}]
        assert ns == {"sigmoid": "own", "forward": "own forward"}


# ---------------------------------------------------------------------------
# library_names
# ---------------------------------------------------------------------------
_NO_SIGMOID = ("torch.sigmoid", "torch.Tensor.sigmoid", "torch.nn.functional.sigmoid", "torch.special.expit",
               "torch.exp", "torch.Tensor.exp")


def test_library_names_finds_a_global_bound_to_the_library_function():
    ns = _module("import torch\nfrom torch import exp\n\ndef backward(z):\n    return 1 / (1 + exp(-z))\n")
    assert library_names(ns["backward"], *_NO_SIGMOID) == ["exp"]


def test_library_names_finds_an_alias_and_nested_code():
    ns = _module(
        "from torch.nn.functional import linear as lin\n"
        "def forward(x, W):\n"
        "    f = lambda a: lin(a, W)\n"
        "    return f(x)\n"
    )
    assert library_names(ns["forward"], "torch.nn.functional.linear") == ["lin"]
    assert library_names(ns["forward"], "torch.relu") == []


def test_library_names_ignores_a_students_own_helper_of_the_same_name():
    ns = _module(
        "import torch\n"
        "def exp(z):\n"
        "    return sum(z ** k / __import__('math').factorial(k) for k in range(30))\n"
        "def backward(z):\n"
        "    return exp(z) * torch.ones(())\n"
    )
    assert library_names(ns["backward"], *_NO_SIGMOID) == []


def test_library_names_ignores_attribute_calls_and_locals():
    ns = _module(
        "import torch\n"
        "def backward(z, exp=None):\n"
        "    relu = z.clamp(min=0)\n"
        "    return torch.exp(z) + z.sigmoid() + relu\n"
    )
    assert library_names(ns["backward"], *_NO_SIGMOID, "torch.relu") == []


def test_library_names_on_a_static_method_of_an_autograd_function():
    ns = _module(
        "import torch\n"
        "from torch import relu\n"
        "class ReLU(torch.autograd.Function):\n"
        "    @staticmethod\n"
        "    def forward(ctx, x):\n"
        "        return relu(x)\n"
        "    @staticmethod\n"
        "    def backward(ctx, g):\n"
        "        return g\n"
    )
    cls = ns["ReLU"]
    assert library_names(cls.forward, "torch.relu", "torch.nn.functional.relu") == ["relu"]
    assert library_names(cls.backward, "torch.relu", "torch.nn.functional.relu") == []


def test_library_names_repeats_a_name_and_rejects_a_path_outside_torch():
    ns = _module("from torch import exp\ndef f(z):\n    return exp(z) + (lambda: exp(z))()\n")
    assert library_names(ns["f"], "torch.exp") == ["exp", "exp"]
    with pytest.raises(ValueError, match="starts with 'torch'"):
        library_names(ns["f"], "numpy.exp")
    with pytest.raises(AttributeError):
        library_names(ns["f"], "torch.no_such_function")


def test_library_names_matches_the_copy_the_test_cells_carried():
    """The ``_library_names`` that 03's hidden tests carried before helpers.testing had it."""

    def copy(func, *paths):
        objs = [functools.reduce(getattr, p.split(".")[1:], torch) for p in paths]
        codes, found = [func.__code__], []
        while codes:
            code = codes.pop()
            codes += [c for c in code.co_consts if type(c) is type(code)]
            found += [n for n in code.co_names if any(func.__globals__.get(n) is o for o in objs)]
        return found

    ns = _module(
        "import torch\n"
        "from torch import exp, sigmoid as sg, logsumexp\n"
        "from torch.nn.functional import softmax\n"
        "def softmax_own(z):\n"
        "    return exp(z) / exp(z).sum()\n"
        "def f(z):\n"
        "    g = lambda t: sg(t) + softmax(t, 0)\n"
        "    return g(z) + softmax_own(z) + torch.logsumexp(z, 0) + logsumexp(z, 0)\n"
    )
    paths = _NO_SIGMOID + ("torch.logsumexp", "torch.nn.functional.softmax", "torch.softmax")
    for name in ("f", "softmax_own"):
        assert library_names(ns[name], *paths) == copy(ns[name], *paths)
    assert sorted(library_names(ns["f"], *paths)) == ["logsumexp", "sg", "softmax"]


# ---------------------------------------------------------------------------
# both are read-only, like the rest of helpers.testing
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["replaced_names", "library_names"])
def test_harness_functions_are_read_only(name):
    original = getattr(testing, name)
    assert name in testing.__all__
    with pytest.raises(AttributeError, match=f"helpers.testing.{name} is read-only"):
        setattr(testing, name, lambda *a, **k: [])
    with pytest.raises(AttributeError, match="read-only"):
        delattr(testing, name)
    vars(testing)[name] = lambda *a, **k: []  # behind the module's back
    try:
        from helpers.testing import library_names as ln
        from helpers.testing import replaced_names as rn

        assert {"library_names": ln, "replaced_names": rn}[name] is original
    finally:
        vars(testing)[name] = original
