"""Full-resolution removal speed: seconds per megapixel for the default model as `WatermarkRemover.load()` runs it
(bfloat16 where the CPU has it natively, one view, the half-size look and the neighbours' pull), in float32, with
the half-size look's opacity averaged geometrically (`half_power=0`, Session 29), without the half-size look
(`half=0`), with one neighbourhood instead of three (`neighbourhoods=(4.,)`, as before Session 11), without the
neighbours' pull (`opacity_error=0`), with two views (`views=2`) and with the looks at a quarter and an eighth of
the size (`coarse=True`), beside the classic ResNet34 U-Net (random weights: speed does not depend on them), at
about 1 MP and about 12 MP, in the same process.

    python bench/remove_speed.py [--repeat 2] [--sizes 1200x900,4000x3000] [--no-classic]

Each figure is the best of `--repeat` runs of `WatermarkRemover.__call__` (decode excluded, tiling included)."""
import argparse, os, time

import torch
from PIL import Image

from wm_nbdev.core import load_image
from wm_nbdev.data import sample_images
from wm_nbdev.inference import DEFAULT_MODEL, WatermarkRemover, native_bf16_cpu
from wm_nbdev.model import CompactRemover, classic_model
from wm_nbdev.train import PRESETS


def seconds(remover, img, repeat):
    best = float('inf')
    for _ in range(repeat):
        t = time.perf_counter(); remover(img); best = min(best, time.perf_counter() - t)
    return best


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--repeat', type=int, default=2)
    ap.add_argument('--sizes', default='1200x900,4000x3000')
    ap.add_argument('--no-classic', action='store_true')
    ap.add_argument('--model', help='a model file (default: the shipped default model)')
    args = ap.parse_args()
    photo = load_image(sample_images()[0])
    if args.model or DEFAULT_MODEL.exists():
        removers = {'default (compact)': WatermarkRemover.load(args.model),
                    'default, float32': WatermarkRemover.load(args.model, bf16=False),
                    'default, half_power=0': WatermarkRemover.load(args.model, half_power=0),
                    'default, half=0': WatermarkRemover.load(args.model, half=0),
                    'default, 1 neighbourhood': WatermarkRemover.load(args.model, neighbourhoods=(4.,)),
                    'default, opacity_error=0': WatermarkRemover.load(args.model, opacity_error=0),
                    'default, 2 views': WatermarkRemover.load(args.model, views=2),
                    'default, coarse=True': WatermarkRemover.load(args.model, coarse=True)}
    else:  # speed does not depend on the weights: time the default architecture untrained
        print("no default model shipped yet: timing the cpu-default architecture with untrained weights")
        removers = {'cpu-default (compact)': WatermarkRemover(CompactRemover(PRESETS['cpu-default']['chs']))}
    if not args.no_classic: removers['classic ResNet34 U-Net'] = WatermarkRemover(classic_model(), {'arch': 'resnet34-unet'})
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} CPUs, "
          f"device {next(iter(removers.values())).device}, native bfloat16: {native_bf16_cpu()}")
    for size in args.sizes.split(','):
        w, h = map(int, size.split('x'))
        img = photo.resize((w, h), Image.Resampling.BICUBIC)
        mp = w * h / 1e6
        for name, r in removers.items():
            s = seconds(r, img, args.repeat)
            print(f"{name:26s} {w}x{h} ({mp:4.1f} MP): {s:7.2f} s = {s / mp:5.2f} s/MP")
