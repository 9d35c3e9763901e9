"""Unit tests of the student-facing helpers package."""

from __future__ import annotations

import decimal
import fractions
import hashlib
import io
import numbers
import random
import re

import matplotlib.axes
import nbformat
import numpy as np
import pytest
import torch

import helpers
from helpers import checks, data, plot
from helpers.checks import (
    CheckError,
    ForbiddenError,
    check_array,
    check_float,
    check_int,
    check_raises,
    check_tensor,
    check_true,
    forbid,
    fresh_generator,
    uses_name,
)

# ---------------------------------------------------------------------------
# seeding and device
# ---------------------------------------------------------------------------


def test_seed_everything_makes_all_generators_repeat():
    helpers.seed_everything(123)
    a = (random.random(), np.random.rand(), torch.rand(3))
    helpers.seed_everything(123)
    b = (random.random(), np.random.rand(), torch.rand(3))
    assert a[0] == b[0] and a[1] == b[1] and torch.equal(a[2], b[2])
    with pytest.raises(TypeError):
        helpers.seed_everything(1.5)


def test_get_device(monkeypatch):
    monkeypatch.delenv("COURSE_DEVICE", raising=False)
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert helpers.get_device().type == expected
    monkeypatch.setenv("COURSE_DEVICE", "cpu")
    assert helpers.get_device() == torch.device("cpu")
    monkeypatch.setenv("COURSE_DEVICE", "not-a-device")
    with pytest.raises(ValueError, match="COURSE_DEVICE"):
        helpers.get_device()
    if not torch.cuda.is_available():
        monkeypatch.setenv("COURSE_DEVICE", "cuda")
        with pytest.raises(RuntimeError, match="CUDA"):
            helpers.get_device()


def test_full_run(monkeypatch):
    monkeypatch.delenv("COURSE_FULL", raising=False)
    assert helpers.full_run() is False
    monkeypatch.setenv("COURSE_FULL", "1")
    assert helpers.full_run() is True
    monkeypatch.setenv("COURSE_FULL", "0")
    assert helpers.full_run() is False


# ---------------------------------------------------------------------------
# checks: right answers pass, wrong answers fail with a useful message
# ---------------------------------------------------------------------------


def test_check_tensor_passes_equal_and_close():
    x = torch.randn(3, 4)
    check_tensor(x.clone(), x)
    check_tensor(x + 1e-9, x, rtol=1e-6)


@pytest.mark.parametrize(
    "actual, match",
    [
        (torch.ones(3, dtype=torch.float64), "dtype"),
        (torch.ones(4), "shape"),
        (torch.ones(3).tolist(), "torch.Tensor"),
        (np.ones(3, dtype=np.float32), "torch.Tensor"),
        (torch.nn.Parameter(torch.ones(3)), "torch.Tensor"),
        (torch.tensor([1.0, 1.0, 2.0]), r"1 of 3 value\(s\) differ.*index \(2,\)"),
        (torch.tensor([1.0, float("nan"), 1.0]), "nan"),
    ],
)
def test_check_tensor_rejects(actual, match):
    with pytest.raises(CheckError, match=match):
        check_tensor(actual, torch.ones(3), name="out")


def test_check_tensor_message_names_expected_and_got():
    with pytest.raises(CheckError) as err:
        check_tensor(torch.tensor([[0.0, 5.0]]), torch.tensor([[0.0, 2.0]]), name="softmax(z)", hint="shift")
    msg = str(err.value)
    assert "softmax(z)" in msg and "expected 2" in msg and "got 5" in msg and "Hint: shift" in msg


def test_check_tensor_nan_and_inf_handling():
    inf = float("inf")
    check_tensor(torch.tensor([inf, -inf]), torch.tensor([inf, -inf]))
    with pytest.raises(CheckError):
        check_tensor(torch.tensor([inf]), torch.tensor([-inf]))
    with pytest.raises(CheckError):
        check_tensor(torch.tensor([float("nan")]), torch.tensor([float("nan")]))
    check_tensor(torch.tensor([float("nan")]), torch.tensor([float("nan")]), equal_nan=True)


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __bool__(self):
        return True


class SneakyTensor(torch.Tensor):
    def __eq__(self, other):
        return torch.ones_like(self, dtype=torch.bool)


def test_checks_resist_objects_that_claim_equality():
    with pytest.raises(CheckError):
        check_tensor(AlwaysEqual(), torch.ones(2))
    with pytest.raises(CheckError):
        check_tensor(torch.zeros(2).as_subclass(SneakyTensor), torch.ones(2))
    with pytest.raises(CheckError):
        check_float(AlwaysEqual(), 1.0)
    with pytest.raises(CheckError):
        check_array(AlwaysEqual(), np.ones(2))
    with pytest.raises(TypeError):
        check_true(AlwaysEqual(), "must be a real bool")


def test_checks_resist_patched_comparisons(monkeypatch):
    """A student who patches numpy/torch comparison functions gains nothing."""
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "array_equal", lambda *a, **k: True)
    monkeypatch.setattr(np.testing, "assert_allclose", lambda *a, **k: None)
    monkeypatch.setattr(torch, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(torch, "equal", lambda *a, **k: True)
    monkeypatch.setattr(torch.testing, "assert_close", lambda *a, **k: None)
    with pytest.raises(CheckError):
        check_tensor(torch.zeros(3), torch.ones(3))
    with pytest.raises(CheckError):
        check_array(np.zeros(3), np.ones(3))
    with pytest.raises(CheckError):
        check_float(0.0, 1.0)


def test_checks_refuse_to_judge_when_numpy_is_broken(monkeypatch):
    monkeypatch.setattr(checks, "_np_abs", lambda x: x * 0)
    with pytest.raises(CheckError, match="broken"):
        check_tensor(torch.ones(2), torch.ones(2))


def test_checks_write_nothing_to_stderr(capfd):
    with pytest.raises(CheckError):
        check_tensor(torch.tensor([float("inf")]) - float("inf"), torch.zeros(1))
    check_tensor(torch.ones(2), torch.ones(2))
    assert capfd.readouterr().err == ""


def test_check_array_kinds():
    check_array(np.array([1, 2]), np.array([1, 2]), kind="i")
    with pytest.raises(CheckError, match="integer"):
        check_array(np.array([1.0, 2.0]), np.array([1, 2]), kind="i")
    with pytest.raises(CheckError, match="floating"):
        check_array(np.array([1, 2]), np.array([1.0, 2.0]), kind="f")
    with pytest.raises(CheckError, match="shape"):
        check_array(np.zeros((2, 2)), np.zeros(4))


def test_check_float_and_int():
    check_float(0.1 + 0.2, 0.3)
    check_float(np.float64(2.0), 2.0)
    with pytest.raises(CheckError, match=r"one-element tensor[\s\S]*\.item\(\)"):
        check_float(torch.tensor(2.0), 2.0)
    with pytest.raises(CheckError, match="bool"):
        check_float(True, 1.0)
    with pytest.raises(CheckError, match="bool"):
        check_float(np.bool_(True), 1.0)
    check_int(np.int64(4), 4)
    with pytest.raises(CheckError, match="expected an int, got float"):
        check_int(4.0, 4)
    with pytest.raises(CheckError, match="expected 4, got 5"):
        check_int(5, 4)


@pytest.mark.parametrize(
    "value",
    [3, 3.0, np.float64(3), np.float32(3), np.float16(3), np.int64(3), np.int32(3), np.uint8(3),
     fractions.Fraction(6, 2)],
    ids=repr,
)
def test_check_float_accepts_every_real_number(value):
    check_float(value, 3.0)
    check_float(value, 3.0, allow_int=False)  # kept for older cells: no longer rejects ints
    with pytest.raises(CheckError, match="expected 4, got 3"):
        check_float(value, 4.0)


@pytest.mark.parametrize(
    "value, match",
    [
        (True, "bool"),
        (np.bool_(False), "bool"),
        (torch.tensor(3.0), r"\.item\(\)"),
        (torch.tensor([3.0]), r"\.item\(\)"),
        (torch.ones(2), "tensor of shape"),
        (np.array(3.0), "ndarray"),
        ("3.0", "got str"),
        (3 + 0j, "got complex"),
        (decimal.Decimal("3"), "got Decimal"),
        (None, "got NoneType"),
    ],
    ids=repr,
)
def test_check_float_rejects_what_is_not_a_real_number(value, match):
    with pytest.raises(CheckError, match=match):
        check_float(value, 3.0, name="x")


@pytest.mark.parametrize("value", [4, np.int64(4), np.int8(4), np.uint16(4)], ids=repr)
def test_check_int_accepts_every_integral(value):
    check_int(value, 4)
    with pytest.raises(CheckError, match="expected 5, got 4"):
        check_int(value, 5)


@pytest.mark.parametrize("value", [True, np.bool_(True), 1.0, np.float64(1), torch.tensor(1), "1"], ids=repr)
def test_check_int_rejects_what_is_not_integral(value):
    with pytest.raises(CheckError):
        check_int(value, 1)


# ---------------------------------------------------------------------------
# 0-d inputs and messages that show the difference
# ---------------------------------------------------------------------------


def test_a_wrong_0d_tensor_says_expected_and_got():
    with pytest.raises(CheckError) as err:
        check_tensor(torch.tensor(0.5), torch.tensor(0.4325), name="E")
    assert str(err.value).startswith("E: expected 0.4325, got 0.5 (error 0.0675")
    check_tensor(torch.tensor(0.4325), torch.tensor(0.4325))
    with pytest.raises(CheckError, match="expected inf, got nan"):
        check_tensor(torch.tensor(float("nan")), torch.tensor(float("inf")))
    with pytest.raises(CheckError, match=r"expected shape \(\), got \(1,\)"):
        check_tensor(torch.tensor([0.5]), torch.tensor(0.5))
    with pytest.raises(CheckError, match="expected dtype torch.float64"):
        check_tensor(torch.tensor(0.5), torch.tensor(0.5, dtype=torch.float64))


def test_a_wrong_0d_array_and_a_0d_float64_tensor():
    with pytest.raises(CheckError, match="expected 2, got 1"):
        check_array(np.array(1.0), np.array(2.0))
    check_array(np.array(2.0), np.array(2.0))
    e = torch.tensor(1 / 3, dtype=torch.float64)
    with pytest.raises(CheckError, match="expected 0.333333, got 0.3"):
        check_tensor(torch.tensor(0.3, dtype=torch.float64), e)


def test_messages_print_enough_digits_to_show_the_difference():
    with pytest.raises(CheckError) as err:
        check_float(0.91107911, 0.91107912, rtol=1e-12, name="information")
    assert "expected 0.91107912, got 0.91107911" in str(err.value)
    with pytest.raises(CheckError) as err:
        check_tensor(torch.tensor([1.0, 2.000001], dtype=torch.float64), torch.tensor([1.0, 2.0], dtype=torch.float64),
                     rtol=1e-9)
    assert "expected 2, got 2.000001" in str(err.value)
    # six digits when they are enough
    with pytest.raises(CheckError) as err:
        check_float(0.5, 0.123456789)
    assert "expected 0.123457, got 0.5" in str(err.value)


class LyingFloat(float):
    """A float whose float() says 2.0 whatever its value, and which equals everything."""

    def __float__(self):
        return 2.0

    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class RealWithoutFloat(numbers.Real):
    """Claims to be a real number but cannot be converted."""

    def __float__(self):
        raise ValueError("no value")

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__
    __abs__ = __add__ = __ceil__ = __floor__ = __floordiv__ = __le__ = __lt__ = __mod__ = __mul__ = None
    __neg__ = __pos__ = __pow__ = __radd__ = __rfloordiv__ = __rmod__ = __rmul__ = __round__ = None
    __rpow__ = __rtruediv__ = __truediv__ = __trunc__ = None


class SneakyInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


def test_scalar_checks_judge_the_converted_value_only():
    # whatever float() returns is the value: equality overrides do not matter
    with pytest.raises(CheckError, match="expected 1, got 2"):
        check_float(LyingFloat(1.0), 1.0)
    check_float(LyingFloat(1.0), 2.0)
    with pytest.raises(CheckError, match=r"float\(\) of the returned RealWithoutFloat fails"):
        check_float(RealWithoutFloat(), 1.0)
    with pytest.raises(CheckError, match="expected 4, got 3"):
        check_int(SneakyInt(3), 4)
    with pytest.raises(CheckError, match="expected an int, got AlwaysEqual"):
        check_int(AlwaysEqual(), 1)


def test_check_true_and_raises():
    check_true(True, "never shown")
    check_true(np.bool_(True), "numpy bools are fine")
    with pytest.raises(CheckError, match="went wrong"):
        check_true(False, "went wrong")
    exc = check_raises(ValueError, int, "x", message="int('x')")
    assert isinstance(exc, ValueError)
    with pytest.raises(CheckError, match="nothing was raised"):
        check_raises(ValueError, int, "3", message="int('3')")
    with pytest.raises(CheckError, match="got TypeError"):
        check_raises(ValueError, len, 3, message="len(3)")


def test_forbid_blocks_and_restores():
    z = torch.randn(4)
    original = torch.softmax
    with forbid("torch.softmax", "torch.Tensor.softmax", "torch.nn.functional.softmax", "torch.nn.Softmax"):
        with pytest.raises(ForbiddenError, match="torch.softmax is off limits"):
            torch.softmax(z, 0)
        with pytest.raises(ForbiddenError):
            z.softmax(0)
        with pytest.raises(ForbiddenError):
            torch.nn.functional.softmax(z, 0)
        with pytest.raises(ForbiddenError):
            torch.nn.Softmax(dim=0)
        torch.exp(z)  # other functions still work
    assert torch.softmax is original
    assert "softmax" not in vars(torch.Tensor)
    torch.testing.assert_close(z.softmax(0), torch.nn.Softmax(0)(z))


def test_forbid_restores_after_an_exception():
    with pytest.raises(RuntimeError), forbid("torch.sigmoid"):
        raise RuntimeError("student code failed")
    torch.sigmoid(torch.zeros(1))


def test_forbid_unknown_name():
    with pytest.raises((ValueError, AttributeError)), forbid("torch.no_such_function_here"):
        pass


def test_uses_name_finds_nested_references():
    def student(z):
        def inner(v):
            return torch.nn.functional.softmax(v, -1)

        return inner(z)

    def clean(z):
        e = torch.exp(z - z.max())
        return e / e.sum()

    assert uses_name(student, "softmax", "log_softmax") == ["softmax"]
    assert uses_name(clean, "softmax") == []


def test_fresh_generator():
    a = torch.rand(3, generator=fresh_generator(5))
    b = torch.rand(3, generator=fresh_generator(5))
    assert torch.equal(a, b)
    c = torch.rand(3, generator=fresh_generator())
    d = torch.rand(3, generator=fresh_generator())
    assert not torch.equal(c, d)


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------


def test_two_gaussians_shapes_and_determinism():
    X, y = data.make_two_gaussians(100, seed=3)
    assert X.shape == (100, 2) and X.dtype == torch.float32
    assert y.dtype == torch.int64 and set(y.tolist()) == {0, 1} and int(y.sum()) == 50
    X2, y2 = data.make_two_gaussians(100, seed=3)
    assert torch.equal(X, X2) and torch.equal(y, y2)
    X3, _ = data.make_two_gaussians(100, seed=4)
    assert not torch.equal(X, X3)
    # the classes sit on either side of the diagonal x1 + x2 = 0
    assert (X[y == 0].sum(1) < 0).float().mean() > 0.9 and (X[y == 1].sum(1) > 0).float().mean() > 0.9


def test_spiral_matches_the_lecture_construction():
    X, y = data.make_spiral(100, 3, seed=0)
    assert X.shape == (300, 2) and y.shape == (300,)
    assert torch.equal(torch.bincount(y), torch.tensor([100, 100, 100]))
    r = X.norm(dim=1)
    expected_r = torch.linspace(0, 1, 100).repeat(3)
    torch.testing.assert_close(r, expected_r, atol=1e-6, rtol=1e-6)
    X2, _ = data.make_spiral(100, 3, seed=0)
    assert torch.equal(X, X2)
    # global seeds do not matter
    torch.manual_seed(99)
    np.random.seed(99)
    assert torch.equal(data.make_spiral(100, 3, seed=0)[0], X)


def test_moons_and_split():
    X, y = data.make_moons(120, seed=1)
    assert X.shape == (120, 2) and int(y.sum()) == 60
    Xtr, ytr, Xva, yva = data.train_val_split(X, y, 0.25, seed=0)
    assert len(Xva) == 30 and len(Xtr) == 90
    assert sorted(torch.cat([Xtr, Xva])[:, 0].tolist()) == sorted(X[:, 0].tolist())
    with pytest.raises(ValueError):
        data.train_val_split(X, y, 1.5)


TINY_TSV = "a fine , funny film\t1\nflat and dull .\t0\nit has a tab-free line\t1\n"


def _write_split(folder, split="train", text=TINY_TSV):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{split}.tsv").write_text(text, encoding="utf-8")


def test_load_sst2_from_data_dir_env_and_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    _write_split(tmp_path / "explicit")
    df = data.load_sst2("train", data_dir=tmp_path / "explicit", download=False)
    assert list(df.columns) == ["text", "label"]
    assert df["label"].tolist() == [1, 0, 1] and df["text"][0] == "a fine , funny film"
    assert str(df["label"].dtype) == "int64"
    # the parent of sst2/ works too
    _write_split(tmp_path / "parent" / "sst2", text="x\t0\n")
    assert len(data.load_sst2("train", data_dir=tmp_path / "parent", download=False)) == 1
    # COURSE_DATA_DIR
    _write_split(tmp_path / "env" / "sst2", text="y\t1\nz\t0\n")
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "env"))
    assert len(data.load_sst2("train", download=False)) == 2
    # the cache, when nothing else has it
    monkeypatch.delenv("COURSE_DATA_DIR")
    _write_split(data.sst2_cache_dir(), text="only in cache\t1\n")
    assert data.load_sst2("train", download=False)["text"][0] == "only in cache"


def test_load_sst2_clear_error_when_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    with pytest.raises(FileNotFoundError, match="COURSE_DATA_DIR") as err:
        data.load_sst2("dev", download=False)
    assert "dev.tsv" in str(err.value)
    with pytest.raises(ValueError, match="split"):
        data.load_sst2("validation")


def test_load_sst2_rejects_malformed_rows(tmp_path):
    _write_split(tmp_path, text="no label here\n")
    with pytest.raises(ValueError, match="sentence<TAB>0\\|1"):
        data.load_sst2("train", data_dir=tmp_path, download=False)


class _FakeResponse(io.BytesIO):
    def __init__(self, payload: bytes):
        super().__init__(payload)
        self.headers = {"Content-Length": str(len(payload))}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_load_sst2_downloads_into_cache_and_checks_sha(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    payload = TINY_TSV.encode()
    urls = []

    def fake_urlopen(url, timeout=None):
        urls.append(url)
        return _FakeResponse(payload)

    monkeypatch.setattr(data.urllib.request, "urlopen", fake_urlopen)
    monkeypatch.setitem(data.SST2_SHA256, "test", hashlib.sha256(payload).hexdigest())
    df = data.load_sst2("test")
    assert len(df) == 3 and urls == [data.SST2_URL.format(split="test")]
    assert (data.sst2_cache_dir() / "test.tsv").read_bytes() == payload
    # a second call reads the cache: no new download
    data.load_sst2("test")
    assert len(urls) == 1
    # a corrupted download is refused and leaves nothing behind
    (data.sst2_cache_dir() / "test.tsv").unlink()
    monkeypatch.setitem(data.SST2_SHA256, "test", "0" * 64)
    with pytest.raises(FileNotFoundError, match="sha256"):
        data.load_sst2("test")
    assert not list(data.sst2_cache_dir().glob("*"))


def test_sst2_constants_match_the_data_readme():
    assert data.SST2_ROWS == {"train": 6920, "dev": 872, "test": 1821}
    assert all(len(v) == 64 for v in data.SST2_SHA256.values())


# ---------------------------------------------------------------------------
# plots
# ---------------------------------------------------------------------------


def test_plot_functions_return_axes():
    X, y = data.make_spiral(20, 3, seed=0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
    model.train()
    ax = plot.plot_decision_boundary(model, X, y, resolution=30)
    assert isinstance(ax, matplotlib.axes.Axes) and model.training
    ax = plot.plot_losses({"train": [3, 2, 1], "val": [3, 2.5, 2.2]}, logy=True, marks={"best": 2})
    assert len(ax.get_lines()) == 3 and ax.get_yscale() == "log"
    ax = plot.plot_grad_magnitudes([[1e-1, 1e-2], [1e-3, 1e-4]])
    assert ax.get_yscale() == "log" and len(ax.get_lines()) == 2
    ax = plot.plot_roc({"model": ([0, 0.5, 1], [0, 0.8, 1])}, aucs={"model": 0.65})
    assert "AUC = 0.650" in ax.get_legend().get_texts()[0].get_text()
    ax = plot.plot_confusion_matrix(np.array([[5, 1], [2, 7]]), labels=["neg", "pos"])
    assert len(ax.texts) == 4
    ax = plot.plot_optimizer_paths(
        lambda a, b: a**2 + 10 * b**2, {"sgd": [[1.5, 1.0], [1.0, 0.5], [0.5, 0.1]]}, minimum=(0, 0)
    )
    assert len(ax.get_lines()) == 2


def test_graph_edges_and_draw_graph():
    a = torch.tensor(2.0, requires_grad=True)
    b = torch.tensor(3.0, requires_grad=True)
    y = a * b + a
    edges = plot.graph_edges(y)
    names = {n.split("#")[0] for e in edges for n in e}
    assert {"AddBackward0", "MulBackward0", "leaf:()"} <= names
    leaves = {n for e in edges for n in e if n.startswith("leaf")}
    assert len(leaves) == 2  # a and b, each once
    ax = plot.draw_graph(y)
    assert isinstance(ax, matplotlib.axes.Axes) and len(ax.texts) >= 4
    assert plot.graph_edges(torch.ones(2)) == []


def test_check_functions_cannot_be_replaced():
    import helpers.checks as hc

    with pytest.raises(AttributeError, match="read-only"):
        hc.check_tensor = lambda *a, **k: None
    with pytest.raises(AttributeError, match="read-only"):
        del hc.check_true
    saved = hc.__dict__["check_float"]
    hc.__dict__["check_float"] = lambda *a, **k: None  # a write behind the module's back
    try:
        from helpers.checks import check_float as cf

        with pytest.raises(CheckError):
            cf(0.0, 1.0)
    finally:
        hc.__dict__["check_float"] = saved


def test_restore_libraries_undoes_patches_of_reference_functions(monkeypatch):
    import helpers.checks as hc

    original = torch.sigmoid
    monkeypatch.setattr(torch, "sigmoid", lambda x: x)
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    torch.Tensor.sum = lambda self, *a, **k: 0  # shadows the inherited method
    restored = hc.restore_libraries()
    assert "sum" not in vars(torch.Tensor)
    assert {"torch.sigmoid", "numpy.allclose"} <= set(restored)
    assert torch.sigmoid is original and not np.allclose(np.zeros(1), np.ones(1))
    assert torch.ones(3).sum().item() == 3.0
    hc.protect("json")
    import json

    monkeypatch.setattr(json, "dumps", lambda *a, **k: "{}")
    assert "json.dumps" in hc.restore_libraries() and json.dumps([1]) == "[1]"


# ---------------------------------------------------------------------------
# inside a kernel: hidden helper frames, quiet test cells, nbgrader's scores
# ---------------------------------------------------------------------------
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _outputs(cell, kind):
    return [o for o in cell.outputs if o.output_type == "stream" and o.name == kind]


@pytest.mark.slow
def test_in_a_kernel_helper_frames_are_hidden_and_test_cells_keep_stderr_clean(tmp_path):
    from course import runner

    cells = [
        "import sys, warnings\nimport helpers.checks",
        'del sys.modules["helpers.checks"]\nimport helpers.checks',  # a second import adds no hooks
        "ip = get_ipython()\nprint(sorted((event, cb.__name__) for event in ('pre_run_cell', 'post_run_cell')\n"
        "             for cb in ip.events.callbacks[event] if cb.__module__.startswith('helpers')))",
        'warnings.warn("a warning in an ordinary cell")\nprint("to stderr", file=sys.stderr)',
        "from helpers.checks import check_tensor\nimport torch\n"
        'warnings.warn("a warning in a test cell")\nprint("progress", file=sys.stderr)\n'
        'check_tensor(torch.tensor(0.5), torch.tensor(0.4325), name="E")',
        'warnings.warn("after the test cell")\nprint("stderr again", file=sys.stderr)',
        "from helpers.testing import uses_module\n"
        'warnings.warn("a warning in a cell that uses the harness")\nprint("harness", file=sys.stderr)',
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in cells])
    runner.execute(nb, tmp_path)
    hooks, plain, test, after = nb.cells[2], nb.cells[3], nb.cells[4], nb.cells[5]
    assert _outputs(hooks, "stdout")[0].text.strip() == (
        "[('post_run_cell', '_after_cell'), ('pre_run_cell', '_before_cell')]"
    )
    # other cells are left alone: their warnings and stderr show as usual, before and after
    for cell, warning in ((plain, "a warning in an ordinary cell"), (after, "after the test cell")):
        err = "".join(o.text for o in _outputs(cell, "stderr"))
        assert warning in err and ("to stderr" in err or "stderr again" in err)
    # the test cell: nothing on stderr, the print shows on stdout, the warning is ignored
    assert not _outputs(test, "stderr")
    assert "progress" in "".join(o.text for o in _outputs(test, "stdout"))
    (error,) = [o for o in test.outputs if o.output_type == "error"]
    assert error.ename == "CheckError" and error.evalue.startswith("E: expected 0.4325, got 0.5")
    tb = ANSI.sub("", "\n".join(error.traceback))
    assert 'check_tensor(torch.tensor(0.5), torch.tensor(0.4325), name="E")' in tb
    assert "skipping hidden" in tb
    # only the frame that raises is shown from the helpers (IPython always shows the last one)
    assert tb.count("helpers/checks.py") == 1 and "_judge" not in tb and "check_tensor(\n" not in tb
    # a cell that imports from helpers.testing is a test cell too
    harness = nb.cells[6]
    assert not _outputs(harness, "stderr") and "harness" in "".join(o.text for o in _outputs(harness, "stdout"))


def _tiny_assignment(slug: str):
    """An nbgrader master whose answers print warnings and write to stderr, as students' code does."""

    def answer(gid, src):
        cell = nbformat.v4.new_code_cell(src)
        cell.metadata["nbgrader"] = {"grade": False, "grade_id": gid, "locked": False, "schema_version": 3,
                                     "solution": True, "task": False}
        return cell

    def test(gid, src, points):
        cell = nbformat.v4.new_code_cell(src)
        cell.metadata["nbgrader"] = {"grade": True, "grade_id": gid, "locked": True, "points": points,
                                     "schema_version": 3, "solution": False, "task": False}
        return cell

    cells = [
        nbformat.v4.new_code_cell("import sys\nimport warnings\n\nimport numpy as np"),
        answer("precision", "def precision(tp, fp):\n    ### BEGIN SOLUTION\n"
                            "    return float(np.nan_to_num(np.float64(tp) / np.float64(tp + fp)))  # 0/0 warns\n"
                            "    ### END SOLUTION"),
        answer("noisy_mean", "def noisy_mean(values):\n    ### BEGIN SOLUTION\n"
                             '    warnings.simplefilter("always")\n'
                             '    print("epoch 1/1: 100%|##########|", file=sys.stderr)  # a progress bar\n'
                             '    warnings.warn("this argument is deprecated", FutureWarning)\n'
                             "    return sum(values) / len(values)\n    ### END SOLUTION"),
        test("test_precision", "from helpers.checks import check_float\n\n"
                               'check_float(precision(0, 0), 0.0, name="precision(0, 0)")\n'
                               'check_float(precision(1, 3), 0.25, name="precision(1, 3)")', 3),
        test("test_noisy_mean", "from helpers.checks import check_float\n\n"
                                'check_float(noisy_mean([1, 2]), 1.5, name="noisy_mean([1, 2])")', 1),
        # a graded cell that does not use the helpers: the same warning scores it 0 (nbgrader's rule)
        test("test_without_helpers", "assert precision(0, 0) == 0.0", 1),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


EXPECTED_TINY = {"test_precision": (3.0, 3.0), "test_noisy_mean": (1.0, 1.0), "test_without_helpers": (0.0, 1.0)}


@pytest.mark.slow
def test_warnings_from_student_code_cost_no_points_when_scored_like_nbgrader(tmp_path, monkeypatch):
    from course import runner

    monkeypatch.setenv("PYTHONWARNINGS", "ignore")  # the kernel must not inherit it
    nb = _tiny_assignment("tiny")
    runner.execute(nb, tmp_path)
    assert runner.score(nb).cells == EXPECTED_TINY
    control = "".join(o.text for o in _outputs(nb.cells[5], "stderr"))
    assert "RuntimeWarning: invalid value encountered" in control


@pytest.mark.slow
def test_warnings_from_student_code_cost_no_points_in_nbgrader_autograde(tmp_path):
    from course import build

    slug = "99_warnings"
    master = tmp_path / "source" / slug / f"{slug}.ipynb"
    master.parent.mkdir(parents=True)
    nbformat.write(_tiny_assignment(slug), str(master))
    reports = build.autograde(slug, {"student": master}, source_root=tmp_path)
    assert reports["student"].cells == EXPECTED_TINY


# ---------------------------------------------------------------------------
# helpers.testing: harness for test cells
# ---------------------------------------------------------------------------
def _dist_as_02_had_it(shape, dim, g, dtype=torch.float64, zeros=0.3):
    """The copy that 02's hidden tests carried before helpers.testing had it."""
    w = torch.rand(shape, generator=g, dtype=dtype) + 0.05
    w = w * (torch.rand(shape, generator=g, dtype=dtype) >= zeros)
    w = w + (w.sum(dim, keepdim=True) == 0)
    return w / w.sum(dim, keepdim=True)


@pytest.mark.parametrize("shape, dim, zeros, dtype", [
    ((10,), -1, 0.3, torch.float64), ((4, 6), 0, 0.3, torch.float64), ((2, 3, 5), 1, 0.0, torch.float64),
    ((3, 2, 4), -1, 0.9, torch.float32),
])
def test_random_distribution_is_the_copy_02_had(shape, dim, zeros, dtype):
    from helpers.testing import random_distribution

    g1, g2 = fresh_generator(7), fresh_generator(7)
    for _ in range(3):  # the generator advances the same way too
        p = random_distribution(shape, dim, g1, zeros=zeros, dtype=dtype)
        assert torch.equal(p, _dist_as_02_had_it(shape, dim, g2, dtype=dtype, zeros=zeros))
        assert p.dtype == dtype and p.shape == shape and bool((p >= 0).all())
        torch.testing.assert_close(p.sum(dim), torch.ones(()).to(dtype).expand(p.sum(dim).shape))


def test_random_distribution_zeros_and_all_zero_slices():
    from helpers.testing import random_distribution

    g = fresh_generator(0)
    p = random_distribution((2000, 10), -1, g)
    share = (p == 0).double().mean().item()
    assert 0.27 < share < 0.33
    assert bool((random_distribution((50, 4), -1, g, zeros=0.0) > 0).all())
    p = random_distribution((200, 3), -1, g, zeros=1.0)  # every slice is all zero: uniform
    assert torch.equal(p, torch.full((200, 3), 1 / 3, dtype=torch.float64))


def _sklearn_refs_as_05_had_it(f):
    """The copy that 05's hidden tests carried before helpers.testing had it."""
    import types

    found, todo = [], [f.__code__]
    while todo:
        code = todo.pop()
        for n in code.co_names:
            obj = f.__globals__.get(n)
            mod = obj.__name__ if isinstance(obj, types.ModuleType) else getattr(obj, "__module__", None)
            if isinstance(mod, str) and mod.startswith("sklearn"):
                found.append(n)
        todo += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    return found


def test_uses_module_is_the_copy_05_had():
    from helpers.testing import uses_module

    namespace = {}
    exec(  # noqa: S102 - student-like code in a module namespace of its own
        "import numpy as np\n"
        "import sklearn.metrics as skm\n"
        "from sklearn.metrics import f1_score\n"
        "from sklearn import metrics\n"
        "def with_module(y, p):\n    return skm.accuracy_score(y, p)\n"
        "def with_function(y, p):\n    return f1_score(y, p)\n"
        "def nested(y, p):\n    def inner():\n        return metrics.recall_score(y, p)\n    return inner()\n"
        "def clean(y, p):\n    return float(np.mean(np.asarray(y) == np.asarray(p)))\n"
        "def mentions_only(y, p):\n    'sklearn.metrics.accuracy_score'\n    accuracy_score = 1\n    return y\n"
        "class Metric:\n    def __call__(self, y, p):\n        return skm.precision_score(y, p)\n",
        namespace,
    )
    for name, want in [("with_module", ["skm"]), ("with_function", ["f1_score"]), ("nested", ["metrics"]),
                       ("clean", []), ("mentions_only", [])]:
        f = namespace[name]
        assert uses_module(f, "sklearn") == _sklearn_refs_as_05_had_it(f) == want, name
    assert uses_module(namespace["with_module"], "numpy") == []
    assert uses_module(namespace["clean"], "numpy") == ["np"]
    assert uses_module(namespace["Metric"], "sklearn") == ["skm"]  # a class: its methods


def test_testing_module_is_read_only_like_checks():
    import helpers.testing as ht

    original = ht.random_distribution
    with pytest.raises(AttributeError, match="helpers.testing.uses_module is read-only"):
        ht.uses_module = lambda *a, **k: []
    with pytest.raises(AttributeError, match="read-only"):
        del ht.random_distribution
    with pytest.raises(AttributeError, match="read-only"):
        ht.__class__ = type(np)
    ht.__dict__["random_distribution"] = None  # a write behind the module's back
    try:
        from helpers.testing import random_distribution

        assert random_distribution is original
    finally:
        ht.__dict__["random_distribution"] = original
    ht._scratch = 1  # private names stay writable
    del ht._scratch


def test_guard_makes_any_module_read_only():
    import sys
    import types

    from helpers import _guard

    mod = types.ModuleType("course_guard_example")
    mod.value = lambda: 1
    mod.other = 2
    sys.modules[mod.__name__] = mod
    try:
        _guard.read_only(mod.__name__, ["value"])
        with pytest.raises(AttributeError, match="course_guard_example.value is read-only"):
            mod.value = None
        mod.__dict__["value"] = None
        assert mod.value() == 1
        mod.other = 3
        assert mod.other == 3
    finally:
        del sys.modules[mod.__name__]


@pytest.mark.slow
def test_warnings_from_student_code_do_not_fail_validate(tmp_path):
    """JupyterLab's Validate button runs nbgrader's Validator: only the cell without the helpers fails."""
    from nbgrader.validator import Validator

    path = tmp_path / "99_warnings.ipynb"
    nbformat.write(_tiny_assignment("99_warnings"), str(path))
    result = Validator().validate(str(path))
    failed = result.get("failed", [])
    assert [cell["source"] for cell in failed] == ["assert precision(0, 0) == 0.0"]
    assert "RuntimeWarning: invalid value encountered" in failed[0]["error"]


def test_import_helpers_snapshots_the_libraries_before_any_answer():
    """The setup cell's `import helpers` is enough: a library patched afterwards (in an answer
    cell, before the first test cell imports helpers.checks) is put back for the test cells."""
    import subprocess
    import sys

    code = (
        "import helpers, torch\n"
        "original = torch.sigmoid\n"
        "torch.sigmoid = lambda x: x  # an answer cell's patch\n"
        "from helpers.checks import restore_libraries\n"
        "restored = restore_libraries()\n"
        "assert torch.sigmoid is original, 'the patch survived'\n"
        "assert 'torch.sigmoid' in restored, restored\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
