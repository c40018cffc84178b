"""Remove visible watermarks from photos at full resolution: data synthesis, fastai U-Nets, CLI, widgets and a web app

Modules:

- `wm_nbdev.core`: The one door through which images enter and leave: loading any image safely, saving atomically, and the conversions between PIL, numpy and tensors that the other modules share."""

__version__ = "0.1.0"
