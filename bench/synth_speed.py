"""Synthesis speed, measured in one process beside the classic per-image PIL loop of the article this project grew
from, on the same photos and at the same size.

    python bench/synth_speed.py [--n 300] [--size 128]

Prints: the classic loop's pairs/s (one process, as the article's loop body runs), `wm-synth`'s end-to-end pairs/s
(decode, crop, random watermark, encode three PNGs and the manifest; one worker per CPU) and their ratio; the
ceiling of any writer of the pairs folder (the same workers decoding, cropping and encoding the three PNGs, with no
watermark drawn); then the on-the-fly training pipeline's samples/s at 256 px (`WatermarkPairs`, one process, and
through a DataLoader with one worker per CPU); last, what a DataLoader's hand-over alone costs, with workers that
make nothing: samples/s of 192 px samples as floats (as they were) and as bytes (as `WatermarkPairs` makes them)."""
import argparse, os, shutil, tempfile, time
from pathlib import Path

import numpy as np
import PIL
import torch
from PIL import Image

from fastcore.parallel import parallel
from wm_nbdev.core import image_files, save_image
from wm_nbdev.data import PAIR_DIRS, WatermarkPairs, offline_photos, random_crop, synth_pairs, watermark_dls
from wm_nbdev.synth import copyright_symbol


class ClassicAddWatermark:
    "The article's `AddWatermark`, as it was (PIL's ANTIALIAS is LANCZOS today): the baseline, defects included"
    def __init__(self, path_lr, path_hr, mark):
        self.path_lr, self.path_hr = path_lr, path_hr
        self.wm = mark.copy()
        mask = self.wm.convert('L').point(lambda x: min(x, 25))
        self.wm.putalpha(mask)
        self.mark_width, self.mark_height = self.wm.size
        self.aspect_ratio = self.mark_width / self.mark_height

    def __call__(self, fn, i):
        dest = self.path_lr/fn.relative_to(self.path_hr)
        dest.parent.mkdir(parents=True, exist_ok=True)
        img = PIL.Image.open(fn)
        w, h = img.size  # fastai v1's resize_to(img, 128, use_min=True)
        targ_sz = (128, round(h * 128 / w)) if w < h else (round(w * 128 / h), 128)
        img = img.resize(targ_sz, resample=PIL.Image.BILINEAR).convert('RGB')
        main_width, main_height = img.size
        new_mark_width = main_width * 0.25
        self.wm.thumbnail((new_mark_width, new_mark_width / self.aspect_ratio), PIL.Image.LANCZOS)
        tmp_img = PIL.Image.new('RGB', img.size)
        for a in range(0, tmp_img.size[0], self.wm.size[0]):
            for b in range(0, tmp_img.size[1], self.wm.size[1]):
                img.paste(self.wm, (a, b), self.wm)
                img.thumbnail((8000, 8000), PIL.Image.LANCZOS)
        img.save(dest)


def pets_like(dest:Path, n:int) -> list:
    "`n` JPEGs of 500x375 (the typical Oxford-IIIT Pets photo), cut from the offline photos"
    dest.mkdir(parents=True, exist_ok=True)
    photos = offline_photos()
    for i in range(n):
        crop = random_crop(photos[i % len(photos)], 375, np.random.default_rng(i), max_scale=1.5)
        Image.fromarray(np.asarray(crop.resize((500, 375)))).save(dest/f"pet_{i:04d}.jpg", quality=90)
    return image_files(dest)


def unmarked_pair(i, files, dest, size):
    "The work every pair needs before any watermark: decode, crop, and the three PNGs as `make_pair` writes them"
    crop = random_crop(files[i % len(files)], size, np.random.default_rng(i))
    mask = Image.new('L', crop.size)
    for d, im in zip(PAIR_DIRS, (crop, crop, mask)): save_image(im, dest/d/f"{i:06d}.png", fast=True)


class Ready(torch.utils.data.Dataset):
    "Samples shaped like `WatermarkPairs`' at 192 px, made at no cost: what is left is the DataLoader's hand-over"
    def __init__(self, dtype): self.x, self.y = (torch.zeros(c, 192, 192, dtype=dtype) for c in (3, 4))
    def __len__(self): return 3200
    def __getitem__(self, i): return self.x.clone(), self.y.clone()


def hand_over(dtype) -> float:
    "Samples per second through a DataLoader (batches of 32, one worker per CPU) of samples of `dtype`"
    it = iter(torch.utils.data.DataLoader(Ready(dtype), batch_size=32, num_workers=os.cpu_count())); next(it)
    return rate(lambda: [b for b in it], 3200 - 32)


def rate(f, n):
    t = time.perf_counter(); f(); return n / (time.perf_counter() - t)


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=300); ap.add_argument('--size', type=int, default=128)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        files = pets_like(tmp/'photos', args.n)
        classic = ClassicAddWatermark(tmp/'classic', tmp/'photos', copyright_symbol())
        classic_rate = rate(lambda: [classic(f, i) for i, f in enumerate(files)], len(files))
        ours_rate = rate(lambda: synth_pairs(files, tmp/'pairs', len(files), args.size, progress=False), len(files))
        for d in PAIR_DIRS: (tmp/'unmarked'/d).mkdir(parents=True)
        ceiling = rate(lambda: parallel(unmarked_pair, range(len(files)), files=files, dest=tmp/'unmarked',
                                        size=args.size, n_workers=os.cpu_count(), chunksize=8), len(files))
        print(f"photos: {len(files)} JPEGs of 500x375; output size {args.size}; CPUs: {os.cpu_count()}")
        print(f"classic per-image PIL loop (1 process, 1 image out):      {classic_rate:7.1f} pairs/s")
        print(f"wm-synth end to end ({os.cpu_count()} workers, 3 PNGs + manifest):  {ours_rate:7.1f} pairs/s")
        print(f"ratio wm-synth / classic:                                 {ours_rate / classic_rate:7.2f}x")
        print(f"ceiling: the same workers writing unmarked pairs:         {ceiling:7.1f} pairs/s "
              f"({ceiling / classic_rate:.2f}x classic)")
        ds = WatermarkPairs(files, size=256, length=200)
        one = rate(lambda: [ds[i] for i in range(len(ds))], len(ds))
        dls = watermark_dls(files, files[:8], size=256, bs=16, n_train=320, n_valid=16)
        it = iter(dls.train); next(it)  # workers started
        many, nw = rate(lambda: [b for b in it], 320 - 16), dls.train.fake_l.num_workers  # fastai's own count says 1
        print(f"on-the-fly samples at 256 px, 1 process:                  {one:7.1f} samples/s")
        print(f"on-the-fly samples at 256 px, DataLoader ({nw} workers):     {many:7.1f} samples/s")
        print(f"DataLoader hand-over alone, 192 px, floats / bytes:  {hand_over(torch.float32):7.1f} / "
              f"{hand_over(torch.uint8):.1f} samples/s")
    finally: shutil.rmtree(tmp)
