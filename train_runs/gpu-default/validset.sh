#!/usr/bin/env bash
# Gathers validation photos that training never sees into one folder (default: .validset/photos): the photographs
# GCompris ships (monuments, wild and farm animals, musicians, landscapes, paintings, objects), carved out of the Qt
# resource files of the Debian package gcompris-qt-data (not one of the packages reserved for the independent
# evaluation), at most 1024 px on a side, as JPEG. Without packages to install; needs apt-get download and a Python
# with Pillow (the project's virtual environment).
set -euo pipefail
dest=$(realpath -m "${1:-.validset/photos}")
py=${PYTHON:-python3}
mkdir -p "$dest"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -qq gcompris-qt-data && dpkg-deb -x gcompris-qt-data_*.deb x)
"$py" - "$tmp/x/usr/share/gcompris-qt/rcc" "$dest" <<'PY'
import hashlib, io, re, sys
from pathlib import Path
from PIL import Image
rcc, out = map(Path, sys.argv[1:])
skip = {'details', 'babyshapes'}  # paintings with holes cut out of them; flat shapes
seen, n = set(), 0
for f in sorted(rcc.glob('*.rcc')):
    if f.stem in skip: continue
    data = f.read_bytes()
    for m in re.finditer(rb'\xff\xd8\xff|RIFF....WEBPVP8', data, re.S):  # JPEG and WebP images, stored uncompressed
        try: im = Image.open(io.BytesIO(data[m.start():])); im.load()
        except Exception: continue
        opaque = im.mode == 'RGB' or (im.mode == 'RGBA' and im.getchannel('A').getextrema()[0] == 255)
        digest = hashlib.sha1(im.tobytes()).digest()
        if min(im.size) < 300 or not opaque or digest in seen: continue
        seen.add(digest)
        im = im.convert('RGB')
        im.thumbnail((1024, 1024), Image.Resampling.LANCZOS)
        im.save(out/f"{f.stem}-{n:03d}.jpg", quality=92); n += 1
print(f"{out}: {n} photos")
PY
