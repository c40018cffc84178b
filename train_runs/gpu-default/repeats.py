"""Session 8's inference experiment (not shipped): pool the model's estimates over a tiled mark's repeats.

A tiled watermark is one mark repeated across the photo. This remover finds the shifts under which the model's
opacity map repeats itself (the strongest peaks, at least 0.8, of the map's normalised autocorrelation, computed with
an FFT; on a map larger than 1024 px, found on a smaller copy and refined), gives each pixel the median opacity of
itself and its copies at up to 24 such shifts and the copies' colour weighted by their opacity, and inverts the blend
with those (`WatermarkRemover.layer`, overridden). A photo whose map does not repeat is left as the plain remover
leaves it.

    python train_runs/gpu-default/repeats.py                 # validation photos: two draws of watermarks
    python train_runs/gpu-default/repeats.py --pairs heldout # a pairs folder (wm-synth), e.g. the held-out pairs

The results are in README.md beside this file ("Pooling a tiled mark's repeats")."""
import argparse, math

import torch
import torch.nn.functional as F

from wm_nbdev.inference import DEFAULT_MODEL, WatermarkRemover
from wm_nbdev.model import load_model


def repeat_shifts(a, min_corr=0.8, most=24, min_shift=8, max_side=1024):
    "The shifts (dy, dx) under which the opacity map `a` (H x W) repeats: autocorrelation peaks of at least `min_corr`"
    s = max(1, math.ceil(max(a.shape) / max_side))
    m = F.avg_pool2d(a[None, None], s)[0, 0] if s > 1 else a
    H, W = m.shape
    f = m - m.mean(); var = f.square().mean()
    if var < 1e-8: return []
    spec = torch.fft.rfft2(f, (2 * H, 2 * W))                   # zero-padded: no wrapping around
    dy, dx = torch.arange(-H, H)[:, None], torch.arange(-W, W)[None]
    overlap = (H - dy.abs()).clamp(min=1) * (W - dx.abs()).clamp(min=1)
    r = torch.fft.fftshift(torch.fft.irfft2(spec * spec.conj(), (2 * H, 2 * W))) / overlap / var
    ok = (dy.abs() <= H // 2) & (dx.abs() <= W // 2) & (r >= min_corr)
    ok &= dy.square() + dx.square() >= (min_shift / s) ** 2
    ys, xs = (ok & (r == F.max_pool2d(r[None, None], 7, 1, 3)[0, 0])).nonzero(as_tuple=True)
    found = sorted(zip(ys.tolist(), xs.tolist()),
                   key=lambda p: (-round(float(r[p]), 2), (p[0] - H) ** 2 + (p[1] - W) ** 2))
    shifts = [((y - H) * s, (x - W) * s) for y, x in found[:most]]  # the best first, then the nearest
    return shifts if s == 1 else list(dict.fromkeys(refine_shift(a, v, s) for v in shifts))


def refine_shift(a, v, s, side=512):
    "The integer shift within `s` pixels of `v` under which a central window of `a` matches itself best"
    H, W = a.shape
    h, w = min(side, H - abs(v[0]) - 2 * s), min(side, W - abs(v[1]) - 2 * s)
    if h < 1 or w < 1: return v
    y0 = max(0, -v[0]) + s + (H - abs(v[0]) - 2 * s - h) // 2
    x0 = max(0, -v[1]) + s + (W - abs(v[1]) - 2 * s - w) // 2
    win = a[y0:y0 + h, x0:x0 + w]
    cands = [(v[0] + ey, v[1] + ex) for ey in range(-s, s + 1) for ex in range(-s, s + 1)]
    errs = [(win - a[y0 + cy:y0 + cy + h, x0 + cx:x0 + cx + w]).abs().mean() for cy, cx in cands]
    return cands[int(torch.stack(errs).argmin())]


def repeat_consensus(layer, shifts, budget=2**25):
    "`layer` (colour 3, opacity 1; x H x W) pooled over each pixel's copies at `shifts`: median opacity, mean colour"
    _, H, W = layer.shape
    shifts = [(0, 0), *shifts]
    out, rows = torch.empty_like(layer), max(1, budget // (len(shifts) * 4 * W))  # a band of rows at a time
    for y0 in range(0, H, rows):
        y1 = min(H, y0 + rows)
        stack = layer.new_full((len(shifts), 4, y1 - y0, W), float('nan'))  # NaN: the copy falls off the image
        for k, (dy, dx) in enumerate(shifts):
            ya, yb, xa, xb = max(y0, -dy), min(y1, H - dy), max(0, -dx), min(W, W - dx)
            if ya < yb and xa < xb: stack[k, :, ya - y0:yb - y0, xa:xb] = layer[:, ya + dy:yb + dy, xa + dx:xb + dx]
        a = stack[:, 3:]
        out[3:, y0:y1] = a.nanmedian(0).values
        out[:3, y0:y1] = (a * stack[:, :3]).nansum(0) / a.nansum(0).clamp(min=1e-6)
    return out


class RepeatsRemover(WatermarkRemover):
    "`WatermarkRemover` (for compact models) that pools the watermark layer over a tiled mark's repeats"
    def layer(self, rgb):
        layer = super().layer(rgb)
        shifts = repeat_shifts(layer[3])
        return repeat_consensus(layer, shifts) if shifts else layer


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--pairs', help='a pairs folder to score instead of the validation photos')
    ap.add_argument('--views', type=int, default=1)
    args = ap.parse_args()
    from wm_nbdev.train import training_sources, native_validation, psnr_gains
    from wm_nbdev.evaluate import evaluate_pairs, summary_table
    model, config = load_model(DEFAULT_MODEL)
    plain, pooled = WatermarkRemover(model, config, views=args.views), RepeatsRemover(model, config, views=args.views)
    if args.pairs:
        for name, r in (('plain', plain), ('repeats', pooled)):
            print(name); print(summary_table(evaluate_pairs(args.pairs, r, progress=False)))
    else:
        src = training_sources(fonts=['/usr/share/fonts'])
        for seed, n in ((1, 8), (2, 16)):
            for name, r in (('plain', plain), ('repeats', pooled)):
                df = native_validation(r, src['valid_photos'], n_specs=n, seed=seed, fonts=src['valid_fonts'])
                gains = {k: round(v, 2) for k, v in psnr_gains(df).items()}
                print(f"seed {seed}, {n} marks per photo, {name}:", gains, flush=True)
