#!/usr/bin/env python3
"""PyTorch CPU reference of plain A3C (Mnih et al. 2016) on CartPole-v1 or ALE Pong, the same
algorithm as `@pathnet/rl`'s `trainA3C` with `evolve: false`, for frames/s and frames-to-solve ratios.

Same network: 2 layers, each the sum of 2 dense modules of 32 units (a fixed PathNet pathway),
ReLU, one linear readout of actions + 1 outputs (policy logits and value). With `--env pong`: the
paper's Atari pathway (Sec. 3.3, `presets.atari()` with N = 4 active modules per layer): 3 conv
layers, each the sum of 4 modules of 8 filters (kernel 8/4/3, stride 4/2/1, valid), then the sum
of 4 dense modules of 50 units, ReLU; the environment is ale-py's Pong driven directly as the ALE
bridge and wrappers of `@pathnet/envs` do: minimal action set, sticky actions 0.25, 4 emulator
frames per step (rewards summed), grayscale screen resized by area averaging to 84x84, rewards
clipped to their sign, 4 stacked frames (refilled with the first frame at reset), scaled to [0, 1].
One frame is one agent step (4 emulator frames on Pong), as `@pathnet/rl` counts them. Same loss, summed over
the rollout: -log pi(a|s) A + 0.5 * 0.5 (R - V)^2 - 0.01 H; t_max 20, gamma 0.99, n-step returns
bootstrapped with 0 after `terminated` and V(s') after `truncated` or a cut rollout; global
gradient-norm clip 40; RMSProp as in A3C (decay 0.99, eps 0.1 inside the square root) with its
statistics in shared memory; learning rate annealed linearly to 0 over the frame budget. Logical
workers (each its own gymnasium env and rollout) run in turn inside each of `--processes`
torch.multiprocessing processes, hogwild on the shared model, as our threads do.

Prints one JSON object per seed: {"seed", "solved_at", "frames", "seconds", "frames_per_s"}.
With `--no-solve` it only runs the frame budget (for frames/s).
Weights are initialised as `@pathnet/core` does (Glorot uniform, zero biases; `--init torch` keeps
PyTorch's defaults).
Usage: a3c_reference.py [--env cartpole|pong] [--init glorot|torch] [--no-solve] [--seeds 5] [--workers 8] [--processes 1] [--max-frames 3000000] [--lr 1e-3]
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
ap.add_argument("--env", choices=["cartpole", "pong"], default="cartpole")
ap.add_argument("--no-solve", action="store_true", help="run the whole budget, never stop early")
ap.add_argument("--init", choices=["glorot", "torch"], default="glorot",
                help="glorot: Glorot-uniform weights and zero biases, as @pathnet/core; torch: PyTorch's default")
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


class ConvNet(torch.nn.Module):
    """The paper's Atari pathway: 3 conv layers and 1 dense layer, each the sum of 4 modules."""

    def __init__(self, actions, modules=4):
        super().__init__()
        conv = lambda cin, k, s: torch.nn.ModuleList(torch.nn.Conv2d(cin, 8, k, s) for _ in range(modules))
        self.convs = torch.nn.ModuleList([conv(4, 8, 4), conv(8, 4, 2), conv(8, 3, 1)])
        self.dense = torch.nn.ModuleList(torch.nn.Linear(8 * 7 * 7, 50) for _ in range(modules))
        self.readout = torch.nn.Linear(50, actions + 1)

    def forward(self, x):
        h = x
        for layer in self.convs:
            h = F.relu(sum(m(h) for m in layer))
        h = h.flatten(1)
        h = F.relu(sum(m(h) for m in self.dense))
        return self.readout(h)


def area_matrix(n, m):
    """`m x n` weights of area resampling from n cells to m (OpenCV INTER_AREA, as GrayscaleResize)."""
    w = np.zeros((m, n), dtype=np.float32)
    scale = n / m
    for j in range(m):
        a, b = j * scale, (j + 1) * scale
        for s in range(int(np.floor(a)), min(n, int(np.ceil(b)))):
            w[j, s] = max(0.0, min(b, s + 1) - max(a, s)) / scale
    return w


class PongEnv:
    """ale-py Pong with the A3C preprocessing of `@pathnet/envs` (see the module docstring)."""

    def __init__(self):
        from ale_py import ALEInterface, roms
        self.ale = ALEInterface()
        self.ale.setFloat("repeat_action_probability", 0.25)
        self.ale.setInt("max_num_frames_per_episode", 108_000)
        self.rom = roms.get_rom_path("pong")
        self.ale.loadROM(self.rom)
        self.actions = list(self.ale.getMinimalActionSet())
        h, w = self.ale.getScreenDims()
        self.screen = np.zeros((h, w), dtype=np.uint8)
        self.rows, self.cols = area_matrix(h, 84), area_matrix(w, 84).T
        self.stack = np.zeros((4, 84, 84), dtype=np.float32)

    def frame(self):
        self.ale.getScreenGrayscale(self.screen)
        return np.floor(self.rows @ self.screen.astype(np.float32) @ self.cols + 0.5) / 255.0

    def reset(self, seed=None):
        if seed is not None:
            self.ale.setInt("random_seed", seed & 0x7FFFFFFF)
            self.ale.loadROM(self.rom)
        self.ale.reset_game()
        self.stack[:] = self.frame()
        return self.stack.copy(), {}

    def step(self, action):
        reward = 0.0
        for _ in range(4):
            reward += self.ale.act(self.actions[action])
            if self.ale.game_over():
                break
        self.stack[:-1] = self.stack[1:]
        self.stack[-1] = self.frame()
        return self.stack.copy(), float(np.sign(reward)), self.ale.game_over(with_truncation=False), self.ale.game_truncated(), {}


def make_env():
    return PongEnv() if a.env == "pong" else gym.make("CartPole-v1")


def make_net():
    net = ConvNet(6) if a.env == "pong" else Net(4, 2)
    if a.init == "glorot":
        for m in net.modules():
            if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d)):
                torch.nn.init.xavier_uniform_(m.weight)
                torch.nn.init.zeros_(m.bias)
    return net


def worker_process(rank, model, square_avg, counters, lock, seed, ep_frames, ep_returns):
    torch.set_num_threads(1)
    torch.manual_seed(seed * 1000 + rank)
    rng = np.random.default_rng(seed * 1000 + rank)
    mine = list(range(rank, a.workers, a.processes))
    envs = {w: make_env() for w in mine}
    obs = {w: envs[w].reset(seed=seed * 1000 + w)[0] for w in mine}
    ep_ret = {w: 0.0 for w in mine}
    params = list(model.parameters())
    A = model.readout.out_features - 1
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
    model = make_net()
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
            if not a.no_solve and float(ep_returns[checked - WINDOW:checked].mean()) >= SOLVED:
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
