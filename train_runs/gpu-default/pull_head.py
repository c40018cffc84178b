"""Session 11's CPU experiment: fine-tune only the last layers of the default model (`head` and `refine`, 6,300 of its
2.35 M parameters) with the loss taken after the remover's own inference steps: the half-size look blended in with
a weight of 0.4, then the blend inverted with the neighbours' pull (`invert_with_neighbours`, three neighbourhoods).
The GPU recipe trained on the plain inversion; this asks whether the model's opacity and colour can be tuned to what
the remover does with them. Fresh crops of 192 px from the training photos, fonts and logos, in batches of 8.

    python train_runs/gpu-default/pull_head.py OUT.pth MINUTES LR   # from the repository root, with .trainset/

Every `--every` steps it prints the validation crops' PSNR after the remover's steps (64 crops of the validation
photos), and saves the model to OUT.pth (a portable model file) when that is the best so far; README.md says what it
gave."""
import argparse, time
import torch, torch.nn.functional as F
from wm_nbdev.train import PRESETS, training_sources
from wm_nbdev.data import watermark_dls
from wm_nbdev.model import load_model, save_model, restore_loss, psnr
from wm_nbdev.inference import DEFAULT_MODEL, NEIGHBOURHOODS, invert_with_neighbours


def removed(model, x, half=0.4, opacity_error=0.5):
    "What the remover makes of the batch `x` (B x 3 x H x W): cleaned (3), and the model's full-size opacity and colour"
    with torch.autocast('cpu', torch.bfloat16):
        y = model(x)
        small = model(F.avg_pool2d(x, 2))
    y, small = y.float(), F.interpolate(small.float(), size=x.shape[-2:], mode='bilinear', align_corners=False)
    layer = (1 - half) * y[:, 3:] + half * small[:, 3:]
    clean = torch.stack([invert_with_neighbours(xi, li[:1], li[1:], opacity_error, NEIGHBOURHOODS)
                         for xi, li in zip(x, layer)])
    return torch.cat([clean, y[:, 3:]], 1)


def valid_psnr(model, dl) -> float:
    model.eval()
    with torch.no_grad(): return float(torch.stack([psnr(removed(model, x), y) for x, y in dl]).mean())


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('out'); ap.add_argument('minutes', type=float); ap.add_argument('lr', type=float)
    ap.add_argument('--every', type=int, default=200)
    args = ap.parse_args()
    cfg = PRESETS['gpu-default']
    src = training_sources(['.trainset/photos'], ['.trainset/fonts'], ['.trainset/logos'], cfg['n_leaves'], 0)
    dls = watermark_dls(src['train_photos'], src['valid_photos'], cfg['size'], 8, 100_000, 64, src['train_fonts'],
                        src['valid_fonts'], src['train_logos'], src['valid_logos'], 0, 1, easy=cfg['easy'],
                        unmarked=cfg['unmarked'], opaque=cfg['opaque'])
    model, config = load_model(DEFAULT_MODEL)
    for p in model.parameters(): p.requires_grad_(False)
    tuned = [p for m in (model.head, model.refine) for p in m.parameters()]
    for p in tuned: p.requires_grad_(True)
    opt = torch.optim.Adam(tuned, args.lr)
    t0, step, losses, best = time.time(), 0, [], valid_psnr(model, dls.valid)
    print(f"{sum(p.numel() for p in tuned)} parameters tuned; validation crops, PSNR after the remover's steps: "
          f"{best:.3f} at the start", flush=True)
    while time.time() - t0 < args.minutes * 60:
        for x, y in dls.train:
            model.train()
            loss = restore_loss(removed(model, x), y)
            opt.zero_grad(); loss.backward(); opt.step()
            losses.append(float(loss)); step += 1
            if step % args.every == 0 or time.time() - t0 > args.minutes * 60:
                v = valid_psnr(model, dls.valid)
                if v > best:
                    best = v
                    save_model(model, args.out, {**config.get('summary', {}), 'pull_head': {'steps': step, 'lr': args.lr}})
                print(f"step {step}, {(time.time() - t0) / 60:.1f} min: train loss {sum(losses) / len(losses):.4f}, "
                      f"valid PSNR {v:.3f}{' (saved)' if v == best else ''}", flush=True)
                losses = []
            if time.time() - t0 > args.minutes * 60: break
