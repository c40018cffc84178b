"""Session 25: the faint classic mark over a field of small, opaque, bright shapes (`pattern_content`: a flag's stars,
a print), where the shipped model loses; reported, choosing nothing. For each model file given ('shipped': the
default), the PSNR gain over the identity through `WatermarkRemover` (one view) on N validation photos at 384 px,
each once as it is and once with a field drawn in, the classic mark over both; and a sheet of the first four
(watermarked, then each model's output) as patterns-probe.jpg beside this.
Usage: python train_runs/gpu-default/patterns_probe.py shipped MODEL.pth ... [--n 40] [--valid-photos DIR]"""
import argparse, numpy as np, torch
from pathlib import Path
from PIL import Image
from wm_nbdev.core import load_image
from wm_nbdev.data import folder_images, pattern_content
from wm_nbdev.evaluate import scores
from wm_nbdev.inference import WatermarkRemover
from wm_nbdev.synth import WatermarkSpec
from wm_nbdev.train import training_sources

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument('models', nargs='+'); p.add_argument('--n', type=int, default=40)
p.add_argument('--valid-photos', default='/work/main/.validset/photos')
a = p.parse_args()
torch.set_num_threads(2)
photos = (training_sources()['valid_photos'] + sorted(folder_images(a.valid_photos)))[:a.n]
rng = np.random.default_rng(25)
pairs = []
for ph in photos:
    img = load_image(ph).resize((384, 384), Image.Resampling.LANCZOS)
    for kind, base in (('plain', img), ('pattern', pattern_content(img, rng))):
        pairs.append((kind, *WatermarkSpec(kind='classic', opacity=1.).apply(base)))
sheet = [[wm for kind, wm, clean, alpha in pairs if kind == 'pattern'][:4]]
for name in a.models:
    rem = WatermarkRemover.load(None if name == 'shipped' else name)
    gains, outs = {'plain': [], 'pattern': []}, []
    for kind, wm, clean, alpha in pairs:
        out, inside = rem.predict(wm)[0], alpha > 0.01
        gains[kind].append(scores(out, clean, inside)['psnr'] - scores(wm, clean, inside)['psnr'])
        if kind == 'pattern' and len(outs) < 4: outs.append(out)
    sheet.append(outs)
    print(f"{name:28s} classic mark over the photos {np.mean(gains['plain']):+.2f} dB, over fields of shapes "
          f"{np.mean(gains['pattern']):+.2f} (worst {min(gains['pattern']):+.2f}), {len(photos)} photos")
im = Image.new('RGB', (384 * 4, 384 * len(sheet)))
for r, row in enumerate(sheet):
    for c, t in enumerate(row): im.paste(t, (384 * c, 384 * r))
im.resize((768, 192 * len(sheet))).save(Path(__file__).parent/'patterns-probe.jpg', quality=85)
