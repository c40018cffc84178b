"""Write README.md from nbs/index.ipynb (what `nbdev-readme` does, without Quarto, which cannot be installed here):
markdown cells as they are, code cells as Python blocks, cells marked `#| hide` left out, image links made relative
to the repo root. `--check` fails if README.md is out of date instead of writing it."""
import re, sys
from pathlib import Path
from nbdev.process import NBProcessor

root = Path(__file__).resolve().parent.parent


def cell_markdown(cell):
    if cell.cell_type == 'markdown': return re.sub(r'\]\((?!https?:|#)([^)]+)\)', r'](nbs/\1)', cell.source)
    if cell.cell_type == 'code' and cell.source.strip(): return f"```python\n{cell.source.strip()}\n```"


def readme() -> str:
    nb = NBProcessor(root/'nbs/index.ipynb', rm_directives=False, process=True).nb
    shown = [c for c in nb.cells if 'hide' not in (getattr(c, 'directives_', None) or {})]
    for c in shown:
        if c.cell_type == 'code': c.source = '\n'.join(l for l in c.source.splitlines() if not l.startswith('#|'))
    body = '\n\n'.join(filter(None, map(cell_markdown, shown)))
    return f"{body}\n\n<!-- Generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, not this file -->\n"


if __name__ == '__main__':
    text, path = readme(), root/'README.md'
    if '--check' in sys.argv:
        if path.read_text() != text: sys.exit("README.md is out of date: run `python .ci/readme.py`")
    else: path.write_text(text)
