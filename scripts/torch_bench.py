#!/usr/bin/env python3
"""torch_bench.py — the PyTorch figures README's performance table compares with.

The same task as steplab's (docs/task.md: logistic mask, N positions, t0 = 10,
t* = 40.5, x = 1, float32, plain SGD) in PyTorch eager on the CPU, timed the way
`steplab bench --engine` times it:

  torch_step_us_n64, torch_step_us_n1000000   one training step (forward, backward,
                                               SGD update) through torch.optim, best of 5;
  torch_sweep_128x128x300_n64_s                the 128 x 128 (k, lr) sweep of 300 steps,
                                               every cell batched into one tensor (one
                                               autograd graph per step), best of 3.

Prints key=value lines, as steplab's benchmarks do. Needs torch (any 1.x or 2.x);
steplab never needs it. Usage: python3 scripts/torch_bench.py [--threads N]
"""
import argparse
import time

import torch


def step_us(n, iters):
    pos = torch.arange(n, dtype=torch.float32)
    ystar = (pos < 40.5).float()
    t = torch.tensor(10.0, requires_grad=True)
    opt = torch.optim.SGD([t], lr=10.0)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(iters):
            opt.zero_grad()
            loss = ((torch.sigmoid(1.0 * (t - pos)) - ystar) ** 2).mean()
            loss.backward()
            opt.step()
        best = min(best, (time.perf_counter() - start) / iters * 1e6)
    return best


def sweep_s(cells=128, steps=300, n=64):
    pos = torch.arange(n, dtype=torch.float32)
    ystar = (pos < 40.5).float()
    k = torch.logspace(torch.log10(torch.tensor(0.25)), torch.log10(torch.tensor(64.0)), cells)
    lr = torch.logspace(-1.0, 2.0, cells)
    kk, ll = torch.meshgrid(k, lr, indexing="ij")
    kk, ll = kk.reshape(-1, 1), ll.reshape(-1)
    best = float("inf")
    for _ in range(3):
        t = torch.full((cells * cells,), 10.0, requires_grad=True)
        start = time.perf_counter()
        for _ in range(steps):
            m = torch.sigmoid(kk * (t.unsqueeze(1) - pos))
            loss = ((m - ystar) ** 2).mean(dim=1)
            (g,) = torch.autograd.grad(loss.sum(), t)
            with torch.no_grad():
                t -= ll * g
        best = min(best, time.perf_counter() - start)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default 1)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch_version={torch.__version__}")
    print(f"torch_threads={torch.get_num_threads()}")
    print(f"torch_step_us_n64={step_us(64, 2000):.1f}")
    print(f"torch_step_us_n1000000={step_us(1000000, 5):.1f}")
    print(f"torch_sweep_128x128x300_n64_s={sweep_s():.3f}")


if __name__ == "__main__":
    main()
