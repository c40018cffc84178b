"""Remove visible watermarks from photos at full resolution: data synthesis, fastai U-Nets, CLI, widgets and a web app

Modules:

- `wm_nbdev.app`: A Flask web app and JSON API for removing and adding watermarks, with per-request model monitoring in SQLite and Prometheus metrics; `wm-serve`.
- `wm_nbdev.core`: The one door through which images enter and leave: loading any image safely, saving atomically, and the conversions between PIL, numpy and tensors that the other modules share.
- `wm_nbdev.data`: Image sources (any folder, the bundled offline photos, Oxford-IIIT Pets), random crops at native resolution, the pairs folders `wm-synth` writes, and fastai `DataLoaders` that make fresh watermarks for every sample.
- `wm_nbdev.evaluate`: Scores on a pairs folder, per watermark style, always beside the do-nothing baseline and the ceiling of the classic 128 px pipeline; pictures of the best and worst cases; a report; `wm-eval`.
- `wm_nbdev.inference`: `WatermarkRemover`: any image in, the same image cleaned at its own resolution out (overlapping tiles blended without seams, bounded memory), and `wm-remove`.
- `wm_nbdev.model`: The compact watermark-removal network (it finds the watermark and inverts the blend), the classic ResNet34 U-Net, losses and metrics, and a portable model file.
- `wm_nbdev.train`: Training recipes: `cpu-default` (the compact model, trained here on a CPU) and `colab-resnet34` (the classic recipe on a Colab GPU), with checkpoints, resume, validation at native resolution, and `wm-train`.
- `wm_nbdev.widgets`: An upload-and-clean demo with ipywidgets: upload photos, optionally watermark them first, remove the watermark at full resolution, compare, zoom and download."""

__version__ = "0.1.0"
