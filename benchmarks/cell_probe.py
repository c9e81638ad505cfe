"""Read the cells: frozen ImageNet features of the detected white cells, pooled per field.

    .venv/bin/python benchmarks/cell_probe.py windows        # detect + cut 64-px windows (cache)
    .venv/bin/python benchmarks/cell_probe.py features       # backbone features per window
    .venv/bin/python benchmarks/cell_probe.py fit            # pooled field features -> classifier
    .venv/bin/python benchmarks/cell_probe.py fit-cells      # per-cell classifier, fields by mean log-prob

Uses the benchmark's block split (seed 42, 70/15/15, blocks of 20, near-duplicates grouped),
so its figures sit beside the field model's in docs/benchmarks.md. Caches go to benchmarks/out/.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.classes import CLASSES  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
DATA = ROOT.parent / "shared" / "data" / "aria2021-all" / "original"
MAX_CELLS = 32  # per field, largest first (a crowded Pre-B field has ~25)


def split_manifest(seed: int):
    from core.data.scan import scan
    from core.data.split import split_dataset

    path = OUT / f"split_seed{seed}.json"
    if path.is_file():
        from core.data.split import read_manifest

        return read_manifest(path)
    from core.data.split import write_manifest

    manifest = split_dataset(scan(DATA), fractions=(0.7, 0.15, 0.15), seed=seed, block_size=20)
    OUT.mkdir(parents=True, exist_ok=True)
    write_manifest(manifest, path)
    return manifest


def cmd_windows(args: argparse.Namespace) -> int:
    import cv2

    from core.cells import cell_windows, detect_cells
    from core.data.images import load_rgb

    manifest = split_manifest(42)
    entries = sorted(manifest.entries, key=lambda e: e.path)
    windows, owner, counts = [], [], []
    t0 = time.perf_counter()
    cv2.setNumThreads(1)
    for k, e in enumerate(entries):
        rgb = load_rgb(manifest.resolve(e.path))
        cells = detect_cells(rgb)[:MAX_CELLS]
        counts.append(len(cells))
        if cells:
            windows.append(cell_windows(rgb, cells, 64))
            owner.extend([k] * len(cells))
    w = np.concatenate(windows)
    np.savez(OUT / "cell_windows.npz", windows=w, owner=np.array(owner), counts=np.array(counts),
             paths=np.array([e.path for e in entries]), labels=np.array([e.label for e in entries]))
    print(f"{len(entries)} fields, {len(w)} cells ({np.mean(counts):.1f} per field, "
          f"{sum(c == 0 for c in counts)} with none) in {time.perf_counter() - t0:.0f} s")
    return 0


# The robustness range of issue #24: each change applied to the whole test field.
def _jpeg(rgb: np.ndarray, q: int) -> np.ndarray:
    import cv2

    ok, buf = cv2.imencode(".jpg", rgb[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, int(q)])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)[..., ::-1].copy()


def _lin(rgb: np.ndarray, a: float) -> np.ndarray:
    return np.clip(rgb.astype(np.float32) * a, 0, 255).astype(np.uint8)


def _contrast(rgb: np.ndarray, c: float) -> np.ndarray:
    m = rgb.reshape(-1, 3).mean(0)
    return np.clip((rgb.astype(np.float32) - m) * c + m, 0, 255).astype(np.uint8)


def _gamma(rgb: np.ndarray, g: float) -> np.ndarray:
    return np.clip(255.0 * (rgb / 255.0) ** g, 0, 255).astype(np.uint8)


def _hsv(rgb: np.ndarray, dh: float = 0.0, s: float = 1.0) -> np.ndarray:
    from tests.oodsets import hsv_shift

    return hsv_shift(rgb, dh, s)


def _blur(rgb: np.ndarray, sigma: float) -> np.ndarray:
    import cv2

    return cv2.GaussianBlur(rgb, (0, 0), sigma) if sigma > 0 else rgb


CHANGES = {
    "hue +15°": lambda x: _hsv(x, 15 / 360), "hue -15°": lambda x: _hsv(x, -15 / 360),
    "saturation x0.5": lambda x: _hsv(x, 0, 0.5), "saturation x1.5": lambda x: _hsv(x, 0, 1.5),
    "brightness x0.8": lambda x: _lin(x, 0.8), "brightness x1.2": lambda x: _lin(x, 1.2),
    "contrast x0.8": lambda x: _contrast(x, 0.8), "contrast x1.2": lambda x: _contrast(x, 1.2),
    "gamma 0.8": lambda x: _gamma(x, 0.8), "gamma 1.25": lambda x: _gamma(x, 1.25),
    "jpeg q30": lambda x: _jpeg(x, 30), "jpeg q95": lambda x: _jpeg(x, 95),
    "blur sigma 1": lambda x: _blur(x, 1.0),
}


def change_key(name: str) -> str:
    """The file-name form of a change's name ("hue +15°" -> "hue_p15deg")."""
    return name.replace(" ", "_").replace("°", "deg").replace("+", "p").replace("-", "m")


def changed_sets(tag: str):
    """``(name, cached features)`` of each change of the robustness range computed so far."""
    for name in CHANGES:
        f = OUT / f"feat_change_{change_key(name)}_{tag}.npz"
        if f.is_file():
            yield name, np.load(f)


def jitter(rgb: np.ndarray, rng: np.random.Generator, jpeg: bool) -> np.ndarray:
    """A training copy: random stain and exposure within the robustness range, a random
    flip/rotation, and (``jpeg``) a JPEG re-compression at q30-90 and a mild blur."""
    x = _hsv(rgb, rng.uniform(-15, 15) / 360, rng.uniform(0.5, 1.5))
    x = _lin(x, rng.uniform(0.8, 1.2))
    x = _contrast(x, rng.uniform(0.85, 1.15))
    x = _gamma(x, rng.uniform(0.85, 1.2))
    x = np.ascontiguousarray(np.rot90(x, int(rng.integers(4))))
    if rng.random() < 0.5:
        x = np.ascontiguousarray(x[:, ::-1])
    if jpeg:
        x = _blur(x, float(rng.uniform(0, 0.8)))
        x = _jpeg(x, int(rng.integers(30, 91)))
    return x


BALANCE = False  # set by --balance: each field divided by its glass colour before cutting
CHROMA: float | None = None  # set by --chroma: each field's chroma scaled to this level


def _cut(rgb: np.ndarray, cells) -> np.ndarray:
    """The field's 64-px windows, white-balanced (``BALANCE``) and chroma-normalised
    (``CHROMA``, :func:`core.model.cells.normalise_chroma`) where asked."""
    from core.cells import cell_windows
    from core.model.cells import chroma_gain, normalise_chroma

    w = cell_windows(white_balance(rgb) if BALANCE else rgb, cells, 64)
    if CHROMA is not None:
        w = np.rint(normalise_chroma(w, chroma_gain(rgb, CHROMA))).astype(np.uint8)
    return w


def white_balance(rgb: np.ndarray) -> np.ndarray:
    """The field scaled so that its glass is white (a lamp's colour cast and brightness gone)."""
    from core.cells.detect import _glass

    g = np.maximum(_glass(rgb), 1.0)
    return np.clip(rgb.astype(np.float32) * (255.0 / g), 0, 255).astype(np.uint8)


def _windows_of(images: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from core.cells import detect_cells

    windows, owner, counts = [], [], []
    for k, rgb in enumerate(images):
        cells = detect_cells(rgb)[:MAX_CELLS]
        counts.append(len(cells))
        if cells:
            windows.append(_cut(rgb, cells))
            owner.extend([k] * len(cells))
    w = np.concatenate(windows) if windows else np.zeros((0, 64, 64, 3), np.uint8)
    return w, np.array(owner, dtype=np.int64), np.array(counts)


def _extract(extractor, windows: np.ndarray, size: int, batch: int = 256) -> np.ndarray:
    import cv2

    out = []
    for i in range(0, len(windows), batch):
        chunk = np.stack([cv2.resize(w, (size, size), interpolation=cv2.INTER_LINEAR)
                          for w in windows[i:i + batch]]).astype(np.float32)
        out.append(np.asarray(extractor(chunk, training=False)))
    return np.concatenate(out) if out else np.zeros((0, extractor.output_shape[-1]), np.float32)


def cmd_features(args: argparse.Namespace) -> int:
    import cv2

    from core.model.backbones import feature_extractor
    from core.data.images import load_rgb

    cv2.setNumThreads(1)
    size = args.size
    extractor = feature_extractor(args.layers.split(","), input_shape=(size, size, 3))
    cache = np.load(OUT / "cell_windows.npz")
    manifest = split_manifest(42)
    split_of = {e.path: e.split for e in manifest.entries}
    paths = [str(p) for p in cache["paths"]]
    global BALANCE, CHROMA
    BALANCE, CHROMA = args.balance, args.chroma
    tag = _tag(args)
    t0 = time.perf_counter()
    if args.balance or args.chroma is not None:
        w, owner, counts = _windows_of([load_rgb(manifest.resolve(p)) for p in paths])
    else:
        w, owner, counts = cache["windows"], cache["owner"], cache["counts"]
    feats = _extract(extractor, w, size)
    np.savez(OUT / f"feat_clean_{tag}.npz", feats=feats, owner=owner, counts=counts)
    print(f"clean: {len(feats)} cells in {time.perf_counter() - t0:.0f} s", flush=True)
    rng = np.random.default_rng(0)
    train_idx = [k for k, p in enumerate(paths) if split_of[p] == "train"]
    for copy, jpeg in (("augA", False), ("augB", True), ("augC", True))[:args.copies]:
        t0 = time.perf_counter()
        imgs = [jitter(load_rgb(manifest.resolve(paths[k])), rng, jpeg) for k in train_idx]
        w, owner, counts = _windows_of(imgs)
        np.savez(OUT / f"feat_{copy}_{tag}.npz", feats=_extract(extractor, w, size),
                 owner=np.array(train_idx)[owner] if len(owner) else owner,
                 counts=counts, fields=np.array(train_idx))
        print(f"{copy}: {len(w)} cells in {time.perf_counter() - t0:.0f} s", flush=True)
    test_idx = [k for k, p in enumerate(paths) if split_of[p] == "test"]
    test_imgs = [load_rgb(manifest.resolve(paths[k])) for k in test_idx]
    for name, change in CHANGES.items():
        t0 = time.perf_counter()
        w, owner, counts = _windows_of([change(x) for x in test_imgs])
        key = change_key(name)
        np.savez(OUT / f"feat_change_{key}_{tag}.npz", feats=_extract(extractor, w, size),
                 owner=np.array(test_idx)[owner] if len(owner) else owner, counts=counts,
                 fields=np.array(test_idx), name=name)
        print(f"{name}: {len(w)} cells in {time.perf_counter() - t0:.0f} s", flush=True)
    return 0


def _tag(args: argparse.Namespace) -> str:
    """The cache files' tag of a feature variant."""
    return (f"{args.layers.replace(',', '+')}_{args.size}" + ("_wb" if args.balance else "")
            + (f"_chroma{args.chroma:g}" if args.chroma is not None else ""))


def pool_fields(feats: np.ndarray, owner: np.ndarray, fields: np.ndarray) -> np.ndarray:
    """Mean and max of the cells' features per field (a field with no cell: zeros)."""
    d = feats.shape[1]
    out = np.zeros((len(fields), 2 * d + 1), np.float32)
    row = {int(f): i for i, f in enumerate(fields)}
    order = np.argsort(owner, kind="stable")
    owner_s, feats_s = owner[order], feats[order]
    bounds = np.flatnonzero(np.diff(owner_s)) + 1
    for chunk_o, chunk_f in zip(np.split(owner_s, bounds), np.split(feats_s, bounds)):
        if len(chunk_o) and int(chunk_o[0]) in row:
            i = row[int(chunk_o[0])]
            out[i, :d], out[i, d:2 * d] = chunk_f.mean(0), chunk_f.max(0)
            out[i, -1] = np.log1p(len(chunk_o))
    return out


def cmd_fit(args: argparse.Namespace) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import balanced_accuracy_score
    from sklearn.preprocessing import StandardScaler

    tag = f"{args.layers.replace(',', '+')}_{args.size}"
    cache = np.load(OUT / "cell_windows.npz")
    manifest = split_manifest(42)
    split_of = {e.path: e.split for e in manifest.entries}
    paths = [str(p) for p in cache["paths"]]
    y_all = np.array([CLASSES.index(str(v)) for v in cache["labels"]])
    idx = {s: np.array([k for k, p in enumerate(paths) if split_of[p] == s]) for s in ("train", "val", "test")}
    clean = np.load(OUT / f"feat_clean_{tag}.npz")
    X_clean = pool_fields(clean["feats"], clean["owner"], np.arange(len(paths)))
    Xs, ys = [X_clean[idx["train"]]], [y_all[idx["train"]]]
    for copy in args.aug.split(",") if args.aug else []:
        a = np.load(OUT / f"feat_{copy}_{tag}.npz")
        Xs.append(pool_fields(a["feats"], a["owner"], a["fields"]))
        ys.append(y_all[a["fields"]])
    X_train, y_train = np.concatenate(Xs), np.concatenate(ys)
    scaler = StandardScaler().fit(X_train)
    results = {}
    best = None
    for C in (0.001, 0.003, 0.01, 0.03, 0.1):
        clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
        clf.fit(scaler.transform(X_train), y_train)
        pv = clf.predict(scaler.transform(X_clean[idx["val"]]))
        acc = float((pv == y_all[idx["val"]]).mean())
        results[C] = acc
        if best is None or acc > best[0] + 1e-9:
            best = (acc, C, clf)
    acc_v, C, clf = best
    def score(X: np.ndarray, y: np.ndarray) -> dict:
        p = clf.predict_proba(scaler.transform(X))
        pred = p.argmax(1)
        malignant = y != 0
        return {"n": int(len(y)), "accuracy": float((pred == y).mean()),
                "balanced": float(balanced_accuracy_score(y, pred)),
                "malignant_called_benign": int(((pred == 0) & malignant).sum()),
                "errors": int((pred != y).sum())}
    test = score(X_clean[idx["test"]], y_all[idx["test"]])
    if args.errors:
        pt = clf.predict_proba(scaler.transform(X_clean[idx["test"]]))
        for k, p_, y_ in zip(idx["test"], pt, y_all[idx["test"]]):
            if p_.argmax() != y_:
                print(f"  error {paths[k]}: {CLASSES[y_]} called {CLASSES[p_.argmax()]} "
                      f"({p_.max():.2f})")
    print(f"features {tag}, aug {args.aug or 'none'}; C by validation: {results} -> {C}")
    print(f"val {acc_v:.4f}; test {test}")
    worst = 0.0
    for name, c in changed_sets(tag):
        Xc = pool_fields(c["feats"], c["owner"], c["fields"])
        r = score(Xc, y_all[c["fields"]])
        worst = max(worst, test["accuracy"] - r["accuracy"])
        print(f"  {name:16s} {r['accuracy']:.4f} ({r['accuracy'] - test['accuracy']:+.4f})  "
              f"malignant->Benign {r['malignant_called_benign']}")
    print(f"worst change costs {worst * 100:.1f} points")
    return 0


def field_log_probs(P: np.ndarray, owner: np.ndarray, fields: np.ndarray) -> np.ndarray:
    """A field's class scores: the mean of its cells' log-probabilities (cells as instances,
    the field's label for each: multiple-instance learning at its simplest)."""
    lp = np.log(np.clip(P, 1e-6, 1.0))
    out = np.zeros((len(fields), P.shape[1]))
    row = {int(f): i for i, f in enumerate(fields)}
    order = np.argsort(owner, kind="stable")
    o, lp_sorted = owner[order], lp[order]
    bounds = np.flatnonzero(np.diff(o)) + 1
    for co, cl in zip(np.split(o, bounds), np.split(lp_sorted, bounds)):
        if len(co) and int(co[0]) in row:
            out[row[int(co[0])]] = cl.mean(0)
    return out


def cmd_fit_cells(args: argparse.Namespace) -> int:
    """Each cell's features -> a logistic regression on the field's label; fields by the mean
    of their cells' log-probabilities. C chosen on validation accuracy."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import balanced_accuracy_score
    from sklearn.preprocessing import StandardScaler

    tag = _tag(args)
    cache = np.load(OUT / "cell_windows.npz")
    manifest = split_manifest(42)
    split_of = {e.path: e.split for e in manifest.entries}
    paths = [str(p) for p in cache["paths"]]
    y_all = np.array([CLASSES.index(str(v)) for v in cache["labels"]])
    part = np.array([split_of[p] for p in paths])
    clean = np.load(OUT / f"feat_clean_{tag}.npz")
    F, own = clean["feats"], clean["owner"]
    train = part[own] == "train"
    Xs, ys = [F[train]], [y_all[own[train]]]
    for copy in args.aug.split(",") if args.aug else []:
        a = np.load(OUT / f"feat_{copy}_{tag}.npz")
        Xs.append(a["feats"])
        ys.append(y_all[a["owner"]])
    X, Y = np.concatenate(Xs), np.concatenate(ys)
    scaler = StandardScaler().fit(X)

    def fields_of(clf, feats, owner, fields):
        return field_log_probs(clf.predict_proba(scaler.transform(feats)), owner, fields)

    best = None
    for C in (0.01, 0.03, 0.1, 0.3):
        clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(scaler.transform(X), Y)
        val = np.flatnonzero(part == "val")
        acc = float((fields_of(clf, F, own, val).argmax(1) == y_all[val]).mean())
        if best is None or acc > best[0] + 1e-9:
            best = (acc, C, clf)
    acc_v, C, clf = best
    test = np.flatnonzero(part == "test")
    pred = fields_of(clf, F, own, test).argmax(1)
    y = y_all[test]
    base = float((pred == y).mean())
    print(f"cells {tag}, copies {args.aug or 'none'}: C {C} by validation ({acc_v:.4f}); test "
          f"{base:.4f}, balanced {balanced_accuracy_score(y, pred):.4f}, errors {int((pred != y).sum())}"
          f" of {len(y)}, malignant called Benign {int(((pred == 0) & (y != 0)).sum())}")
    worst = 0.0
    for name, c in changed_sets(tag):
        pc = fields_of(clf, c["feats"], c["owner"], c["fields"]).argmax(1)
        acc = float((pc == y_all[c["fields"]]).mean())
        worst = max(worst, base - acc)
        print(f"  {name:16s} {acc:.4f} ({(acc - base) * 100:+.1f} points)")
    print(f"worst change costs {worst * 100:.1f} points")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("windows").set_defaults(func=cmd_windows)
    p = sub.add_parser("features")
    p.add_argument("--layers", default="stage3,stage4,stage5")
    p.add_argument("--size", type=int, default=112)
    p.add_argument("--balance", action="store_true", help="white-balance each field to its glass")
    p.add_argument("--copies", type=int, default=2, help="training copies per field (1-3)")
    p.add_argument("--chroma", type=float, help="normalise each field's chroma to this level")
    p.set_defaults(func=cmd_features)
    p = sub.add_parser("fit")
    p.add_argument("--layers", default="stage3,stage4,stage5")
    p.add_argument("--size", type=int, default=112)
    p.add_argument("--aug", default="augA,augB", help="training copies to add (comma list)")
    p.add_argument("--errors", action="store_true", help="list the test errors")
    p.set_defaults(func=cmd_fit)
    p = sub.add_parser("fit-cells")
    p.add_argument("--layers", default="stage3,stage4,stage5")
    p.add_argument("--size", type=int, default=112)
    p.add_argument("--balance", action="store_true")
    p.add_argument("--chroma", type=float, help="the features of --chroma LEVEL")
    p.add_argument("--aug", default="augA,augB")
    p.set_defaults(func=cmd_fit_cells)
    args = ap.parse_args()
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
