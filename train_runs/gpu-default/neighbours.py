"""Session 10: the choice of `opacity_error` (the neighbours' pull where the opacity is unsure, `invert_with_neighbours`)
together with the half-size look's weight, for one view and for two.

For each watermarked photo the model's looks are computed once (full size, half size, and the mirror image at full
size, turned back), then every pair of settings is scored by the product's own `invert_with_neighbours`: PSNR gain
over the identity on the two draws of validation watermarks (the 40 of README.md, and 80 with `seed=2`), per style.
The rule (as for the opacity floor and the half-size weight before): among the settings that make no style worse than
the identity on both draws, the one with the most overall gain over the two; one `opacity_error` for both view
counts (the one whose best settings gain most, summed), the half-size weight per view count. Held-out pairs
(`--pairs DIR`, a `wm-synth` folder) are only reported. Here the mirror view is the whole photo mirrored; the remover mirrors each
tile, so its figures (`native_validation`, `wm-eval`) differ by a few hundredths.

    python train_runs/gpu-default/neighbours.py [--pairs /tmp/heldout]
    python train_runs/gpu-default/neighbours.py --picture train_runs/gpu-default/neighbours.jpg   # only the picture of README.md"""
import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageOps

from wm_nbdev.core import image_to_tensor, load_image
from wm_nbdev.data import read_manifest, sample_images
from wm_nbdev.evaluate import psnr
from wm_nbdev.inference import WatermarkRemover, invert_with_neighbours
from wm_nbdev.synth import add_watermark
from probes import look, validation_marks

SETTINGS = [(v, h, k) for v in (1, 2) for h in (0.2, 0.25, 0.33, 0.4, 0.5) for k in (0, 0.3, 0.5, 0.7, 1.0)]


def gains(remover, wm, clean) -> dict:
    "PSNR gain over the identity of every setting in `SETTINGS`, for one watermarked photo"
    full, half = look(remover, wm, 1), look(remover, wm, 2)
    mirror = look(remover, ImageOps.mirror(wm), 1).flip(-1)
    x, target = (image_to_tensor(im)[None] for im in (wm, clean))
    out = {}
    for views, h, k in SETTINGS:
        layer = (1 - h) * (full if views == 1 else (full + mirror) / 2) + h * half
        photo = invert_with_neighbours(x[0], layer[3:4], layer[:3], k).mul(255).round().div(255)
        out[(views, h, k)] = float(psnr(photo[None], target) - psnr(x, target))
    return out


def validation(remover, draw:int) -> pd.DataFrame:
    return pd.DataFrame([dict(set=f"draw {draw}", style=spec.style, setting=s, gain=g)
                         for _, spec, _, (wm, clean, _) in validation_marks(draw) for s, g in gains(remover, wm, clean).items()])


def pairs(remover, folder) -> pd.DataFrame:
    return pd.DataFrame([dict(set='held-out', style=row['style'], setting=s, gain=g)
                         for name, row in read_manifest(folder).items()
                         for s, g in gains(remover, *(load_image(Path(folder)/d/f"{name}.png") for d in ('wm', 'clean'))).items()])


def picture(path):
    """Where the neighbours help and where they hurt: white text of opacity 0.7 on two bundled photos (validation
    photos), the strip of each that the mark covers: marked, before (half 0.2, no neighbours), after (the default), clean"""
    before, after = WatermarkRemover.load(half=0.2, opacity_error=0), WatermarkRemover.load()
    strips = []
    for name in ('rocket', 'coffee'):
        clean = load_image(next(p for p in sample_images() if p.stem == name))
        marked = add_watermark(clean, text='© wm-nbdev', layout='single', opacity=0.7)
        rows = np.nonzero(np.abs(np.asarray(marked, float) - np.asarray(clean, float)).max((1, 2)) > 10)[0]
        ims = [marked, before(marked), after(marked), clean]
        db = [float(psnr(image_to_tensor(im)[None], image_to_tensor(clean)[None])) for im in ims]
        print(f"{name}: marked {db[0]:.2f} dB, before {db[1]:.2f}, after {db[2]:.2f}")
        for im in ims:
            strips.append(im.crop((0, rows.min() - 8, im.width, rows.max() + 8)))
    pic = Image.new('RGB', (max(s.width for s in strips), sum(s.height + 4 for s in strips)), 'white')
    y = 0
    for s in strips: pic.paste(s, (0, y)); y += s.height + 4
    pic.save(path, quality=85)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--pairs', help='a held-out pairs folder to report (never used to choose)')
    ap.add_argument('--picture', help='only draw the picture of README.md to this file')
    args = ap.parse_args()
    if args.picture: picture(args.picture); raise SystemExit
    remover = WatermarkRemover.load(half=0)
    df = pd.concat([validation(remover, 1), validation(remover, 2)] + ([pairs(remover, args.pairs)] if args.pairs else []))
    by_style = df.groupby(['set', 'setting', 'style']).gain.mean().unstack('style')
    t = df.groupby(['setting', 'set']).gain.mean().unstack('set')
    t['worst style, both draws'] = by_style.loc[['draw 1', 'draw 2']].min(axis=1).groupby(level=1).min()
    t['both draws'] = t['draw 1'] + t['draw 2']
    print(t.round(2).to_string())
    # one opacity_error for every view count (one default), the half-size weight per view count as before
    ok = t[t['worst style, both draws'] > 0]['both draws']
    per_k = {k: [ok[[s for s in ok.index if s[0] == v and s[2] == k]] for v in (1, 2)] for k in {s[2] for s in ok.index}}
    k = max((k for k, c in per_k.items() if all(len(x) for x in c)), key=lambda k: sum(x.max() for x in per_k[k]))
    for views, x in zip((1, 2), per_k[k]):
        best = x.idxmax()
        print(f"\n{views} view(s): the rule chooses half={best[1]}, opacity_error={k}")
        print(by_style.xs(best, level='setting').round(2).to_string())
