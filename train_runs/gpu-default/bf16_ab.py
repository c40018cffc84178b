"""Session 13: does training in bfloat16 learn what float32 learns? One epoch of 100 steps of 16 crops, from the
shipped model, at a peak rate of 2e-4 (one cycle over the epoch, no clock), with the data made in the process
(`workers=0`, so both runs see the same crops), then the validation crops' scores:

    python train_runs/gpu-default/bf16_ab.py fp32
    python train_runs/gpu-default/bf16_ab.py bf16

Run from the repository root with the `.trainset` folders (`trainset.sh`). Writes /tmp/ab-MODE.pth and prints the
wall time and the epoch's history row."""
import json, sys, time

import torch

from wm_nbdev.train import PRESETS, train

mode = sys.argv[1]
if mode not in ('fp32', 'bf16'): sys.exit("usage: bf16_ab.py fp32|bf16")
preset = dict(PRESETS['gpu-default']); del preset['minutes']  # the schedule by the batch count, as fast as each runs
PRESETS['gpu-default-epochs'] = preset
t = time.time()
train(f'/tmp/ab-{mode}.pth', 'gpu-default-epochs', ['.trainset/photos'], ['.trainset/fonts'], ['.trainset/logos'],
      num_workers=0, quiet=True, init='wm_nbdev/models/default.pth', lr=2e-4, bs=16, n_train=1600, epochs=1,
      bf16=mode == 'bf16')
history = json.loads(torch.load(f'/tmp/ab-{mode}.ckpt', weights_only=True)['summary'])['history']
print(mode, f"{time.time() - t:.0f} s", history)
