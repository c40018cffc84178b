"""Remove visible watermarks from photos at full resolution: data synthesis, fastai U-Nets, CLI, widgets and a web app

Modules:

- `wm_nbdev.core`: The one door through which images enter and leave: loading any image safely, saving atomically, and the conversions between PIL, numpy and tensors that the other modules share.
- `wm_nbdev.data`: Image sources (any folder, the bundled offline photos, Oxford-IIIT Pets), random crops at native resolution, the pairs folders `wm-synth` writes, and fastai `DataLoaders` that make fresh watermarks for every sample."""

__version__ = "0.1.0"
