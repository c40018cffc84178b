"""Self-distillation toward two views (session 7, on the 2-core CPU): fine-tune the default model with an extra loss
that pulls its one-view answer toward its own two-view answer (the starting model, frozen, as the teacher).

    python train_runs/gpu-default/distill.py OUT.pth MINUTES LAMBDA LR   # from the repository root, with .trainset/

It ran as `python train_runs/gpu-default/distill.py stage5.pth 35 2.0 3e-5`; see README.md for what it gave."""
import sys, torch
from pathlib import Path
from fastai.callback.core import Callback
from wm_nbdev.train import *
from wm_nbdev.model import invert_blend, load_model
from wm_nbdev.data import watermark_dls
from wm_nbdev.inference import DEFAULT_MODEL

class Distill(Callback):
    "Add lam * L1(student's restored image, the teacher's two-view restored image) to the training loss"
    def __init__(self, teacher, lam): self.teacher, self.lam = teacher.eval(), lam
    def after_loss(self):
        if not self.training: return
        x = self.learn.xb[0]
        with torch.no_grad():
            y = (self.teacher(x) + self.teacher(x.flip(-1)).flip(-1)) / 2
            target = invert_blend(x, y[:, 3:4], y[:, 4:])
        self.learn.loss_grad = self.learn.loss_grad + self.lam * (self.learn.pred[:, :3] - target).abs().mean()

out, minutes, lam, lr = Path(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
cfg = {**PRESETS['gpu-default'], 'bs': 8, 'n_train': 1600}
src = training_sources(['.trainset/photos'], ['.trainset/fonts'], ['.trainset/logos'], cfg['n_leaves'], 0)
dls = watermark_dls(src['train_photos'], src['valid_photos'], cfg['size'], cfg['bs'], cfg['n_train'], cfg['n_valid'],
                    src['train_fonts'], src['valid_fonts'], src['train_logos'], src['valid_logos'], 0, 1,
                    easy=cfg['easy'], unmarked=cfg['unmarked'], opaque=cfg['opaque'])
teacher = load_model(DEFAULT_MODEL)[0]
summary = {'experiment': 'distill', 'lam': lam, 'lr': lr}
learn = learner_for(cfg, dls, [Checkpoint(out, summary), Distill(teacher, lam), TimeBudget(minutes)])
init_from(learn.model, DEFAULT_MODEL)
learn.fit_one_cycle(1000, lr)
