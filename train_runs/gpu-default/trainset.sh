#!/usr/bin/env bash
# Gathers the training photos, fonts and logos of the gpu-default run into one folder (default: .trainset) small
# enough to travel to a GPU machine: photos from Debian packages (none of the packages reserved for the independent
# evaluation), at most 2048 px on a side, as JPEG; a few font files per family; the 32 px Tango icons as logos.
# Needs: apt-get install gnome-backgrounds sway-backgrounds mypaint-data-extras tango-icon-theme and the font
# packages of train_runs/cpu-default/README.md; a Python with Pillow (the project's virtual environment).
set -euo pipefail
dest=$(realpath -m "${1:-.trainset}")
py=${PYTHON:-python3}
mkdir -p "$dest"/{photos,fonts,logos}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# OpenCV's documentation ships real photos: people, streets, signs, newspapers, fruit, paintings
(cd "$tmp" && apt-get download -qq opencv-doc && dpkg-deb -x opencv-doc_*.deb x)
doc="$tmp/x/usr/share/doc/opencv-doc"
cv_data="aero1 aero3 aloeL apple baboon board building butterfly ela_original fruits graf1 home leuvenA
  licenseplate_motion messi5 orange rubberwhale1 smarties starry_night sudoku stuff left Blender_Suzanne1 HappyFish"
cv_html="05 19 25 26 27 28 29 35 36 41 42 43 44 45 50 51 52 56 60 75 79 80 81 86 87 91 103 105 108"
srcs=()
for n in $cv_data; do for f in "$doc/examples/data/$n".{jpg,png}; do [ -f "$f" ] && srcs+=("$f"); done; done
# the tutorials' photos, by their rank among the tutorial JPEGs of at least 400 px and 60 kB (see the README)
mapfile -t ranked < <("$py" - "$doc/opencv4/html" <<'PY'
import sys, os
from pathlib import Path
from PIL import Image
for p in sorted(Path(sys.argv[1]).glob('*.jpg')):
    im = Image.open(p)
    if os.path.getsize(p) > 60000 and min(im.size) >= 400 and im.mode == 'RGB': print(p)
PY
)
for i in $cv_html; do srcs+=("${ranked[$((10#$i))]}"); done
srcs+=(/usr/share/backgrounds/gnome/*.webp /usr/share/backgrounds/sway/Sway_Wallpaper_Blue_2048x1536.png
       /usr/share/mypaint/backgrounds/*/*.png)
"$py" - "$dest/photos" "${srcs[@]}" <<'PY'
import sys
from pathlib import Path
from PIL import Image
out = Path(sys.argv[1])
for i, p in enumerate(sys.argv[2:]):
    im = Image.open(p).convert('RGB')
    if max(im.size) < 96: continue
    im.thumbnail((2048, 2048), Image.Resampling.LANCZOS)
    im.save(out/f"{i:03d}-{Path(p).stem.replace(' ', '_')}.jpg", quality=92)
PY

# fonts: up to three files of each family folder (DejaVu ships with matplotlib already)
for d in /usr/share/fonts/*/*/; do
  case "$d" in *dejavu*) continue;; esac
  find "$d" -maxdepth 1 -type f \( -name '*.ttf' -o -name '*.otf' \) | sort | head -3 | xargs -r cp -t "$dest/fonts"
done
for f in /usr/share/icons/Tango/32x32/*/*.png; do cp "$f" "$dest/logos/$(basename "$(dirname "$f")")-$(basename "$f")"; done
echo "$dest: $(ls "$dest/photos" | wc -l) photos, $(ls "$dest/fonts" | wc -l) fonts, $(ls "$dest/logos" | wc -l) logos, $(du -sh "$dest" | cut -f1)"
