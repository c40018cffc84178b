"""Session 9's experiment (not shipped): learn how to blend the full-size and half-size looks, instead of a fixed 0.2.

A small head (13,000 parameters, three 3x3 convolutions at a quarter of the size, seeing 60 px) reads the image and
both looks (each pooled to a quarter size, by mean and, for the opacity, by max) and gives, per region, the weight of
the half-size look and a gain on the opacity (0 to 2). It starts exactly at the default (weight 0.2, gain 1) and is
trained on the remover's own looks at fresh watermarked crops of the training photos (320 to 640 px, the training
fonts and logos), with the mean over images of log(MSE) as the loss, i.e. the mean PSNR. The default model stays
frozen. Each epoch prints the PSNR gain over the identity on the validation photos (both draws of `probes.py`).

    python train_runs/gpu-default/fusion.py --trainset .trainset   # 1,600 crops (6 minutes), then 4 epochs (6 minutes)

The results are in README.md beside this file ("Session 9")."""
import argparse, math, time

import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

from wm_nbdev.core import load_image
from wm_nbdev.data import load_photos, random_crop
from wm_nbdev.inference import WatermarkRemover
from wm_nbdev.model import A_MAX, invert_blend, psnr
from wm_nbdev.synth import random_spec
from wm_nbdev.train import training_sources


class FuseHead(nn.Module):
    "Per region, the half-size look's weight and a gain on the opacity, from both looks and the image at 1/4 size"
    def __init__(self, c:int=24, weight:float=0.2):
        super().__init__()
        self.bias = math.log(weight / (1 - weight))
        self.body = nn.Sequential(nn.Conv2d(14, c, 3, padding=1), nn.ReLU(), nn.Conv2d(c, c, 3, padding=2, dilation=2),
                                  nn.ReLU(), nn.Conv2d(c, c, 3, padding=4, dilation=4), nn.ReLU(), nn.Conv2d(c, 2, 1))
        nn.init.zeros_(self.body[-1].weight); nn.init.zeros_(self.body[-1].bias)  # the default blend to start

    def forward(self, x, full, half):
        "The photo under the blended layer: `x` 1 x 3 x H x W, the looks 1 x 4 x H x W (both at full size)"
        h, w = x.shape[-2:]
        t = F.pad(torch.cat([x, full, half], 1), (0, -w % 4, 0, -h % 4), mode='replicate')
        avg = F.avg_pool2d(t, 4)
        feats = torch.cat([avg, F.max_pool2d(t[:, [6, 10]], 4), (avg[:, 6:7] - avg[:, 10:11]).abs()], 1)
        o = F.interpolate(self.body(feats), scale_factor=4, mode='bilinear')[..., :h, :w]
        m, gain = torch.sigmoid(o[:, :1] + self.bias), 2 * torch.sigmoid(o[:, 1:])
        layer = (1 - m) * full + m * half
        return invert_blend(x, (layer[:, 3:] * gain).clamp(max=A_MAX), layer[:, :3])


def as_bytes(im): return torch.from_numpy(np.array(im)).permute(2, 0, 1)[None]


def looks(remover, wm):
    "The image (bytes) and the remover's two looks at it (float16), the half-size one at half size"
    half = remover.layer(wm.resize((wm.width // 2, wm.height // 2), Image.Resampling.BOX))[None]
    return as_bytes(wm), remover.layer(wm)[None].half(), half.half()


def as_floats(x, full, half, clean):
    "A stored sample as floats, both looks at full size"
    size = x.shape[-2:]
    return (x.float() / 255, full.float(), F.interpolate(half.float(), size=size, mode='bilinear', align_corners=False),
            clean.float() / 255)


def training_samples(remover, trainset, n, seed=5):
    "`n` watermarked crops of the training photos: (image, full-size look, half-size look, clean) each, as stored"
    src = training_sources(photos=[f'{trainset}/photos'], fonts=[f'{trainset}/fonts'], logos=[f'{trainset}/logos'],
                           n_leaves=60, seed=7)
    photos, _ = load_photos(src['train_photos'])
    samples = []
    for i in range(n):
        rng = np.random.default_rng([seed, i])
        s = int(rng.integers(320, 641))
        crop = random_crop(photos[rng.integers(len(photos))], s, rng, 4.)
        w = int(s * rng.uniform(0.6, 1))
        crop = crop.crop((0, 0, w, s) if rng.random() < .5 else (0, 0, s, w))
        wm, clean, _ = random_spec(rng, src['train_fonts'], src['train_logos']).apply(crop)
        samples.append((*looks(remover, wm), as_bytes(clean)))            # 1,600 crops in about 6 GB
        if i % 200 == 0: print(f"crop {i} of {n}", flush=True)
    return samples


def validation_samples(remover):
    "The two draws of validation watermarks of `probes.py`: (draw, style, image, full look, half look, clean) each"
    src = training_sources(fonts=['/usr/share/fonts'])
    out = []
    for draw, per_photo in ((1, 8), (2, 16)):
        for i, p in enumerate(src['valid_photos']):
            photo = load_image(p)
            for k in range(per_photo):
                spec = random_spec(np.random.default_rng([draw, i, k]), src['valid_fonts'])
                wm, clean, _ = spec.apply(photo)
                out.append((draw, spec.style, *looks(remover, wm), as_bytes(clean)))
    return out


@torch.no_grad()
def validate(head, samples):
    "PSNR gain over the identity per style and overall, for each draw, with the output rounded to bytes"
    rows = []
    for draw, style, *sample in samples:
        x, full, half, clean = as_floats(*sample)
        rows.append(dict(draw=draw, style=style, gain=float(psnr(head(x, full, half).mul(255).round() / 255, clean) -
                                                            psnr(x, clean))))
    df = pd.DataFrame(rows)
    table = df.pivot_table(index='draw', columns='style', values='gain')
    table['overall'] = df.groupby('draw').gain.mean()
    return table.round(3)


def main(trainset, n=1600, epochs=4, lr=3e-3, bs=8):
    torch.manual_seed(0)
    remover = WatermarkRemover.load(half=0)
    train = training_samples(remover, trainset, n)
    valid = validation_samples(remover)
    head = FuseHead()
    print("the default blend (epoch 0):"); print(validate(head, valid), flush=True)
    opt = torch.optim.AdamW(head.parameters(), lr=lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, lr, total_steps=epochs * (n // bs), pct_start=0.1)
    for epoch in range(1, epochs + 1):
        t0, total = time.time(), 0.
        order = np.random.permutation(n)
        for b in range(0, n - bs + 1, bs):
            opt.zero_grad()
            for j in order[b:b + bs]:
                x, full, half, clean = as_floats(*train[j])
                loss = torch.log((head(x, full, half) - clean).square().mean() + 1e-6) / bs
                loss.backward(); total += loss.item()
            opt.step(); sched.step()
        train_psnr = -10 * total / (n // bs) / math.log(10)
        print(f"epoch {epoch}: {time.time() - t0:.0f} s, training PSNR {train_psnr:.3f} dB")
        print(validate(head, valid), flush=True)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--trainset', required=True, help='the folder train_runs/gpu-default/trainset.sh made')
    ap.add_argument('--n', type=int, default=1600, help='training crops')
    ap.add_argument('--epochs', type=int, default=4)
    a = ap.parse_args()
    main(a.trainset, a.n, a.epochs)
