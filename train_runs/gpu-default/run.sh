#!/usr/bin/env bash
# The gpu-default training run, as it ran on a lent GPU machine with no network (see README.md): the wheels in .whl
# (the project's pure-Python dependencies that machine lacks) go to /tmp/site, the photos, fonts and logos come from
# .trainset (trainset.sh), and everything the run writes goes to $OUT (default: train_runs/gpu-default/out).
# MINUTES (default 7) is the training time; EXTRA adds wm-train options (for a dry run on a CPU).
set -euo pipefail
out=${OUT:-train_runs/gpu-default/out}; mkdir -p "$out"
if [ -d .whl ]; then python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/site .whl/*.whl; fi
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1
# the data workers hand batches over through shared memory: make sure there is room for 15 workers' prefetched batches
if [ -d /dev/shm ] && [ "$(df --output=size -k /dev/shm | tail -1)" -lt 8000000 ]; then mount -o remount,size=16G /dev/shm || true; fi
df -h /dev/shm | tail -1
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null || echo "no GPU"
echo "$(nproc) CPUs; python $(python3 -c 'import sys, torch; print(sys.version.split()[0], "torch", torch.__version__)')"
printf 'import sys\nfrom wm_nbdev.train import wm_train\nsys.exit(wm_train())\n' > /tmp/wm-train  # the console script
python3 /tmp/wm-train \
  --preset gpu-default -o "$out/default.pth" --minutes "${MINUTES:-7}" --workers "$(( $(nproc) - 1 ))" \
  --photos .trainset/photos --fonts .trainset/fonts --logos .trainset/logos ${EXTRA:-} 2>&1 | tee "$out/train.log"
