"""Render ``benchmarks/results.json`` as ``docs/benchmarks_tables.md`` (the generated tables;
``docs/benchmarks.md`` holds the current results in prose and points to them)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def ci(pair: list[float]) -> str:
    return f"[{100 * pair[0]:.1f}, {100 * pair[1]:.1f}]"


def cnn_names(r: dict) -> list[str]:
    """The CNN entries of a results file, the reference (``seed``) first."""
    names = [k for k, v in r.items() if isinstance(v, dict) and "architecture" in v]
    return sorted(names, key=lambda n: (n != "seed", names.index(n)))


def pass_range(extra: dict) -> str:
    """`` (min–max)`` of the throughput passes, when the run recorded them."""
    passes = extra.get("throughput_passes")
    return f" ({min(passes):.0f}–{max(passes):.0f})" if passes else ""


def render(r: dict) -> str:
    rows = [("colour kNN (mean+std RGB, k=5)", r["colour_knn"], None),
            ("grey histogram kNN (32 bins, k=5)", r["grey_hist_knn"], None)]
    for name in cnn_names(r):
        if name in r:
            rows.append((f"`{name}` CNN", r[name]["metrics"], r[name]))
    out = [f"Machine: {r['machine']}; date {r['date']}.", "",
           "Test split (block split, seed 42): " + ", ".join(
               f"{k} {v}" for k, v in r["split"]["test"].items()), "",
           "| model | accuracy [95% CI] | balanced acc. | macro F1 | ECE | uncertain | train time | size "
           "| 1 image p50 / p95 | batch, median of passes (min–max) |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for name, m, extra in rows:
        cells = [name, f"{pct(m['accuracy'])} {ci(m['accuracy_ci95'])}", pct(m["balanced_accuracy"]),
                 f"{m['macro_f1']:.3f}", f"{m['ece']:.3f}"]
        if extra:
            cells += [pct(m.get("uncertain_rate")),
                      f"{extra['train_seconds'] / 60:.1f} min ({extra['epochs_run']} ep.)",
                      f"{extra['bundle_mb']:.1f} MB",
                      f"{extra['latency_ms_p50']:.1f} / {extra['latency_ms_p95']:.1f} ms",
                      f"{extra['throughput_per_s']:.0f} img/s{pass_range(extra)}"]
        else:
            cells += ["—", "< 1 s", "—", "—", "—"]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", "### Per-class sensitivity and specificity (95% Wilson intervals)", ""]
    for name, m, _ in rows:
        out.append(f"**{name}**")
        out.append("")
        out.append("| class | sensitivity | specificity | F1 | support |")
        out.append("|---|---|---|---|---|")
        for c, pc in m["per_class"].items():
            out.append(f"| {c} | {pct(pc['sensitivity'])} {ci(pc['sensitivity_ci95'])} | "
                       f"{pct(pc['specificity'])} {ci(pc['specificity_ci95'])} | {pc['f1']:.3f} | {pc['support']} |")
        out.append("")
        out.append(f"Confusion matrix (rows true Benign/Early/Pre/Pro, columns predicted): `{m['confusion_matrix']}`")
        out.append("")
    cased = [(name, m) for name, m, _ in rows if "case" in m]
    if cased:
        out += ["### Case level: the fields of each test block read together", "",
                "Each block of 20 consecutive file numbers (the patient proxy) is one case; its "
                "fields are read together by `summarize_case` (mean probability over the confident "
                "fields).", "",
                "| model | cases right | flagged uncertain | wrong cases |", "|---|---|---|---|"]
        for name, m in cased:
            c = m["case"]
            out.append(f"| {name} | {c['correct']} of {c['cases']} ({pct(c['accuracy'])}) | "
                       f"{c['uncertain']} | {'; '.join(c['wrong']) or '—'} |")
        out.append("")
    cnns = cnn_names(r)
    if cnns:
        out += ["### Robustness: test accuracy under fixed changes", "",
                "| change | " + " | ".join(f"`{n}`" for n in cnns) + " |",
                "|---|" + "---|" * len(cnns)]
        out.append("| none | " + " | ".join(pct(r[n]["metrics"]["accuracy"]) for n in cnns) + " |")
        for p in r["perturbations"]:
            out.append(f"| {p} | " + " | ".join(pct(r[n]["robustness"][p]["accuracy"]) for n in cnns) + " |")
        for n in cnns:
            base = r[n]["metrics"]["accuracy"]
            stain = [r[n]["robustness"][p]["accuracy"] for p in r["stain_perturbations"]]
            worst = min(stain)
            out.append("")
            out.append(f"`{n}`: worst stain/colour change costs {100 * (base - worst):.1f} points "
                       f"(mean {100 * (base - sum(stain) / len(stain)):.1f}).")
        out += ["", "### Uncertain flag on images that are not smears of this kind", "",
                "| set (n) | " + " | ".join(f"`{n}`" for n in cnns) + " |", "|---|" + "---|" * len(cnns)]
        for k, n_img in r["ood_counts"].items():
            out.append(f"| {k} ({n_img}) | " + " | ".join(pct(r[n]["ood_flag_rate"][k]) for n in cnns) + " |")
        for n in cnns:
            rates = r[n]["ood_flag_rate"]
            tot = sum(rates[k] * r["ood_counts"][k] for k in rates) / sum(r["ood_counts"].values())
            out.append("")
            m = r[n]["metrics"]
            caught = ""
            if "errors_flagged" in m:
                conf = m["errors_unflagged_confidence"]
                caught = (f" It flags {m['errors_flagged']} of its "
                          f"{m['errors_flagged'] + len(conf)} wrong answers"
                          + (f"; it shows the others at {pct(conf[0])} to {pct(conf[-1])} "
                             "confidence." if conf else "."))
            out.append(f"`{n}`: {pct(tot)} of all out-of-distribution images flagged; "
                       f"{pct(m['uncertain_rate'])} of in-distribution test images flagged.{caught}")
    return "\n".join(out) + "\n"


def main() -> int:
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    text = render(results)
    target = ROOT / "docs" / "benchmarks_tables.md"
    target.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
