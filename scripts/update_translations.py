"""Update the Spanish translation: collect the strings (pyside6-lupdate), then compile the .qm.

    python scripts/update_translations.py          # lupdate + lrelease
    python scripts/update_translations.py --check  # exit 1 if a string lacks its translation

New or changed strings appear in ``resources/i18n/leukemia_es.ts`` as unfinished: translate them
in Qt Linguist (``.venv/bin/pyside6-linguist resources/i18n/leukemia_es.ts``) or in the XML,
then run this again to compile ``leukemia_es.qm`` (bundled with the app and the executable).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "i18n" / "leukemia_es.ts"
QM = TS.with_suffix(".qm")
# the files whose strings go through tr()/QCoreApplication.translate
SOURCES = [
    "leukemia_gui/main_window.py", "leukemia_gui/tabs/classify_tab.py",
    "leukemia_gui/tabs/classify_view.py",
    "leukemia_gui/widgets/empty_state.py", "leukemia_gui/help_dialog.py",
    "leukemia_gui/widgets/heatmap_legend.py", "leukemia_gui/glossary.py",
    "leukemia_gui/widgets/results_table.py", "leukemia_gui/widgets/image_result.py",
    "leukemia_gui/about_dialog.py", "leukemia_gui/widgets/audit_bar.py",
    # Evaluate, Compare, Review and their widgets
    "leukemia_gui/tabs/evaluate_tab.py", "leukemia_gui/tabs/compare_tab.py",
    "leukemia_gui/tabs/review_tab.py", "leukemia_gui/review_hub.py", "leukemia_gui/heatmaps.py",
    "leukemia_gui/widgets/review_filters.py", "leukemia_gui/widgets/review_queue_list.py",
    "leukemia_gui/widgets/corrections_file_bar.py",
    "leukemia_gui/widgets/metrics_view.py", "leukemia_gui/widgets/comparison_view.py",
    "leukemia_gui/widgets/review_item_view.py", "leukemia_gui/widgets/correction_keys.py",
    "leukemia_gui/widgets/probability_bars.py", "leukemia_gui/widgets/image_view.py",
    "leukemia_gui/tabs/dataset_tab.py", "leukemia_gui/tabs/balance_widget.py",
    "leukemia_gui/widgets/duplicates_view.py", "leukemia_gui/class_names.py",
    "leukemia_gui/widgets/case_panel.py", "leukemia_gui/widgets/audit_viewer.py",
    "leukemia_gui/widgets/case_review_dialog.py", "leukemia_gui/widgets/report_printer.py",
    "leukemia_gui/widgets/task_progress.py", "leukemia_gui/widgets/thumbnails.py",
    "leukemia_gui/widgets/model_picker.py", "leukemia_gui/widgets/image_detail_dialog.py",
    "leukemia_gui/recent_models_menu.py", "leukemia_gui/widgets/cell_strip.py",
    "leukemia_gui/tabs/train_tab.py", "leukemia_gui/tabs/train_text.py",
    "leukemia_gui/widgets/train_settings.py", "leukemia_gui/widgets/train_result.py",
    "leukemia_gui/tabs/train_export.py", "leukemia_gui/widgets/train_log.py",
    "leukemia_gui/widgets/train_curves.py", "leukemia_gui/widgets/train_run_view.py",
    # core's words in the interface language: uncertainty reasons, the case line, the result view
    "leukemia_gui/flag_text.py", "leukemia_gui/core_text.py", "leukemia_gui/widgets/prediction_view.py",
    "leukemia_gui/error_text.py",
    "leukemia_gui/export_paths.py",
    # messages for errors the app did not foresee
    "leukemia_gui/worker.py", "leukemia_gui/app.py",
]


def tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else (shutil.which(name) or name)


def lupdate(ts: Path) -> None:
    subprocess.run([tool("pyside6-lupdate"), *[str(ROOT / s) for s in SOURCES], "-ts", str(ts),
                    "-target-language", "es", "-no-obsolete"], check=True, capture_output=True)


def untranslated(ts: Path) -> list[str]:
    """Source texts with no finished translation."""
    out = []
    for msg in ET.parse(ts).iter("message"):
        tr = msg.find("translation")
        if tr is None or not (tr.text or "").strip() or tr.get("type") in ("unfinished", "vanished", "obsolete"):
            out.append(msg.findtext("source") or "")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / TS.name
            shutil.copy2(TS, copy)
            lupdate(copy)
            missing = untranslated(copy)
        for text in missing:
            print(f"no Spanish translation: {text!r}")
        return 1 if missing else 0
    lupdate(TS)
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)
    missing = untranslated(TS)
    print(f"{QM}: {len(missing)} string(s) still untranslated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
