# rloo_advantages and policy_loss against numpy references written from the formulas (float64), plus a
# finite-difference check of the gradient and the argument errors.
import numpy as np
import pytest

import reasoner_swift as rs


def rloo_reference(r, valid):
    out = np.zeros_like(r)
    for p in range(r.shape[0]):
        idx = [i for i in range(r.shape[1]) if valid[p, i]]
        if len(idx) < 2:
            continue
        for i in idx:
            out[p, i] = r[p, i] - np.mean([r[p, j] for j in idx if j != i])
    return out


def test_rloo_matches_reference():
    rng = np.random.default_rng(0)
    r = rng.normal(size=(5, 4))
    valid = rng.random((5, 4)) > 0.2
    np.testing.assert_allclose(rs.rloo_advantages(r, valid), rloo_reference(r, valid), atol=1e-12)
    np.testing.assert_allclose(rs.rloo_advantages(r), rloo_reference(r, np.ones_like(r, bool)), atol=1e-12)
    assert rs.rloo_advantages([[1, 0, 0, 1]]).round(6).tolist() == [[0.666667, -0.666667, -0.666667, 0.666667]]


def test_rloo_errors():
    with pytest.raises(ValueError, match="rewards"):
        rs.rloo_advantages([1.0, 2.0])
    with pytest.raises(rs.InvalidArgumentError, match="k"):
        rs.rloo_advantages([[1.0], [2.0]])
    with pytest.raises(rs.NumericalError, match=r"rewards\[1\]"):
        rs.rloo_advantages([[1.0, np.nan]])
    with pytest.raises(TypeError, match="rewards"):
        rs.rloo_advantages([["a", "b"]])


def policy_reference(z, y, adv, mask, tau, alpha, ref=None, lam=0.0):
    """Loss and gradient in float64, token-mean, k3 KL, from the formulas."""
    z = z.astype(np.float64) / tau
    zs = z - z.max(-1, keepdims=True)
    logp = zs - np.log(np.exp(zs).sum(-1, keepdims=True))
    p = np.exp(logp)
    B, T, V = z.shape
    n = mask.sum()
    loss, grad = 0.0, np.zeros_like(z)
    for b in range(B):
        for t in range(T):
            if not mask[b, t]:
                continue
            lp = logp[b, t, y[b, t]]
            H = -(p[b, t] * logp[b, t]).sum()
            term, dlp = -adv[b] * lp, -adv[b]
            if ref is not None:
                d = ref[b, t] - lp
                term += lam * (np.exp(d) - d - 1)
                dlp += lam * (1 - np.exp(d))
            loss += (term - alpha * H) / n
            onehot = np.zeros(V)
            onehot[y[b, t]] = 1
            g_lp = dlp * (onehot - p[b, t])                       # d lp / dz_tau
            g_H = -p[b, t] * (logp[b, t] + H)                     # dH / dz_tau
            grad[b, t] = (g_lp - alpha * g_H) / n / tau
    return loss, grad


def test_policy_loss_matches_reference():
    rng = np.random.default_rng(1)
    B, T, V = 2, 5, 11
    logits = rng.normal(size=(B, T, V)).astype(np.float32)
    y = rng.integers(0, V, size=(B, T))
    adv = np.array([0.7, -1.2])
    mask = np.array([[0, 1, 1, 1, 0], [0, 0, 1, 1, 1]], dtype=bool)
    ref = rng.normal(size=(B, T)).astype(np.float32) - 2
    before = logits.copy()
    loss, grad, stats = rs.policy_loss(logits, y, adv, mask, temperature=1.2, entropy_coef=0.01,
                                       ref_logprobs=ref, kl_coef=0.1, return_stats=True)
    np.testing.assert_array_equal(logits, before)  # read only
    want_loss, want_grad = policy_reference(logits, y, adv, mask, 1.2, 0.01, ref, 0.1)
    assert abs(loss - want_loss) < 1e-5, f"loss {loss} vs reference {want_loss}"
    diff = np.abs(grad - want_grad).max()
    assert diff < 1e-6, f"max |grad - reference| = {diff}"
    assert np.all(stats["entropy"][~mask] == 0) and np.all(stats["logprobs"][mask] < 0)
    # In place: the gradient overwrites the logits buffer.
    work = logits.copy()
    loss2, g2 = rs.policy_loss(work, y, adv, mask, temperature=1.2, entropy_coef=0.01, ref_logprobs=ref,
                               kl_coef=0.1, out=work)
    assert g2 is work and loss2 == loss and np.array_equal(work, grad)


def test_policy_loss_finite_differences():
    rng = np.random.default_rng(2)
    logits = rng.normal(size=(1, 3, 6)).astype(np.float32)
    y, adv, mask = np.array([[1, 2, 3]]), np.array([0.5]), np.array([[1, 1, 0]])
    _, grad = rs.policy_loss(logits, y, adv, mask, entropy_coef=0.05)
    eps = 1e-2
    for idx in [(0, 0, 1), (0, 1, 4), (0, 2, 0)]:
        up, down = logits.copy(), logits.copy()
        up[idx] += eps
        down[idx] -= eps
        fd = (rs.policy_loss(up, y, adv, mask, entropy_coef=0.05)[0] - rs.policy_loss(down, y, adv, mask, entropy_coef=0.05)[0]) / (2 * eps)
        assert abs(fd - grad[idx]) < 1e-4, f"{idx}: finite difference {fd} vs {grad[idx]}"


def test_policy_loss_argument_errors():
    logits = np.zeros((1, 2, 3), dtype=np.float32)
    with pytest.raises(TypeError, match="'logits'.*float32"):
        rs.policy_loss(logits.astype(np.float64), [[0, 1]], [1.0], [[1, 1]])
    with pytest.raises(ValueError, match="logits"):
        rs.policy_loss(np.zeros((2, 3), dtype=np.float32), [[0, 1]], [1.0], [[1, 1]])
    with pytest.raises(ValueError, match="targets"):
        rs.policy_loss(logits, [[0, 1, 2]], [1.0], [[1, 1]])
    with pytest.raises(ValueError, match="advantages"):
        rs.policy_loss(logits, [[0, 1]], [1.0, 2.0, 3.0], [[1, 1]])
    with pytest.raises(ValueError, match="C-contiguous"):
        rs.policy_loss(np.zeros((1, 2, 6), dtype=np.float32)[:, :, ::2], [[0, 1]], [1.0], [[1, 1]])
    with pytest.raises(rs.InvalidArgumentError, match="targets"):
        rs.policy_loss(logits, [[0, 7]], [1.0], [[1, 1]])
    with pytest.raises(rs.InvalidArgumentError, match="ref_logprobs"):
        rs.policy_loss(logits, [[0, 1]], [1.0], [[1, 1]], kl_coef=0.1)
