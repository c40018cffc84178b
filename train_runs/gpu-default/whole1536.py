"""Session 22: whole held-out wallpapers at 1,536 px (`scales.py`'s lomiri set: the wallpapers of /tmp/lomiri/photos with a
shorter side of at least 1,536 px, two held-out watermarks each), through the remover as it ships (one view), for
the previous default (OLD, e.g. `git show 7b95717:wm_nbdev/models/default.pth > old.pth`) and the shipped one; with
`--coarse` (Session 24) also the shipped one with `coarse=True` (the looks at a quarter and an eighth of the size);
with `--set enlarged`, `scales.py`'s validation photos whole, as they are and enlarged 2x and 3x, instead; with
`--half-power P` (Session 29), the shipped one (and with `--coarse` its coarse variant) with `half_power=P`.

    python train_runs/gpu-default/whole1536.py OLD.pth [--coarse] [--half-power P] [--set lomiri|enlarged]

Prints each image's PSNR gain over the identity, then the gains per style and overall; reported, never used to choose."""
import argparse
import numpy as np, pandas as pd, torch
from scales import items, db
from wm_nbdev.synth import random_spec
from wm_nbdev.inference import WatermarkRemover
ap = argparse.ArgumentParser(); ap.add_argument('old'); ap.add_argument('--coarse', action='store_true')
ap.add_argument('--set', default='lomiri', choices=('lomiri', 'enlarged'))
ap.add_argument('--half-power', type=float, default=1.)
args = ap.parse_args()
rs = {'old': WatermarkRemover.load(args.old), 'new': WatermarkRemover.load(half_power=args.half_power)}
if args.coarse: rs['coarse'] = WatermarkRemover.load(coarse=True, half_power=args.half_power)
rows = []
for name, photo, rng, fonts in items(args.set):
    spec = random_spec(rng, fonts); wm, clean, _ = spec.apply(photo)
    c = torch.from_numpy(np.array(clean)); ident = db(torch.from_numpy(np.array(wm)), c)
    for n, r in rs.items(): rows.append(dict(name=name, style=spec.style, model=n, gain=db(torch.from_numpy(np.array(r(wm))), c) - ident))
    print(name, spec.style, {k: round(v['gain'], 2) for k, v in zip(rs, rows[-len(rs):])}, flush=True)
df = pd.DataFrame(rows); t = df.pivot_table(index='model', columns='style', values='gain'); t['overall'] = df.groupby('model').gain.mean()
print(t.round(3).to_string())
