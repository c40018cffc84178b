"""Session 22: whole held-out wallpapers at 1,536 px (`scales.py`'s lomiri set: the wallpapers of /tmp/lomiri/photos with a
shorter side of at least 1,536 px, two held-out watermarks each), through the remover as it ships (one view), for
the previous default (OLD, e.g. `git show 7b95717:wm_nbdev/models/default.pth > old.pth`) and the shipped one.

    python train_runs/gpu-default/whole1536.py OLD.pth

Prints each image's PSNR gain over the identity, then the gains per style and overall; reported, never used to choose."""
import sys
import numpy as np, pandas as pd, torch
from scales import items, db
from wm_nbdev.synth import random_spec
from wm_nbdev.inference import WatermarkRemover
rs = {n: WatermarkRemover.load(p) for n, p in (('old', sys.argv[1]), ('new', None))}
rows = []
for name, photo, rng, fonts in items('lomiri'):
    spec = random_spec(rng, fonts); wm, clean, _ = spec.apply(photo)
    c = torch.from_numpy(np.array(clean)); ident = db(torch.from_numpy(np.array(wm)), c)
    for n, r in rs.items(): rows.append(dict(name=name, style=spec.style, model=n, gain=db(torch.from_numpy(np.array(r(wm))), c) - ident))
    print(name, spec.style, {k: round(v['gain'], 2) for k, v in zip(rs, rows[-2:])}, flush=True)
df = pd.DataFrame(rows); t = df.pivot_table(index='model', columns='style', values='gain'); t['overall'] = df.groupby('model').gain.mean()
print(t.round(3).to_string())
