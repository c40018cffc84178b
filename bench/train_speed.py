"""Training speed on this machine, in the same process: seconds per optimizer step of the compact models of the
`cpu-default` and `gpu-default` presets (fastai `Learner`, the project's loss, Adam) on random crops, in float32
with weights in contiguous memory (as `wm-train` trained on a CPU before Session 13), with channels-last weights, and
as `wm-train` trains now (channels-last and `BFloat16` where the device computes it natively); and the loss's SSIM
term (forward and backward) on slices of the prediction and target as they are (as before Session 13) and
converted to channels-last memory (as `restore_loss` now computes it), and on one image of 1.5 MP (forward only, as
`ssim_metric` scores validation and `wm-eval` images); the step times use the loss as it is now.
Data loading is left out: random tensors stand in for the synthesised crops.

    python bench/train_speed.py [--steps 8] [--bs 16] [--size 192]

Each figure is the median of `--steps` steps after two warm-up steps."""
import argparse, statistics, time

import torch
from fastai.callback.core import Callback
from fastai.callback.progress import ProgressCallback
from fastai.data.core import DataLoaders
from fastai.data.load import DataLoader
from fastai.learner import Learner

from pytorch_msssim import ssim

from wm_nbdev.model import CompactRemover, restore_loss, ssim_of
from wm_nbdev.train import PRESETS, BFloat16, native_bf16


class StepTimes(Callback):
    "The wall-clock time of each training step"
    def before_fit(self): self.times = []
    def before_batch(self): self.t = time.perf_counter()
    def after_batch(self):
        if self.training: self.times.append(time.perf_counter() - self.t)


def step_seconds(chs, bs, size, steps, channels_last, bf16):
    g = torch.Generator().manual_seed(0)
    items = [(torch.rand(3, size, size, generator=g), torch.rand(4, size, size, generator=g)) for _ in range(bs)]
    data = items * (steps + 2)
    dls = DataLoaders(DataLoader(data, bs=bs, drop_last=True), DataLoader(items, bs=bs), device='cpu')
    model = CompactRemover(chs)
    if channels_last: model.to(memory_format=torch.channels_last)
    timer = StepTimes()
    learn = Learner(dls, model, loss_func=restore_loss, cbs=[timer] + ([BFloat16()] if bf16 else []))
    learn.remove_cb(ProgressCallback); learn.logger = lambda *a: None
    learn.fit(1, 1e-4)
    return statistics.median(timer.times[2:])


def ssim_seconds(bs, h, w, steps, channels_last, backward=True):
    "The SSIM term as `restore_loss` sees it: the first 3 of the model's 7 channels against the target's first 3 of 4"
    g = torch.Generator().manual_seed(0)
    pred, targ = torch.rand(bs, 7, h, w, generator=g), torch.rand(bs, 4, h, w, generator=g)
    measure = ssim_of if channels_last else (lambda a, b, **kw: ssim(a, b, data_range=1., **kw))  # now, or before
    times = []
    for _ in range(steps + 2):
        p = pred.clone().requires_grad_(backward)
        t = time.perf_counter()
        v = measure(p[:, :3], targ[:, :3], win_size=7)
        if backward: v.backward()
        times.append(time.perf_counter() - t)
    return statistics.median(times[2:])


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--steps', type=int, default=8)
    ap.add_argument('--bs', type=int, default=16)
    ap.add_argument('--size', type=int, default=192)
    args = ap.parse_args()
    bf16 = native_bf16(torch.device('cpu'))
    print(f"{torch.get_num_threads()} threads; bfloat16 native on this CPU: {bf16}; "
          f"{args.bs} crops of {args.size} px a step")
    print("| preset | float32, contiguous weights | channels-last | channels-last + bfloat16 (wm-train now) |")
    print("|---|---|---|---|")
    for preset in ('cpu-default', 'gpu-default'):
        chs = tuple(PRESETS[preset]['chs'])
        modes = ((False, False), (True, False)) + (((True, True),) if bf16 else ())  # emulated bfloat16 is slow
        t = [step_seconds(chs, args.bs, args.size, args.steps, cl, b) for cl, b in modes] + [float('nan')]
        print(f"| {preset} {chs} | {t[0]:.2f} s | {t[1]:.2f} s | {t[2]:.2f} s ({t[0] / t[2]:.1f}x) |", flush=True)
    before, now = (ssim_seconds(args.bs, args.size, args.size, args.steps, cl) for cl in (False, True))
    print(f"\nSSIM term, forward and backward: {before:.3f} s on the slices as they are, "
          f"{now:.3f} s in channels-last memory")
    before, now = (ssim_seconds(1, 1024, 1536, 3, cl, backward=False) for cl in (False, True))
    print(f"SSIM of one 1,536 x 1,024 image (as `ssim_metric` scores it): {before:.3f} s as it is, "
          f"{now:.3f} s in channels-last memory")
