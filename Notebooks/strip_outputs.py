#!/usr/bin/env python3
"""strip_outputs.py: removes outputs, execution counts and editor metadata from notebooks, so that
they are committed clean (nbstripout-style; the notebook test checks it).

    .venv/bin/python Notebooks/strip_outputs.py                # strip every Notebooks/*.ipynb
    .venv/bin/python Notebooks/strip_outputs.py --check        # exit 1 if some notebook is not clean
    .venv/bin/python Notebooks/strip_outputs.py FILE.ipynb ... # only these

Kept: the cells' sources, ids and tags (the `parameters` tag papermill reads), and the notebook's
kernelspec and language name.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parent


def stripped(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    clean = nbformat.from_dict(notebook)
    metadata = {}
    if "kernelspec" in notebook.metadata:
        metadata["kernelspec"] = notebook.metadata["kernelspec"]
    metadata["language_info"] = {"name": notebook.metadata.get("language_info", {}).get("name", "python")}
    clean.metadata = nbformat.from_dict(metadata)
    for cell in clean.cells:
        tags = cell.get("metadata", {}).get("tags")
        cell.metadata = nbformat.from_dict({"tags": tags} if tags else {})
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return clean


def is_clean(path: Path) -> bool:
    notebook = nbformat.read(path, as_version=4)
    return nbformat.writes(stripped(notebook)) == nbformat.writes(notebook)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="notebooks (default: Notebooks/*.ipynb)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if some notebook is not clean")
    args = parser.parse_args(argv)
    files = args.files or sorted(NOTEBOOKS.glob("*.ipynb"))
    dirty = []
    for path in files:
        notebook = nbformat.read(path, as_version=4)
        clean = stripped(notebook)
        if nbformat.writes(clean) != nbformat.writes(notebook):
            dirty.append(path)
            if not args.check:
                nbformat.write(clean, path)
                print(f"stripped {path}")
    if args.check and dirty:
        print("notebooks with outputs or editor metadata (run Notebooks/strip_outputs.py):",
              *map(str, dirty), sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
