"""Session 9's inference probes (none shipped): where the default model's error lies, and what the remover can do about
it without retraining.

On the validation photos (the watermarks of `native_validation`, with the validation fonts of /usr/share/fonts), each
method's PSNR gain over the identity, per style:

- default: what `WatermarkRemover` does (the full-size layer, and the half-size look with a weight of 0.2);
- oracles, which read the true watermark layer: the true opacity with the model's colour, the model's opacity with
  the true colour, both true (the JPEG step of some watermarks limits it), the model's layer kept only inside the
  true mask, and the best of a few blends of the two looks chosen per 32 px block by the true error;
- things the remover could do: add a quarter-size look (weights 0.7, 0.2, 0.1), run the remover twice, smooth the
  colour estimate (weighted by opacity, sigma 2 px), or drop opacities below a fifth of the image's strongest.

    python train_runs/gpu-default/probes.py            # the 40 watermarks of README.md
    python train_runs/gpu-default/probes.py --draw 2   # the second draw (16 per photo)

The results are in README.md beside this file ("Session 9")."""
import argparse, copy

import numpy as np
import pandas as pd
import torch
from PIL import Image
from scipy import ndimage as ndi

from wm_nbdev.core import load_image
from wm_nbdev.evaluate import scores
from wm_nbdev.inference import WatermarkRemover, blend_upsampled
from wm_nbdev.synth import random_spec
from wm_nbdev.train import training_sources


def look(remover, rgb, factor):
    "The layer the model finds in `rgb` scaled down by `factor`, scaled back up to full size (4 x H x W)"
    if factor == 1: return remover.layer(rgb)
    small = rgb.resize((rgb.width // factor, rgb.height // factor), Image.Resampling.BOX)
    up = torch.zeros(4, rgb.height, rgb.width)
    blend_upsampled(up, remover.layer(small), 1.)
    return up


def inverted(remover, wm, layer):
    "The RGB image under the watermark `layer` (colour and opacity, 4 x H x W), inverted as `remover.predict` does"
    given = copy.copy(remover)                                   # `remover` with its half-size look off
    given.layer = lambda rgb: layer.clone()                      # `predict` inverts in place
    return given.predict(wm)[0]


def block_oracle(remover, wm, clean, layers, block=32):
    "Per `block` x `block` block, the candidate layer whose result is nearest the clean photo"
    outs = np.stack([np.asarray(inverted(remover, wm, l), np.float32) for l in layers])
    err = ((outs - np.asarray(clean, np.float32)) ** 2).sum(-1)
    n, h, w = err.shape
    blocks = np.pad(err, ((0, 0), (0, -h % block), (0, -w % block))).reshape(n, -1, block, (w - 1) // block + 1, block)
    best = np.kron(blocks.sum((2, 4)).argmin(0), np.ones((block, block), int))[:h, :w]
    return Image.fromarray(np.take_along_axis(outs, best[None, ..., None], 0)[0].astype(np.uint8))


def methods(remover, wm, clean, true_layer, mask):
    "Each method's output for one watermarked photo (`remover` without its half-size look: the looks are blended here)"
    full, half, quarter = (look(remover, wm, f) for f in (1, 2, 4))
    default = 0.8 * full + 0.2 * half
    a, w = default[3:4], default[:3]
    ta, tw = true_layer[3:4], true_layer[:3]
    wt = a[0].numpy() + 1e-4                                     # the colour smoothed, weighted by opacity
    smooth = np.stack([ndi.gaussian_filter(w[c].numpy() * wt, 2) for c in range(3)]) / ndi.gaussian_filter(wt, 2)
    floor = 0.2 * np.quantile(a.numpy(), 0.999)
    once = inverted(remover, wm, default)
    blends = [(1 - k) * full + k * half for k in (0, .2, .5, .8, 1)]
    return {
        'default': once,
        'oracle: true opacity': inverted(remover, wm, torch.cat([w, ta])),
        'oracle: true colour': inverted(remover, wm, torch.cat([torch.where(ta > 0.001, tw, w), a])),
        'oracle: both true': inverted(remover, wm, true_layer),
        'oracle: only inside the mask': inverted(remover, wm, torch.cat([w, a * torch.from_numpy(mask)])),
        'oracle: blend per 32 px block': block_oracle(remover, wm, clean, blends + [torch.cat([w, 0 * a])]),
        'quarter-size look too': inverted(remover, wm, 0.7 * full + 0.2 * half + 0.1 * quarter),
        'twice': WatermarkRemover(remover.model).predict(once)[0],    # the default remover on its own output
        'colour smoothed': inverted(remover, wm, torch.cat([torch.from_numpy(smooth).float(), a])),
        'relative opacity floor': inverted(remover, wm, torch.cat([w, torch.where(a < floor, 0, a)])),
    }


def validation_marks(draw:int=1, photos=None, n:int|None=None):
    """The validation watermarks of README.md on the validation photos, as (name, spec, photo, (marked, clean, alpha)):
    draw 1, the 40 (8 per photo); draw 2, the second draw (16 per photo); or `n` per photo of `photos` (files)"""
    src = training_sources(fonts=['/usr/share/fonts'])
    for i, p in enumerate(photos or src['valid_photos']):
        photo = load_image(p)
        for k in range(n or (8 if draw == 1 else 16)):
            spec = random_spec(np.random.default_rng([draw, i, k]), src['valid_fonts'])
            yield f"{i}-{k}", spec, photo, spec.apply(photo)


def main(draw:int=1):
    remover = WatermarkRemover.load(half=0)
    rows = []
    for name, spec, photo, (wm, clean, alpha) in validation_marks(draw):
        true_layer = torch.from_numpy(spec.layer(photo.size)).permute(2, 0, 1).float()
        outs = {'identity': wm, **methods(remover, wm, clean, true_layer, alpha > 0.01)}
        for method, im in outs.items():
            rows.append(dict(name=name, style=spec.style, method=method, **scores(im, clean, alpha > 0.01)))
        print(f"watermark {name}", flush=True)
    t = pd.DataFrame(rows).pivot_table(index=['style', 'name'], columns='method', values='psnr', sort=False)
    gain = t.sub(t['identity'], axis=0).drop(columns='identity')
    table = gain.groupby('style').mean().T
    table['overall'] = gain.mean()
    print(table.round(2).to_string())


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--draw', type=int, default=1, help='1: the 40 watermarks of README.md; 2: the second draw (80)')
    main(ap.parse_args().draw)
