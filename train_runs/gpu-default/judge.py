"""The test a new default model must pass to ship (Session 13's, used since): its PSNR gain over the identity per style,
through `WatermarkRemover` as it ships (one view), on three validation sets:

- "the 40": the 40 validation watermarks of README.md (`native_validation`, the validation photos and fonts);
- "second": a second draw of 80 on the same photos (`seed=2`);
- "enlarged": 120 pairs of 512 px cut from the validation photos enlarged twice (`neighbours.enlarged_pairs`, made
  once into `--cache`).

A model passes when no style on any of the three sets is below the identity and its overall gains, summed over the
three, reach `--bar` (the shipped model's sum plus 0.1, written down before training). It also scores sets that
choose nothing: with `--report`, the 40 with Computer Modern fonts (`04_train`'s test); with `--heldout`, a
`wm-synth` folder of held-out pairs (the cpu-default README says how to make it); with `--valid-photos`, a fourth
draw (`seed=4`), two marks on each photo of a folder that training never sees (`validset.sh` makes 130).

    python train_runs/gpu-default/judge.py MODEL [MODEL ...] [--bar 11.038] [--report] [--heldout /tmp/heldout]
        [--valid-photos .validset/photos]

MODEL is a model file or `shipped`. Each set prints as a line of per-style gains; each model ends with its sum, its
worst style and, with `--bar`, PASS or FAIL."""
import argparse, json, sys
from pathlib import Path

from wm_nbdev.data import folder_images
from wm_nbdev.evaluate import evaluate_pairs
from wm_nbdev.inference import WatermarkRemover
from wm_nbdev.model import ModelError
from wm_nbdev.train import native_validation, psnr_gains, training_sources
from neighbours import enlarged_pairs

JUDGED = ('40', 'second', 'enlarged')


def gains(remover, name, folders):
    "PSNR gain over the identity per style and overall on the set `name` (its folder in `folders`, where it has one)"
    src = training_sources(fonts=['/usr/share/fonts'])
    if name == 'photos':
        return psnr_gains(native_validation(remover, folder_images(folders[name]), n_specs=2, seed=4, fonts=src['valid_fonts']))
    if name in folders: return psnr_gains(evaluate_pairs(folders[name], remover, progress=False))
    fonts = training_sources()['valid_fonts'] if name == 'cm' else src['valid_fonts']  # cm: matplotlib's only
    draw = dict(n_specs=16, seed=2) if name == 'second' else {}
    return psnr_gains(native_validation(remover, src['valid_photos'], fonts=fonts, **draw))


def judge(model, remover, folders, sets, bar=None):
    "Prints each set's gains for `remover` (loaded from `model`), then the sum over `JUDGED`, the worst style and the verdict"
    out = {}
    for s in sets:
        out[s] = gains(remover, s, folders)
        print(model, s, json.dumps({k: round(v, 3) for k, v in out[s].items()}), flush=True)
    total = sum(out[s]['overall'] for s in JUDGED)
    worst = min((v, k, s) for s in JUDGED for k, v in out[s].items() if k != 'overall')
    verdict = '' if bar is None else ('  PASS' if worst[0] > 0 and total >= bar else '  FAIL')
    print(f"{model}: summed {total:.3f}, worst {worst[1]} {worst[0]:+.3f} on {worst[2]}{verdict}", flush=True)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('models', nargs='+', help="model files, or 'shipped'")
    ap.add_argument('--bar', type=float, help="the summed gain a model must reach to pass")
    ap.add_argument('--report', action='store_true', help="also score Computer Modern fonts; it chooses nothing")
    ap.add_argument('--heldout', help="also score this wm-synth folder of held-out pairs; it chooses nothing")
    ap.add_argument('--valid-photos', help="also score a draw on this folder of validation photos; it chooses nothing")
    ap.add_argument('--cache', default='/tmp/wm-judge', help="where the enlarged pairs are made once")
    args = ap.parse_args()
    try: removers = [WatermarkRemover.load(None if m == 'shipped' else m) for m in args.models]  # all, before any scoring
    except ModelError as e: sys.exit(f"judge.py: {e}")
    enlarged = Path(args.cache)/'pairs'
    folders = {'enlarged': enlarged if (enlarged/'manifest.csv').exists() else enlarged_pairs(args.cache)}
    sets = list(JUDGED)
    if args.report: sets.append('cm')
    if args.heldout: folders['heldout'] = Path(args.heldout); sets.append('heldout')
    if args.valid_photos: folders['photos'] = Path(args.valid_photos); sets.append('photos')
    for m, remover in zip(args.models, removers): judge(m, remover, folders, sets, args.bar)
