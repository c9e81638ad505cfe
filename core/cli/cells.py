"""``leukemia cells``: the white cells of fields, as boxes and optional overlay images."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from core.cli.common import TerminalProgress, UserError, show
from core.progress import Progress


def cmd_cells(args: argparse.Namespace) -> int:
    from core.cells import detect_cells
    from core.cells.render import draw_boxes
    from core.data.images import ImageError, load_rgb
    from core.fileutil import OutputRefused, atomic_write_bytes, guard_output_file, is_inside
    from core.inference.predictor import expand_paths

    paths = expand_paths(args.paths)
    if not paths:
        raise UserError("no image files found in the given paths")
    overlay = Path(args.overlay) if args.overlay else None
    if overlay is not None:
        for root in (p for p in map(Path, args.paths) if p.is_dir()):
            if is_inside(overlay, root):
                raise OutputRefused(f"{overlay}: the overlay folder must not be inside the "
                                    f"images' folder {root}")
        if overlay.exists() and not overlay.is_dir():
            raise OutputRefused(f"{overlay}: exists and is not a folder")
    used: set[str] = set()
    ok = 0
    bar = TerminalProgress(args.quiet or args.json)
    for n, path in enumerate(paths, 1):
        try:
            rgb = load_rgb(path)
        except ImageError as exc:
            if args.json:
                print(json.dumps({"path": show(path), "error": exc.reason}, ensure_ascii=False))
            else:
                print(f"{show(path)}: ERROR {exc.reason}")
            continue
        cells = detect_cells(rgb)
        ok += 1
        record = {"path": show(path), "width": rgb.shape[1], "height": rgb.shape[0],
                  "cells": [c.to_dict() for c in cells]}
        if not cells:
            record["note"] = "no white cell found"
        if overlay is not None:
            stem, k = path.stem, 1  # a new name: two inputs with one name, or an old file
            while f"{stem}.cells.png".lower() in used or (overlay / f"{stem}.cells.png").exists():
                k += 1
                stem = f"{path.stem}-{k}"
            used.add(f"{stem}.cells.png".lower())
            target = guard_output_file(overlay / f"{stem}.cells.png", inputs=paths,
                                       what="overlay image")
            ok_png, png = cv2_encode_png(draw_boxes(rgb, cells, scale=2))
            if ok_png:
                atomic_write_bytes(target, png)
                record["overlay"] = show(target)
        if args.json:
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            what = f"{len(cells)} white cell(s)" if cells else "no white cell found"
            boxes = "  ".join(f"[{c.x},{c.y} {c.w}x{c.h}]" for c in cells)
            print(f"{show(path)}: {what}" + (f"  {boxes}" if boxes else ""))
        bar(Progress("cells", n, len(paths), path.name))
    return 0 if ok else 1


def cv2_encode_png(rgb: Any) -> tuple[bool, bytes]:
    import cv2

    ok, buf = cv2.imencode(".png", rgb[..., ::-1])
    return bool(ok), buf.tobytes() if ok else b""


def add_parser(sub: Any) -> None:
    p = sub.add_parser("cells", help="find the white cells of fields (boxes in image pixels)")
    p.add_argument("paths", nargs="+", help="image files or folders")
    p.add_argument("--json", action="store_true",
                   help='one JSON record per image: "path" and "cells": [{"x","y","w","h","area",...}]')
    p.add_argument("--overlay", metavar="DIR", help="write <name>.cells.png with the boxes drawn")
    p.set_defaults(func=cmd_cells)
