#!/usr/bin/env python3
"""PyTorch CPU reference of plain A3C on CartPole-v1 (Mnih et al. 2016), the same algorithm as
`@pathnet/rl`'s `trainA3C` with `evolve: false`, for frames/s and frames-to-solve ratios.

Same network: 2 layers, each the sum of 2 dense modules of 32 units (a fixed PathNet pathway),
ReLU, one linear readout of actions + 1 outputs (policy logits and value). Same loss, summed over
the rollout: -log pi(a|s) A + 0.5 * 0.5 (R - V)^2 - 0.01 H; t_max 20, gamma 0.99, n-step returns
bootstrapped with 0 after `terminated` and V(s') after `truncated` or a cut rollout; global
gradient-norm clip 40; RMSProp as in A3C (decay 0.99, eps 0.1 inside the square root) with its
statistics in shared memory; learning rate annealed linearly to 0 over the frame budget. Logical
workers (each its own gymnasium env and rollout) run in turn inside each of `--processes`
torch.multiprocessing processes, hogwild on the shared model, as our threads do.

Prints one JSON object per seed: {"seed", "solved_at", "frames", "seconds", "frames_per_s"}.
Usage: a3c_reference.py [--seeds 5] [--workers 8] [--processes 1] [--max-frames 3000000] [--lr 1e-3]
"""
import argparse, json, time
import gymnasium as gym
import numpy as np
import torch
import torch.multiprocessing as mp
import torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument("--seeds", type=int, default=5)
ap.add_argument("--workers", type=int, default=8)
ap.add_argument("--processes", type=int, default=1)
ap.add_argument("--max-frames", type=int, default=3_000_000)
ap.add_argument("--lr", type=float, default=1e-3)
a = ap.parse_args()
T_MAX, GAMMA, VALUE_COEF, BETA, CLIP, DECAY, EPS = 20, 0.99, 0.5, 0.01, 40.0, 0.99, 0.1
SOLVED, WINDOW = 475.0, 100


class Net(torch.nn.Module):
    def __init__(self, inputs, actions, units=32, modules=2):
        super().__init__()
        self.l1 = torch.nn.ModuleList(torch.nn.Linear(inputs, units) for _ in range(modules))
        self.l2 = torch.nn.ModuleList(torch.nn.Linear(units, units) for _ in range(modules))
        self.readout = torch.nn.Linear(units, actions + 1)

    def forward(self, x):
        h = F.relu(sum(m(x) for m in self.l1))
        h = F.relu(sum(m(h) for m in self.l2))
        return self.readout(h)


def worker_process(rank, model, square_avg, counters, lock, seed, ep_frames, ep_returns):
    torch.set_num_threads(1)
    torch.manual_seed(seed * 1000 + rank)
    rng = np.random.default_rng(seed * 1000 + rank)
    mine = list(range(rank, a.workers, a.processes))
    envs = {w: gym.make("CartPole-v1") for w in mine}
    obs = {w: envs[w].reset(seed=seed * 1000 + w)[0] for w in mine}
    ep_ret = {w: 0.0 for w in mine}
    params = list(model.parameters())
    A = 2
    while counters[0] < a.max_frames and counters[2] == 0:
        for w in mine:
            xs, acts, rews = [], [], []
            end = "continuing"
            for _ in range(T_MAX):
                x = torch.from_numpy(np.asarray(obs[w], dtype=np.float32))
                with torch.no_grad():
                    out = model(x[None])[0]
                p = torch.softmax(out[:A], 0).numpy()
                act = int(rng.choice(A, p=p / p.sum()))
                o2, r, term, trunc, _ = envs[w].step(act)
                xs.append(x); acts.append(act); rews.append(float(r)); ep_ret[w] += r
                obs[w] = o2
                if term or trunc:
                    end = "terminated" if term else "truncated"
                    break
            n = len(rews)
            rows = xs + ([] if end == "terminated" else [torch.from_numpy(np.asarray(obs[w], dtype=np.float32))])
            if end != "continuing":
                with lock:
                    k = int(counters[1])
                    if k < len(ep_frames):
                        ep_frames[k] = int(counters[0]) + n
                        ep_returns[k] = ep_ret[w]
                    counters[1] += 1
                ep_ret[w] = 0.0
                obs[w] = envs[w].reset()[0]
            with lock:
                counters[0] += n
                frame = int(counters[0])
            out = model(torch.stack(rows))
            logits, values = out[:n, :A], out[:, A]
            R = 0.0 if end == "terminated" else float(values[n].detach())
            returns = torch.empty(n)
            for t in reversed(range(n)):
                R = rews[t] + GAMMA * R
                returns[t] = R
            adv = (returns - values[:n]).detach()
            logp = F.log_softmax(logits, 1)
            ent = -(logp.exp() * logp).sum(1)
            loss = (-(logp[torch.arange(n), acts]) * adv).sum() + VALUE_COEF * 0.5 * ((returns - values[:n]) ** 2).sum() - BETA * ent.sum()
            model.zero_grad()
            loss.backward()
            grads = [q.grad for q in params]
            norm = torch.sqrt(sum((g * g).sum() for g in grads))
            scale = CLIP / max(float(norm), CLIP)
            lr = a.lr * max(1.0 - frame / a.max_frames, 1e-9)
            with torch.no_grad():
                for q, g, s in zip(params, grads, square_avg):
                    g = g * scale
                    s.mul_(DECAY).addcmul_(g, g, value=1 - DECAY)
                    q.addcdiv_(g, torch.sqrt(s + EPS), value=-lr)
            if counters[0] >= a.max_frames or counters[2] != 0:
                break


def run(seed):
    torch.manual_seed(seed)
    model = Net(4, 2)
    model.share_memory()
    square_avg = [torch.zeros_like(q).share_memory_() for q in model.parameters()]
    counters = torch.zeros(3, dtype=torch.int64).share_memory_()  # frames, episodes, stop
    ep_frames = torch.zeros(a.max_frames // 8 + 1, dtype=torch.int64).share_memory_()
    ep_returns = torch.zeros(a.max_frames // 8 + 1, dtype=torch.float64).share_memory_()
    lock = mp.Lock()
    t0 = time.perf_counter()
    procs = [
        mp.Process(target=worker_process, args=(r, model, square_avg, counters, lock, seed, ep_frames, ep_returns))
        for r in range(a.processes)
    ]
    for p in procs:
        p.start()
    solved_at, checked = None, WINDOW
    while any(p.is_alive() for p in procs):
        time.sleep(0.05)
        done = min(int(counters[1]), len(ep_frames))
        # Episodes are logged in order of their end under the lock: a sliding window over them.
        while solved_at is None and checked <= done:
            if float(ep_returns[checked - WINDOW:checked].mean()) >= SOLVED:
                solved_at = int(ep_frames[checked - 1])
                counters[2] = 1
            checked += 1
    for p in procs:
        p.join()
    seconds = time.perf_counter() - t0
    frames = int(counters[0])
    return {"seed": seed, "solved_at": solved_at, "frames": frames, "seconds": seconds, "frames_per_s": frames / seconds}


if __name__ == "__main__":
    mp.set_start_method("spawn")
    for seed in range(1, a.seeds + 1):
        print(json.dumps(run(seed)), flush=True)
