"""Unit tests of the 04 optimizer harness in helpers.testing (optimizer_trajectory, check_optimizer)."""

from __future__ import annotations

import pytest
import torch

import helpers.testing as testing
from helpers.checks import CheckError, ForbiddenError
from helpers.testing import (
    OPTIMIZERS_BLOCKED,
    check_against_torch,
    check_optimizer,
    optimizer_trajectory,
    short_hp,
    uniform,
)


class _SGD(torch.optim.Optimizer):
    """A correct plain gradient step, as a student would write it."""

    def __init__(self, params, lr):
        super().__init__(params, {"lr": lr})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    p.add_(p.grad, alpha=-group["lr"])


class _Momentum(torch.optim.Optimizer):
    def __init__(self, params, lr, momentum=0.9, shared_state=False):
        super().__init__(params, {"lr": lr, "momentum": momentum})
        self.shared_state = shared_state
        self.velocity = {}

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                store = self.velocity if self.shared_state else self.state[p]
                key = p if self.shared_state else "v"
                v = store.setdefault(key, torch.zeros_like(p))
                v.mul_(group["momentum"]).add_(p.grad)
                p.add_(v, alpha=-group["lr"])


def _sgd_rule(p, grad, state, hp):
    p -= hp["lr"] * grad


def _momentum_rule(p, grad, state, hp):
    v = state.setdefault("v", torch.zeros_like(p))
    v.mul_(hp["momentum"]).add_(grad)
    p -= hp["lr"] * v


HP, GROUP_HP = {"lr": 0.05}, {"lr": 0.02}


def test_trajectory_repeats_for_a_seed_and_differs_across_seeds():
    a = optimizer_trajectory(lambda gs: _SGD(gs, lr=0.05), HP, GROUP_HP, torch.float64, 7, steps=20)[0]
    b = optimizer_trajectory(lambda gs: _SGD(gs, lr=0.05), HP, GROUP_HP, torch.float64, 7, steps=20)[0]
    c = optimizer_trajectory(lambda gs: _SGD(gs, lr=0.05), HP, GROUP_HP, torch.float64, 8, steps=20)[0]
    assert a.shape == (20, 12 + 5 + 4 + 3)
    assert torch.equal(a, b)
    assert not torch.equal(a, c)


def test_trajectory_of_the_rule_matches_the_same_optimizer_with_groups():
    got, opt, ps, untouched = optimizer_trajectory(lambda gs: _SGD(gs, lr=HP["lr"]), HP, GROUP_HP, torch.float64, 3)
    want = optimizer_trajectory(None, HP, GROUP_HP, torch.float64, 3, update=_sgd_rule)[0]
    torch.testing.assert_close(got, want, rtol=1e-12, atol=1e-12)
    assert isinstance(opt, _SGD) and len(ps) == 4 and untouched
    assert opt.param_groups[0]["lr"] == GROUP_HP["lr"] and opt.param_groups[1]["lr"] == HP["lr"]


def test_third_parameter_gets_no_gradient_for_40_steps():
    class Touchy(_SGD):
        @torch.no_grad()
        def step(self, closure=None):
            for group in self.param_groups:
                for p in group["params"]:
                    p.sub_(1e-3 if p.grad is None else group["lr"] * p.grad)

    untouched = optimizer_trajectory(lambda gs: Touchy(gs, lr=0.05), HP, GROUP_HP, torch.float64, 1, steps=41)[3]
    assert untouched is False


def test_blocked_optimizers_raise_inside_and_not_outside():
    class Wrapper(torch.optim.Optimizer):
        def __init__(self, params, lr):
            super().__init__(params, {"lr": lr})
            self.inner = torch.optim.SGD(self.param_groups[0]["params"], lr=lr)

        def step(self, closure=None):
            self.inner.step()

    with pytest.raises(ForbiddenError):
        optimizer_trajectory(lambda gs: Wrapper(gs, lr=0.05), HP, GROUP_HP, torch.float64, 1, steps=2)
    # police=False runs the reference torch.optim optimizer itself
    optimizer_trajectory(lambda gs: torch.optim.SGD(gs, lr=0.05), HP, GROUP_HP, torch.float64, 1, steps=2, police=False)
    assert "torch.optim.SGD" in OPTIMIZERS_BLOCKED and "torch.optim.Adam" in OPTIMIZERS_BLOCKED


def test_check_optimizer_passes_a_correct_optimizer():
    check_optimizer("SGD", lambda gs: _SGD(gs, lr=HP["lr"]), _sgd_rule, HP, GROUP_HP, n_state=0, seed=5,
                    hint="p - lr * grad", make_torch=lambda gs: torch.optim.SGD(gs, lr=HP["lr"]))
    hp = {"lr": 0.01, "momentum": 0.8}
    check_optimizer("Momentum", lambda gs: _Momentum(gs, **hp), _momentum_rule, hp, {"lr": 0.02, "momentum": 0.6},
                    n_state=1, seed=6, hint="v", make_torch=lambda gs: torch.optim.SGD(gs, **hp))


@pytest.mark.parametrize("case", ["wrong rule", "ignores groups", "state outside", "not an optimizer", "touches none"])
def test_check_optimizer_fails_wrong_optimizers(case):
    hp, group_hp = {"lr": 0.01, "momentum": 0.8}, {"lr": 0.02, "momentum": 0.6}
    make = {
        "wrong rule": lambda gs: _SGD(gs, lr=hp["lr"]),
        "ignores groups": lambda gs: _Momentum([p for g in gs for p in g["params"]], **hp),
        "state outside": lambda gs: _Momentum(gs, shared_state=True, **hp),
        "not an optimizer": lambda gs: object(),
    }.get(case)
    if case == "touches none":
        class Touchy(_Momentum):
            @torch.no_grad()
            def step(self, closure=None):
                for group in self.param_groups:
                    for p in group["params"]:
                        if p.grad is None:
                            p.sub_(1e-3)  # moves a parameter that took no part in the loss
                super().step()

        make = lambda gs: Touchy(gs, **hp)  # noqa: E731
    with pytest.raises((CheckError, AttributeError)) as info:
        check_optimizer("Momentum", make, _momentum_rule, hp, group_hp, n_state=1, seed=9, hint="the hint")
    if case != "not an optimizer":
        assert "Momentum" in str(info.value)


def test_check_optimizer_message_names_the_settings_and_the_hint():
    with pytest.raises(CheckError) as info:
        check_optimizer("SGD", lambda gs: _SGD(gs, lr=0.5 * HP["lr"]), _sgd_rule, HP, GROUP_HP, n_state=0, seed=2,
                        hint="use group['lr']")
    text = str(info.value)
    assert "over 200 steps" in text and "{'lr': 0.05}" in text and "use group['lr']" in text


def test_short_hp_and_uniform():
    assert short_hp({"lr": 0.0123456, "eps": 1e-8, "betas": (0.91234567, 0.99912345)}) == {
        "lr": 0.0123, "eps": 1e-8, "betas": (0.9123, 0.9991)}
    g = torch.Generator().manual_seed(0)
    values = [uniform(g, 0.5, 0.95) for _ in range(200)]
    assert all(0.5 <= v < 0.95 for v in values) and max(values) - min(values) > 0.3
    assert isinstance(values[0], float)


@pytest.mark.parametrize("name", ["check_optimizer", "optimizer_trajectory", "OPTIMIZERS_BLOCKED", "uniform"])
def test_harness_names_are_read_only(name):
    original = getattr(testing, name)
    with pytest.raises(AttributeError):
        setattr(testing, name, lambda *a, **k: None)
    assert getattr(testing, name) is original


def test_check_against_torch_passes_a_correct_optimizer_and_fails_a_wrong_one():
    hp = {"lr": 0.01, "momentum": 0.9}
    group_hp = {"lr": 0.02, "momentum": 0.7}
    check_against_torch("Momentum", lambda gs: _Momentum(gs, **hp), lambda gs: torch.optim.SGD(gs, **hp), group_hp)
    with pytest.raises(CheckError, match="Momentum against its torch.optim counterpart"):
        check_against_torch("Momentum", lambda gs: _Momentum(gs, lr=0.01, momentum=0.8),
                            lambda gs: torch.optim.SGD(gs, **hp), group_hp)


def test_check_against_torch_sees_a_late_parameter_and_tiny_gradients():
    class GlobalStepAdam(torch.optim.Optimizer):
        """Adam with one step count for all parameters (wrong for the late one)."""

        def __init__(self, params, lr):
            super().__init__(params, {"lr": lr, "betas": (0.9, 0.999), "eps": 1e-8})
            self.t = 0

        @torch.no_grad()
        def step(self, closure=None):
            self.t += 1
            for group in self.param_groups:
                b1, b2 = group["betas"]
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    st = self.state[p]
                    m = st.setdefault("m", torch.zeros_like(p)).mul_(b1).add_(p.grad, alpha=1 - b1)
                    v = st.setdefault("v", torch.zeros_like(p)).mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                    p.sub_(group["lr"] * (m / (1 - b1**self.t)) / ((v / (1 - b2**self.t)).sqrt() + group["eps"]))

    with pytest.raises(CheckError, match=r"worst at index \((4\d|5\d), (17|18|19|20)\)"):
        check_against_torch("Adam", lambda gs: GlobalStepAdam(gs, lr=0.05), lambda gs: torch.optim.Adam(gs, lr=0.05),
                            {"lr": 0.02})


def test_check_against_torch_wants_the_state_in_self_state():
    hp = {"lr": 0.01, "momentum": 0.9}
    with pytest.raises(CheckError, match=r"self.state\[p\]"):
        check_against_torch("Momentum", lambda gs: _Momentum(gs, shared_state=True, **hp),
                            lambda gs: torch.optim.SGD(gs, **hp), {"lr": 0.02}, n_state=1)
