#!/usr/bin/env python3
"""PyTorch CPU reference for the PathNet Atari pathway step (Fernando et al. 2017, Sec. 3.3).

One training step of one pathway through the paper's Atari grid: input B x 84 x 84 x 4
frames; layers 1-3 conv, 8 filters per module (8x8 stride 4, 4x4 stride 2, 3x3 stride 1,
valid padding), layer 4 dense 50 units; M modules per layer, N active, ReLU, outputs of the
active modules summed; a readout to A actions with softmax cross-entropy (a stand-in for the
A3C loss); global-norm gradient clipping at 40; RMSProp (decay 0.99, eps 0.1) on the grid
and the readout. The active modules' parameters are gathered from the grid every step, as a
pathway indexes the grid, and their gradients flow back into it.

Prints one JSON object per line: {"case": "atari", "threads", "steps_per_s", "gflops", "torch"}.
Usage: atari_reference.py [--threads 1] [--seconds 3] [--B 20] [--N 4] [--M 10] [--A 6]
"""
import argparse, json, time
import torch
import torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--seconds", type=float, default=3.0)
ap.add_argument("--windows", type=int, default=3)
ap.add_argument("--B", type=int, default=20)
ap.add_argument("--M", type=int, default=10)
ap.add_argument("--N", type=int, default=4)
ap.add_argument("--A", type=int, default=6)
a = ap.parse_args()
torch.set_num_threads(a.threads)
g = torch.Generator().manual_seed(0)

CONV = [(4, 8, 8, 4), (8, 8, 4, 2), (8, 8, 3, 1)]  # (in channels, filters, kernel, stride)
DENSE_IN, UNITS = 7 * 7 * 8, 50

# Grid parameters, module-major: conv W [M, filters, in, k, k], b [M, filters]; dense W [M, in, units].
Wc = [torch.randn(a.M, f, c, k, k, generator=g).mul_(0.05).requires_grad_() for c, f, k, _ in CONV]
bc = [torch.zeros(a.M, f, requires_grad=True) for _, f, _, _ in CONV]
Wd = torch.randn(a.M, DENSE_IN, UNITS, generator=g).mul_(0.05).requires_grad_()
bd = torch.zeros(a.M, UNITS, requires_grad=True)
Wr = torch.randn(UNITS, a.A, generator=g).mul_(0.1).requires_grad_()
br = torch.zeros(a.A, requires_grad=True)
params = Wc + bc + [Wd, bd, Wr, br]
opt = torch.optim.RMSprop(params, lr=7e-4, alpha=0.99, eps=0.1)
genes = [torch.randperm(a.M, generator=g)[: a.N] for _ in range(4)]
xs = [torch.rand(a.B, 4, 84, 84, generator=g) for _ in range(4)]  # NCHW, PyTorch's native layout
ys = [torch.randint(0, a.A, (a.B,), generator=g) for _ in range(4)]


def step(i):
    h = xs[i % 4]
    for l, (c, f, k, s) in enumerate(CONV):
        idx = genes[l]
        w = Wc[l][idx].reshape(a.N * f, c, k, k)  # the N modules as one conv of N*f filters
        z = torch.relu(F.conv2d(h, w, bc[l][idx].reshape(-1), stride=s))
        h = z.reshape(a.B, a.N, f, z.shape[2], z.shape[3]).sum(1)
    h = h.permute(0, 2, 3, 1).reshape(a.B, DENSE_IN)  # NHWC flatten, as the TypeScript grid
    idx = genes[3]
    h = torch.relu(torch.einsum("bi,kio->bko", h, Wd[idx]) + bd[idx]).sum(1)
    loss = F.cross_entropy(h @ Wr + br, ys[i % 4])
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 40.0)
    opt.step()


def flops():
    """Multiply-adds x 2 of forward, weight gradient and input gradient (none for the frames)."""
    total, hw = 0, 84
    for l, (c, f, k, s) in enumerate(CONV):
        hw = (hw - k) // s + 1
        fwd = 2 * a.B * hw * hw * (k * k * c) * (f * a.N)
        total += fwd * (2 if l == 0 else 3)
    total += 3 * 2 * a.B * DENSE_IN * UNITS * a.N + 3 * 2 * a.B * UNITS * a.A
    return total


for i in range(10):
    step(i)
best, n = 0.0, 0
for _ in range(a.windows):
    k, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < a.seconds / a.windows:
        step(n); n += 1; k += 1
    best = max(best, k / (time.perf_counter() - t0))
print(json.dumps({"case": "atari", "threads": a.threads, "steps_per_s": best,
                  "gflops": best * flops() / 1e9, "flops_per_step": flops(), "torch": torch.__version__}))
