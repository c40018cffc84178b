"""Session 12's probe: how the default remover fares as whole photos grow (the marks grow with them, as `wm-add` and
`wm-synth` scale a mark to the image), and whether looks at a quarter and an eighth of the size help.

The GPU recipe trained on 192 px crops, so it knows marks whose strokes are a few pixels wide. On a photo of 1,536 px
a centred mark's strokes are 30 px wide or more: the model at full and at half size misses them, while at a quarter
and an eighth of the size it finds them. Two ways to use those coarser looks are scored here against the remover's
blend (0.6 full size, 0.4 half size):
- `weights`: the coarser looks averaged in (every halving whose shorter side is at least `m` px, sharing the weight
  `h`; or fixed weights per level; or the one look nearest a size);
- `max`: the remover's blend, then the opacity's maximum with each coarser look whose shorter side is at least `m`
  px, the colour averaged by opacity; optionally the coarse opacity below `tau` dropped and opened (erosion, then
  dilation, over `opening` coarse pixels) first, to drop thin false detections and the blur around small text.

Sets (the looks are computed once per image and cached in `--cache`, then every setting is scored with the product's
`invert_with_neighbours`; PSNR gain over the identity per style):
- `big`: the 15 training photos with a shorter side of at least 1,536 px (`.trainset/photos`: GNOME and sway
  backgrounds, mostly rendered patterns), resized to 512, 1,024 and 1,536 px, 2 validation watermarks each (90 images);
- `enlarged`: the 5 validation photos as they are and enlarged 2x and 3x (Lanczos), whole, 4 validation watermarks
  each (60);
- `lomiri DIR`: the held-out wallpapers (`DIR`: `/tmp/lomiri/photos` of `train_runs/cpu-default/README.md`) with a
  shorter side of at least 1,536 px, resized to 1,536, 2 watermarks each in the held-out fonts; reported, never used
  to choose.

    python train_runs/gpu-default/scales.py cache big|enlarged|lomiri [--photos DIR] [--cache /tmp/scales]
    python train_runs/gpu-default/scales.py score big|enlarged|lomiri [SETTING ...] [--cache /tmp/scales]
    python train_runs/gpu-default/scales.py picture SET-NAME ... [--cache /tmp/scales]   # writes scales.jpg here

README.md ("Session 12") has what it gave."""
import argparse, math
from pathlib import Path

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from PIL import Image

from wm_nbdev.core import load_image
from wm_nbdev.data import folder_images, random_spec
from wm_nbdev.inference import NEIGHBOURHOODS, WatermarkRemover, invert_with_neighbours
from wm_nbdev.model import psnr
from wm_nbdev.train import training_sources

HELDOUT_FONTS = ['/usr/share/fonts/opentype/bebas-neue', '/usr/share/fonts/opentype/comic-neue',
                 '/usr/share/fonts/opentype/didot', '/usr/share/fonts/opentype/ebgaramond', '/usr/share/fonts/truetype/hack']
LEVELS = (1, 2, 4, 8)  # the looks: full size, half, quarter, eighth


def resized(img:Image.Image, side:int) -> Image.Image:
    "`img` with its shorter side `side` px (Lanczos)"
    f = side / min(img.size)
    return img.resize((round(img.width * f), round(img.height * f)), Image.Resampling.LANCZOS)


def items(which:str, photos=None):
    "(name, photo, rng, fonts) for each image of the set `which`"
    valid = training_sources(fonts=['/usr/share/fonts'])
    if which == 'big':
        big = [p for p in folder_images(photos or '.trainset/photos') if min(Image.open(p).size) >= 1536]
        for i, p in enumerate(sorted(big)):
            for side in (512, 1024, 1536):
                for k in range(2):
                    yield f"{side}-{i}-{k}", resized(load_image(p), side), np.random.default_rng([5, i, k]), valid['valid_fonts']
    elif which == 'enlarged':
        for i, p in enumerate(valid['valid_photos']):
            ph = load_image(p)
            for f in (1, 2, 3):
                for k in range(4):
                    yield (f"x{f}-{i}-{k}", ph.resize((ph.width * f, ph.height * f), Image.Resampling.LANCZOS),
                           np.random.default_rng([7, i, k]), valid['valid_fonts'])
    elif which == 'lomiri':
        fonts = [str(f) for d in HELDOUT_FONTS for f in sorted(Path(d).glob('*.[ot]tf'))]
        big = [p for p in folder_images(photos or '/tmp/lomiri/photos') if min(Image.open(p).size) >= 1536]
        for i, p in enumerate(sorted(big)):
            for k in range(2): yield f"{i}-{k}", resized(load_image(p), 1536), np.random.default_rng([9, i, k]), fonts
    else: raise SystemExit(f"unknown set {which!r}: big, enlarged or lomiri")


def cache(which:str, photos, folder:Path):
    "The remover's looks at each level of `LEVELS`, with the watermarked and clean photos and the mask, one file each"
    remover = WatermarkRemover.load()
    folder.mkdir(parents=True, exist_ok=True)
    small = lambda im, d: im if d == 1 else im.resize((im.width // d, im.height // d), Image.Resampling.BOX)
    for name, photo, rng, fonts in items(which, photos):
        path = folder / f"{which}-{name}.pt"
        if path.exists(): c = torch.load(path)  # cached before (each image draws its own watermark)
        else:
            spec = random_spec(rng, fonts)
            wm, clean, _ = spec.apply(photo)
            c = dict(style=spec.style, wm=torch.from_numpy(np.array(wm)), clean=torch.from_numpy(np.array(clean)),
                     looks=[remover.layer(small(wm, d)).half() for d in LEVELS])
        if 'mirrored' not in c:  # the quarter and eighth looks of the mirror image, turned back
            wm = Image.fromarray(c['wm'].numpy()).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
            c['mirrored'] = [None, None] + [remover.layer(small(wm, d)).flip(-1).half() for d in LEVELS[2:]]
        torch.save(c, path)
        print(name, c['style'], flush=True)


def weights(m=None, h=.4, fixed=None, nearest=None):
    "A setting that averages the looks: a function of the shorter side giving each level's weight"
    def f(side):
        if fixed: ws = [fixed[0]] + [w if side // d >= 128 else 0 for w, d in zip(fixed[1:], LEVELS[1:])]
        elif nearest:
            ws = [0, 0, 0, 0]
            ws[min(range(1, 4), key=lambda k: abs(math.log(side // LEVELS[k] / nearest)))] = h
            ws[0] = 1 - h
        else:
            n = max(1, sum(side // d >= m for d in LEVELS[1:]))
            ws = [1 - h] + [h / n if i < n else 0 for i in range(3)]
        return [w / sum(ws) for w in ws]
    return ('weights', f)


def maximum(m, tau=0., opening=0, mirror=False, gate=0.):
    """A setting that takes the opacity's maximum with the coarser looks (with `mirror`: the smaller of each and its
    mirror's; with `gate`: only where the blend finds no opacity above `gate` within one coarse pixel)"""
    return ('max', dict(m=m, tau=tau, opening=opening, mirror=mirror, gate=gate))


SETTINGS = {'remover (0.6, 0.4)': weights(10 ** 6),
            'weights m256 h.4': weights(256, .4), 'weights m256 h.5': weights(256, .5), 'weights m256 h.6': weights(256, .6),
            'weights m384 h.4': weights(384, .4), 'weights m384 h.5': weights(384, .5), 'weights m384 h.6': weights(384, .6),
            'weights m192 h.4': weights(192, .4), 'weights m192 h.5': weights(192, .5),
            'weights nearest 384': weights(h=.4, nearest=384), 'weights nearest 512': weights(h=.4, nearest=512),
            'weights .6 .2 .2': weights(fixed=(.6, .2, .2, 0)), 'weights .5 .25 .25': weights(fixed=(.5, .25, .25, 0)),
            'weights .4 .2 .2 .2': weights(fixed=(.4, .2, .2, .2)),
            'max m128': maximum(128), 'max m192': maximum(192), 'max m256': maximum(256), 'max m384': maximum(384),
            'max m256 tau.25': maximum(256, tau=.25), 'max m128 open3': maximum(128, opening=3),
            'max m192 open3': maximum(192, opening=3), 'max m256 open3': maximum(256, opening=3),
            'max m192 open5': maximum(192, opening=5), 'max m192 open3 tau.25': maximum(192, .25, 3),
            'max m256 open3 tau.25': maximum(256, .25, 3), 'max m256 mirror': maximum(256, mirror=True),
            'max m192 mirror': maximum(192, mirror=True), 'max m128 mirror': maximum(128, mirror=True),
            'max m192 open3 mirror': maximum(192, opening=3, mirror=True),
            'max m192 open3 tau.25 mirror': maximum(192, .25, 3, True), 'max m256 open3 tau.25 mirror': maximum(256, .25, 3, True),
            'max m192 open3 tau.25 mirror gate.3': maximum(192, .25, 3, True, .3),
            'max m192 open3 tau.25 mirror gate.15': maximum(192, .25, 3, True, .15),
            'max m192 open3 mirror gate.3': maximum(192, 0, 3, True, .3), 'max m192 mirror gate.3': maximum(192, mirror=True, gate=.3)}


def up(t, size): return F.interpolate(t[None].float(), size=size, mode='bilinear', align_corners=False)[0]


def combined(looks, setting, size, mirrored=None) -> torch.Tensor:
    "The layer (colour 3, opacity 1) a setting makes of the `looks` (and `mirrored` looks) of an image of `size` (H, W)"
    kind, arg = setting
    side = min(size)
    ups = [looks[0].float()] + [up(l, size) for l in looks[1:]]
    if kind == 'weights': return sum(w * l for w, l in zip(arg(side), ups) if w)
    layer = .6 * ups[0] + .4 * ups[1]
    for d, small, other in zip(LEVELS[2:], looks[2:], (mirrored or [None] * 4)[2:]):
        if side // d < arg['m']: continue
        a = small[3:4].float()
        if arg['mirror']: a = torch.minimum(a, other[3:4].float())
        if arg['tau']: a = a * (a > arg['tau'])
        if k := arg['opening']: a = F.max_pool2d(-F.max_pool2d(-a[None], k, 1, k // 2), k, 1, k // 2)[0]
        a = up(a, size)
        if arg['gate']: a = a * (F.max_pool2d(layer[None, 3:4], 2 * d + 1, 1, d)[0] <= arg['gate'])
        colour = (layer[3:4] * layer[:3] + a * up(small[:3], size)) / (layer[3:4] + a + 1e-6)  # averaged by opacity
        layer = torch.cat([colour, torch.maximum(layer[3:4], a)])
    return layer


def db(a, b) -> float:
    "PSNR (dB) of the H x W x 3 image `a` (0 to 255) against `b`"
    return float(psnr(*(t.permute(2, 0, 1)[None] / 255 for t in (a, b))))


def score(which:str, names, folder:Path) -> pd.DataFrame:
    "PSNR gain over the identity per style, overall and the worst style, for each setting in `names`"
    rows = []
    for p in sorted(folder.glob(f"{which}-*.pt")):
        c = torch.load(p)
        x = c['wm'].permute(2, 0, 1).float() / 255
        identity = db(c['wm'], c['clean'])
        for n in names:
            layer = combined(c['looks'], SETTINGS[n], x.shape[-2:], c.get('mirrored'))
            out = invert_with_neighbours(x, layer[3:4], layer[:3], 0.5, NEIGHBOURHOODS)
            rows.append(dict(name=p.stem, style=c['style'], setting=n,
                             gain=db(out.mul(255).round().clamp(0, 255).permute(1, 2, 0), c['clean']) - identity))
    df = pd.DataFrame(rows)
    table = df.pivot_table(index='setting', columns='style', values='gain')
    table['overall'] = df.groupby('setting').gain.mean()
    table['worst'] = table.drop(columns='overall').min(axis=1)
    df['size'] = df.name.str.split('-').str[1]
    return table.loc[names], df.pivot_table(index='setting', columns='size', values='gain').loc[names]


def picture(stems, folder:Path, out:Path, width:int=384):
    """Per image: the watermarked photo, the opacity the model finds at each level of `LEVELS`, and the photo cleaned by
    the remover and with `coarse=True` (the setting 'max m192 open3 tau.25 mirror'), each `width` px wide"""
    rows = []
    for stem in stems:
        c = torch.load(folder / f"{stem}.pt")
        x = c['wm'].permute(2, 0, 1).float() / 255
        size = (round(width * x.shape[1] / x.shape[2]), width)
        cleaned = [invert_with_neighbours(x, l[3:4], l[:3], 0.5, NEIGHBOURHOODS)
                   for l in (combined(c['looks'], SETTINGS[s], x.shape[-2:], c.get('mirrored'))
                             for s in ('remover (0.6, 0.4)', 'max m192 open3 tau.25 mirror'))]
        tiles = [up(x, size)] + [up(l[3:4], size).clamp(0, 1).expand(3, -1, -1) for l in c['looks']] + [up(t, size) for t in cleaned]
        rows.append(torch.cat([F.pad(t, (4, 4, 4, 4), value=1.) for t in tiles], 2))
    pic = torch.cat(rows, 1).mul(255).round().clamp(0, 255).byte().permute(1, 2, 0).numpy()
    Image.fromarray(pic).save(out, quality=88)
    print(f"{out}: watermarked | opacity found at 1, 1/2, 1/4, 1/8 of the size | cleaned by the remover | with coarse=True")


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('step', choices=['cache', 'score', 'picture']); ap.add_argument('set')
    ap.add_argument('settings', nargs='*', help=f"score: settings (default: all of {list(SETTINGS)}); picture: image names")
    ap.add_argument('--photos', help="the set's photo folder (big: .trainset/photos, lomiri: /tmp/lomiri/photos)")
    ap.add_argument('--cache', default='/tmp/scales', type=Path)
    args = ap.parse_args()
    torch.set_num_threads(2)
    if args.step == 'cache': cache(args.set, args.photos, args.cache)
    elif args.step == 'picture': picture([args.set, *args.settings], args.cache, Path(__file__).parent / 'scales.jpg')
    else:
        pd.set_option('display.width', 250); pd.set_option('display.max_columns', 20)
        by_style, by_size = score(args.set, args.settings or list(SETTINGS), args.cache)
        print(by_style.round(2), by_size.round(2), sep='\n\noverall, by the shorter side (or the enlargement):\n')
