"""The test a new default model must pass to ship (Session 21's): its PSNR gain over the identity per style, through
`WatermarkRemover` as it ships (one view), on four validation sets:

- "the 40": the 40 validation watermarks of README.md (`native_validation`, the validation photos and fonts);
- "second": a second draw of 80 on the same photos (`seed=2`);
- "enlarged": 120 pairs of 512 px cut from the validation photos enlarged twice (`neighbours.enlarged_pairs`, made
  once into `--cache`);
- "photos": a fourth draw (`seed=4`), two marks on each of the 130 photos of `--valid-photos` (`validset.sh` makes
  them; training never sees them).

A model passes when no style on any of the four sets is below the identity and its overall gain on "photos" reaches
`--bar` (the shipped model's plus 0.1, written down before training). The first three sets are five photos, too few
to rank models by 0.1 dB (Session 20); "photos" ranks them as the held-out pairs do (Session 21). Until Session 20
the bar was on the sum of the first three (Session 13's test). It also scores sets that choose nothing: with
`--report`, the 40 with Computer Modern fonts (`04_train`'s test); with `--heldout`, a `wm-synth` folder of held-out
pairs (the cpu-default README says how to make it).

    python train_runs/gpu-default/judge.py MODEL [MODEL ...] [--bar 3.329] [--report] [--heldout /tmp/heldout]
                                           [--half-power 0]   # the remover's option (Session 29)

MODEL is a model file or `shipped`. Each set prints as a line of per-style gains; each model ends with its gain on
"photos", the sum over the first three, its worst style and, with `--bar`, PASS or FAIL."""
import argparse, json, sys
from pathlib import Path

from wm_nbdev.data import folder_images
from wm_nbdev.evaluate import evaluate_pairs
from wm_nbdev.inference import WatermarkRemover
from wm_nbdev.model import ModelError
from wm_nbdev.train import native_validation, psnr_gains, training_sources
from neighbours import enlarged_pairs

JUDGED = ('40', 'second', 'enlarged', 'photos')
DRAWS = {'second': dict(n_specs=16, seed=2), 'photos': dict(n_specs=2, seed=4)}  # the 40 and cm: the first draw


def gains(remover, name, folders):
    "PSNR gain over the identity per style and overall on the set `name` (its folder in `folders`, where it has one)"
    if name in ('enlarged', 'heldout'): return psnr_gains(evaluate_pairs(folders[name], remover, progress=False))
    src = training_sources(fonts=['/usr/share/fonts'])
    fonts = training_sources()['valid_fonts'] if name == 'cm' else src['valid_fonts']  # cm: matplotlib's only
    photos = folder_images(folders[name]) if name == 'photos' else src['valid_photos']
    return psnr_gains(native_validation(remover, photos, fonts=fonts, **DRAWS.get(name, {})))


def judge(model, remover, folders, sets, bar=None):
    "Prints each set's gains for `remover` (loaded from `model`), then the verdict's figures and, given `bar`, the verdict"
    out = {}
    for s in sets:
        out[s] = gains(remover, s, folders)
        print(model, s, json.dumps({k: round(v, 3) for k, v in out[s].items()}), flush=True)
    gain, small = out['photos']['overall'], sum(out[s]['overall'] for s in JUDGED[:3])
    worst = min((v, k, s) for s in JUDGED for k, v in out[s].items() if k != 'overall')
    verdict = '' if bar is None else ('  PASS' if worst[0] > 0 and gain >= bar else '  FAIL')
    print(f"{model}: photos {gain:.3f}, summed over the five photos' sets {small:.3f}, worst {worst[1]} {worst[0]:+.3f} "
          f"on {worst[2]}{verdict}", flush=True)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('models', nargs='+', help="model files, or 'shipped'")
    ap.add_argument('--bar', type=float, help="the gain on the photos set a model must reach to pass")
    ap.add_argument('--report', action='store_true', help="also score Computer Modern fonts; it chooses nothing")
    ap.add_argument('--heldout', help="also score this wm-synth folder of held-out pairs; it chooses nothing")
    ap.add_argument('--valid-photos', default='.validset/photos', help="the photos set's folder (validset.sh makes it)")
    ap.add_argument('--cache', default='/tmp/wm-judge', help="where the enlarged pairs are made once")
    ap.add_argument('--half-power', type=float, default=1., help="the remover's `half_power` (1: its default)")
    args = ap.parse_args()
    try: removers = [WatermarkRemover.load(None if m == 'shipped' else m, half_power=args.half_power)  # all, before
                     for m in args.models]                                                             # any scoring
    except (ModelError, ValueError) as e: sys.exit(f"judge.py: {e}")
    enlarged = Path(args.cache)/'pairs'
    if not Path(args.valid_photos).is_dir(): sys.exit(f"judge.py: no folder {args.valid_photos}; make it with validset.sh")
    folders = {'enlarged': enlarged if (enlarged/'manifest.csv').exists() else enlarged_pairs(args.cache),
               'photos': Path(args.valid_photos)}
    sets = list(JUDGED)
    if args.report: sets.append('cm')
    if args.heldout: folders['heldout'] = Path(args.heldout); sets.append('heldout')
    for m, remover in zip(args.models, removers): judge(m, remover, folders, sets, args.bar)
