"""Session 15: a weight average of two models of one lineage (a "model soup", as in WiSE-FT: Wortsman et al. 2022).

    python train_runs/gpu-default/soup.py OUT.pth A.pth B.pth [WEIGHT_OF_A]

Every floating-point tensor of OUT is WEIGHT_OF_A (default 0.5) times A's plus the rest times B's; integer tensors
(batch-norm counters) are A's. Both must be the same architecture, and B fine-tuned from A (or both from one
ancestor), or the average is meaningless. OUT's summary keeps both models' training commands and, as `wm-train`'s
models do, OUT's validation table (the validation photos at their own resolution, Computer Modern fonts)."""
import sys, shlex
from wm_nbdev.model import load_model, save_model
from wm_nbdev.train import native_validation, training_sources
from wm_nbdev.evaluate import summary_table

out, a_path, b_path = sys.argv[1:4]
w = float(sys.argv[4]) if len(sys.argv) > 4 else 0.5
if not 0 <= w <= 1: sys.exit(f"WEIGHT_OF_A must be from 0 to 1, not {w}")
(a, a_cfg), (b, b_cfg) = load_model(a_path), load_model(b_path)
if {k: v for k, v in a_cfg.items() if k != 'summary'} != {k: v for k, v in b_cfg.items() if k != 'summary'}:
    sys.exit(f"{a_path} and {b_path} are different architectures")
sb = b.state_dict()
a.load_state_dict({k: w * v + (1 - w) * sb[k] if v.is_floating_point() else v for k, v in a.state_dict().items()})
src = training_sources()
table = summary_table(native_validation(a, src['valid_photos'], fonts=src['valid_fonts']))
save_model(a, out, {'preset': a_cfg['summary'].get('preset'),
                    'command': 'python ' + shlex.join(sys.argv),
                    'soup': [{'weight': w, **{k: a_cfg['summary'].get(k) for k in ('command', 'best_epoch')}},
                             {'weight': 1 - w, **{k: b_cfg['summary'].get(k) for k in ('command', 'best_epoch')}}],
                    'validation': table})
print(f"{out}: {w:g} x {a_path} + {1 - w:g} x {b_path}\n{table}")
