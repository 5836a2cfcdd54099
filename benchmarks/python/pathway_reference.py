#!/usr/bin/env python3
"""PyTorch CPU reference for the binary-MNIST pathway step (Fernando et al. 2017, Sec. 3.1).

Measured in the same run as PathNet-TS, on the same machine, by `npm run bench`:
  single  one pathway training step: B inputs of D floats through L dense layers, N active
          modules of U ReLU units per layer (outputs summed), a task readout to C classes,
          softmax cross-entropy, plain SGD on the active modules and the readout only
          (inactive modules get no gradient).
  pop     P pathways trained in one batched step, each on its own minibatch, sharing one
          module grid (gradients of pathways that share a module add up), one readout each.
  peak    float32 GEMM throughput (GFLOP/s) of a 1024 x 1024 matmul: the practical compute
          ceiling of this CPU at the thread count.
Prints one JSON object per line: {"case", "threads", "steps_per_s" | "gflops", "torch", ...}.

Setup: benchmarks/python/setup-reference.sh (or `npm run bench -- --setup-reference`).
Usage: pathway_reference.py [--threads 1] [--seconds 3] [--cases single,pop,peak]
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
ap.add_argument("--seconds", type=float, default=3.0, help="time per case")
ap.add_argument("--cases", default="single,pop,peak")
ap.add_argument("--L", type=int, default=3, help="layers")
ap.add_argument("--M", type=int, default=10, help="modules per layer")
ap.add_argument("--N", type=int, default=3, help="active modules per layer")
ap.add_argument("--U", type=int, default=20, help="units per module")
ap.add_argument("--B", type=int, default=16, help="minibatch")
ap.add_argument("--P", type=int, default=64, help="pathways of the pop case")
ap.add_argument("--D", type=int, default=784, help="input size")
ap.add_argument("--C", type=int, default=2, help="classes")
ap.add_argument("--lr", type=float, default=0.05)
args = ap.parse_args()
torch.set_num_threads(args.threads)
gen = torch.Generator().manual_seed(0)


def module_grid():
    """Weights [M, in, U] and biases [M, U] of every layer."""
    weights = [
        torch.randn(args.M, args.D if layer == 0 else args.U, args.U, generator=gen)
        .mul_(0.05)
        .requires_grad_()
        for layer in range(args.L)
    ]
    biases = [torch.zeros(args.M, args.U, requires_grad=True) for _ in range(args.L)]
    return weights, biases


def active_modules():
    """N distinct module indices of one layer."""
    return torch.randperm(args.M, generator=gen)[: args.N]


def sgd(params, grads):
    with torch.no_grad():
        for p, g in zip(params, grads):
            if g is not None:
                p.sub_(args.lr * g)


def steps_per_second(step):
    """Rate of `step(i)` over `--seconds`, after 10 warm-up steps."""
    for i in range(10):
        step(i)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        step(n)
        n += 1
    return n / (time.perf_counter() - t0)


def case_single():
    weights, biases = module_grid()
    readout_w = torch.randn(args.U, args.C, generator=gen).mul_(0.1).requires_grad_()
    readout_b = torch.zeros(args.C, requires_grad=True)
    genes = [active_modules() for _ in range(args.L)]
    xs = [torch.rand(args.B, args.D, generator=gen) for _ in range(8)]
    ys = [torch.randint(0, args.C, (args.B,), generator=gen) for _ in range(8)]
    params = weights + biases + [readout_w, readout_b]

    def step(i):
        h = xs[i % 8]
        for layer, idx in enumerate(genes):
            z = torch.einsum("bi,kio->bko", h, weights[layer][idx]) + biases[layer][idx]
            h = torch.relu(z).sum(1)
        loss = F.cross_entropy(h @ readout_w + readout_b, ys[i % 8])
        sgd(params, torch.autograd.grad(loss, params, allow_unused=True))

    return {"case": "single", "threads": args.threads, "steps_per_s": steps_per_second(step)}


def case_pop():
    weights, biases = module_grid()
    readout_w = torch.randn(args.P, args.U, args.C, generator=gen).mul_(0.1).requires_grad_()
    readout_b = torch.zeros(args.P, 1, args.C, requires_grad=True)
    genes = [torch.stack([active_modules() for _ in range(args.P)]) for _ in range(args.L)]
    xs = [torch.rand(args.P, args.B, args.D, generator=gen) for _ in range(4)]
    ys = [torch.randint(0, args.C, (args.P * args.B,), generator=gen) for _ in range(4)]
    params = weights + biases + [readout_w, readout_b]

    def step(i):
        h = xs[i % 4]
        for layer, idx in enumerate(genes):
            z = torch.einsum("pbi,pkio->pbko", h, weights[layer][idx])
            h = torch.relu(z + biases[layer][idx].unsqueeze(1)).sum(2)
        logits = (torch.bmm(h, readout_w) + readout_b).reshape(args.P * args.B, args.C)
        loss = F.cross_entropy(logits, ys[i % 4], reduction="sum") / args.B
        sgd(params, torch.autograd.grad(loss, params))

    rate = steps_per_second(step)
    return {"case": "pop", "threads": args.threads, "pathways": args.P, "steps_per_s": rate}


def case_peak():
    n = 1024
    x = torch.rand(n, n, generator=gen)
    y = torch.rand(n, n, generator=gen)
    for _ in range(3):
        x @ y
    k, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        x @ y
        k += 1
    elapsed = time.perf_counter() - t0
    return {"case": "peak", "threads": args.threads, "gflops": 2 * n**3 * k / elapsed / 1e9}


CASES = {"single": case_single, "pop": case_pop, "peak": case_peak}
for name in args.cases.split(","):
    result = CASES[name]()
    result["torch"] = torch.__version__
    print(json.dumps(result), flush=True)
