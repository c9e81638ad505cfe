"""Core's error sentences in the interface language, built from each error's ``code`` and
``params``: why an image cannot be read (:class:`core.data.images.ImageError`), why a model
folder cannot be used (:class:`core.model.bundle.BundleError`) and why an output or input is
refused (:class:`core.fileutil.OutputRefused`, :class:`core.fileutil.InputRefused`), why a
dataset scan left a file out (:class:`core.data.scan.Unusable`), why a dataset, manifest or
corrections file cannot be used (:class:`core.data.scan.DatasetError`,
:class:`core.data.corrections.CorrectionsError`) why a case cannot be made, changed or opened
(:class:`core.cases.validation.CaseError`), and why a results file cannot be resumed or a CSV
file read (:class:`core.inference.results_file.ResultsError`, :class:`core.text.CsvError`).

In English each returns exactly core's message (the CLI's and the log's words); an error without
a known code keeps its message as it is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from core.inference.result import Prediction

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

# code -> core's English sentence with its values as {name} (context "ErrorText")
IMAGE_TEXTS = {  # an image's reason (the part after "path: ")
    "image.not_found": QT_TRANSLATE_NOOP("ErrorText", "file not found"),
    "image.not_regular": QT_TRANSLATE_NOOP("ErrorText", "not a regular file"),
    "image.empty": QT_TRANSLATE_NOOP("ErrorText", "empty file (0 bytes)"),
    "image.too_large": QT_TRANSLATE_NOOP("ErrorText", "image too large ({width}x{height} pixels)"),
    "image.too_large_to_decode": QT_TRANSLATE_NOOP(
        "ErrorText", "image too large to decode ({width}x{height} {mode}, {need_mib} MiB; the limit "
                     "is {limit_mib} MiB)"),
    "image.no_pixels": QT_TRANSLATE_NOOP("ErrorText", "image has no pixels"),
    "image.bomb": QT_TRANSLATE_NOOP("ErrorText", "image too large (decompression bomb guard)"),
    "image.unidentified": QT_TRANSLATE_NOOP("ErrorText", "not a readable image (unknown or corrupt format)"),
    "image.truncated": QT_TRANSLATE_NOOP("ErrorText", "truncated image file"),
    "image.cannot_read": QT_TRANSLATE_NOOP("ErrorText", "cannot read image ({detail})"),
    "image.corrupt": QT_TRANSLATE_NOOP("ErrorText", "corrupt image ({kind}: {detail})"),
    "predict.invalid_output": QT_TRANSLATE_NOOP(
        "ErrorText", "no result: the model's output was not a valid probability (NaN or infinite)"),
}

BUNDLE_TEXTS = {
    "bundle.card_not_file": QT_TRANSLATE_NOOP("ErrorText", "{path}: not a regular file"),
    "bundle.card_too_large": QT_TRANSLATE_NOOP("ErrorText", "{path}: model card larger than {limit_mib} MiB"),
    "bundle.card_too_deep": QT_TRANSLATE_NOOP("ErrorText", "{path}: model card nested too deeply"),
    "bundle.card_unreadable": QT_TRANSLATE_NOOP("ErrorText", "{path}: unreadable model card ({detail})"),
    "bundle.card_nested": QT_TRANSLATE_NOOP("ErrorText", "{path}: model card nested more than {levels} levels"),
    "bundle.code_refused": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: refused: the model file contains Python code (e.g. a Lambda layer) that "
                     "would run when loaded; only models saved by this app are accepted"),
    "bundle.keras_unloadable": QT_TRANSLATE_NOOP("ErrorText", "{path}: cannot load Keras model ({detail})"),
    "bundle.input_mismatch": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the model takes input {got}, but its card says {expected}"),
    "bundle.legacy_file": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: legacy {suffix} model files are refused (they can carry code); use a "
                     "model folder saved by this app"),
    "bundle.not_a_folder": QT_TRANSLATE_NOOP("ErrorText", "{path}: not a model folder (expected a folder "
                                                          "with {card})"),
    "bundle.not_found": QT_TRANSLATE_NOOP("ErrorText", "{path}: model folder not found"),
    "bundle.legacy_files": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: legacy model files are refused (they can carry code): {names}; use a "
                     "model folder saved by this app"),
    "bundle.card_missing": QT_TRANSLATE_NOOP("ErrorText", "{path}: not a model folder ({card} is missing)"),
    "bundle.uncovered_format": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: written by an older version whose checksum does not cover the model "
                     "card, so an edited card cannot be detected; retrain the model with this version"),
    "bundle.unsupported_format": QT_TRANSLATE_NOOP("ErrorText", "{path}: unsupported model format {format}"),
    "bundle.not_a_card": QT_TRANSLATE_NOOP("ErrorText", "{path}: not a model card"),
    "bundle.no_keras": QT_TRANSLATE_NOOP("ErrorText", "{path}: the card lists no {file}"),
    "bundle.file_outside": QT_TRANSLATE_NOOP("ErrorText", "{path}: card names a file outside the folder: {name}"),
    "bundle.file_missing": QT_TRANSLATE_NOOP("ErrorText", "{path}: {name} is missing"),
    "bundle.file_checksum": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: {name} does not match its checksum (changed or corrupt)"),
    "bundle.card_checksum": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the model card does not match its checksum (edited or corrupt after the "
                     "model was saved)"),
    "bundle.id_mismatch": QT_TRANSLATE_NOOP("ErrorText", "{path}: the model id does not match its checksum"),
    "bundle.other_classes": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: model made for classes {classes}, this app uses {expected}"),
    "bundle.shape_mismatch": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: model input shape {shape} does not match its preprocessing ({kind}, "
                     "{size}px -> {input_shape})"),
    "bundle.invalid_card": QT_TRANSLATE_NOOP("ErrorText", "{path}: invalid model card: {detail}"),
    "bundle.version": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: made by app version {version}, incompatible with {current}"),
    "bundle.incomplete_card": QT_TRANSLATE_NOOP("ErrorText", "{path}: incomplete model card ({kind}: {detail})"),
    "bundle.onnx_unusable": QT_TRANSLATE_NOOP("ErrorText", "{path}: cannot run ONNX export ({detail})"),
    "bundle.onnx_exports_unusable": QT_TRANSLATE_NOOP("ErrorText", "{path}: cannot run the ONNX exports ({detail})"),
    "bundle.no_onnx": QT_TRANSLATE_NOOP("ErrorText", "{path}: the bundle has no ONNX export"),
    "bundle.does_not_run": QT_TRANSLATE_NOOP("ErrorText", "{path}: the model does not run ({kind}: {detail})"),
    "bundle.output_shapes": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the model's outputs have shapes {shapes}; expected (1, {n}) probabilities "
                     "and (1, D) features"),
    "bundle.feature_width": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the model gives {got} features but its card's uncertainty model expects {expected}"),
    "bundle.new_does_not_load": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the new model does not load ({kind}: {detail})"),
    "bundle.head_inputs": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the head takes inputs {got}, but its card says {expected}"),
    "bundle.backbone_weights": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the model was trained on backbone weights {want}..., the app has {have}..."),
    "bundle.cells_outputs": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the cells model's outputs have shapes {shapes}; expected {expected}"),
    "bundle.cells_section": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the card's cells section is not readable ({detail})"),
    "bundle.parent_classes": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: parent model is for classes {classes}, this app trains {expected}"),
    "bundle.parent_arch_unsupported": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: parent architecture {arch} cannot be fine-tuned here"),
    "bundle.parent_arch": QT_TRANSLATE_NOOP(
        "ErrorText", "parent model is '{arch}', not '{requested}'; continued training keeps the parent's "
                     "architecture"),
    "bundle.parent_size": QT_TRANSLATE_NOOP(
        "ErrorText", "parent model reads {size}px images, not {requested}px; continued training keeps the "
                     "parent's image size (leave it unset)"),
    "bundle.parent_roi": QT_TRANSLATE_NOOP(
        "ErrorText", "parent model was trained without ROI cropping; continued training keeps the parent's "
                     "preprocessing"),
    "bundle.parent_preprocessing": QT_TRANSLATE_NOOP(
        "ErrorText", "parent model's preprocessing {parent} differs from this app's '{arch}' preprocessing "
                     "{expected}; it cannot be fine-tuned here"),
    "bundle.parent_shape": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: card input shape {shape} does not match its preprocessing {expected}"),
    "bundle.parent_input": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: model input {shape} does not match its card {expected}"),
}

REFUSED_TEXTS = {  # {what} is a noun from NOUNS (with its article in Spanish)
    "output.not_regular": QT_TRANSLATE_NOOP("ErrorText", "{path}: the {what} exists and is not a regular file"),
    "output.broken_link": QT_TRANSLATE_NOOP("ErrorText", "{path}: the {what} is a broken link"),
    "output.is_input": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the {what} is one of the inputs; choose another name"),
    "output.in_model_folder": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the {what} would be written into the model folder {folder}"),
    "output.twice": QT_TRANSLATE_NOOP("ErrorText", "{path}: the same file is given for two outputs of this run"),
    "output.inside_data": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the {what} must not be inside the data folder {root}"),
    "output.contains_data": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the {what} must not contain the data folder {root}"),
    "output.not_folder": QT_TRANSLATE_NOOP("ErrorText", "{path}: exists and is not a folder"),
    "output.cannot_list": QT_TRANSLATE_NOOP("ErrorText", "{path}: cannot list the {what} ({detail})"),
    "output.not_empty": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the {what} exists, is not empty and is not a model of this app; choose a "
                     "new or empty folder"),
    "output.backup_inside": QT_TRANSLATE_NOOP("ErrorText", "{path}: the backup folder must be outside {root}"),
    "output.backup_not_folder": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the backup folder exists and is not a folder"),
    "output.backup_not_ours": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the backup folder exists, is not empty and was not made by this app; "
                     "choose a new folder"),
    "output.report_inside_data": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the report must not be written inside the evaluated images' folder {data}"),
    "output.report_present": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: already holds a report ({names}); choose another folder or replace it explicitly"),
    "output.model_holds_manifest": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the model folder must not contain the manifest {manifest}"),
    "output.model_replaces": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the new model must not replace or hold {model}; choose another folder"),
    "input.not_found": QT_TRANSLATE_NOOP("ErrorText", "{path}: {what} not found"),
    "input.cannot_read": QT_TRANSLATE_NOOP("ErrorText", "{path}: cannot read {what} ({detail})"),
    "input.not_regular": QT_TRANSLATE_NOOP("ErrorText", "{path}: the {what} is not a regular file"),
    "input.too_large": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the {what} is larger than {limit_mib} MiB ({size_mib} MiB)"),
    "input.grew": QT_TRANSLATE_NOOP("ErrorText", "{path}: the {what} is larger than {limit_mib} MiB"),
    "input.too_deep": QT_TRANSLATE_NOOP("ErrorText", "{path}: the {what} is nested too deeply"),
    "input.malformed": QT_TRANSLATE_NOOP("ErrorText", "{path}: malformed {what} ({detail})"),
    "input.nested": QT_TRANSLATE_NOOP("ErrorText", "{path}: the {what} is nested more than {levels} levels"),
}

# the ``what`` the guards are given (core and the GUI); others stay as given
NOUNS = {
    "file": QT_TRANSLATE_NOOP("ErrorText", "file"),
    "output file": QT_TRANSLATE_NOOP("ErrorText", "output file"),
    "output folder": QT_TRANSLATE_NOOP("ErrorText", "output folder"),
    "report file": QT_TRANSLATE_NOOP("ErrorText", "report file"),
    "report": QT_TRANSLATE_NOOP("ErrorText", "report"),
    "export file": QT_TRANSLATE_NOOP("ErrorText", "export file"),
    "results file": QT_TRANSLATE_NOOP("ErrorText", "results file"),
    "comparison": QT_TRANSLATE_NOOP("ErrorText", "comparison"),
    "case file": QT_TRANSLATE_NOOP("ErrorText", "case file"),
    "model folder": QT_TRANSLATE_NOOP("ErrorText", "model folder"),
    "overlay image": QT_TRANSLATE_NOOP("ErrorText", "overlay image"),
    "manifest": QT_TRANSLATE_NOOP("ErrorText", "manifest"),
    "corrected copy folder": QT_TRANSLATE_NOOP("ErrorText", "corrected copy folder"),
    "corrections file": QT_TRANSLATE_NOOP("ErrorText", "corrections file"),
}

SCAN_TEXTS = {  # why a dataset scan left a file out (besides the image codes)
    "scan.not_image": QT_TRANSLATE_NOOP("ErrorText", "not an image file (extension)"),
    "scan.cannot_list": QT_TRANSLATE_NOOP("ErrorText", "cannot list folder ({detail})"),
}

DATASET_TEXTS = {  # why a dataset folder, manifest or corrections file cannot be used at all
    "dataset.not_found": QT_TRANSLATE_NOOP("ErrorText", "{path}: folder not found"),
    "dataset.not_folder": QT_TRANSLATE_NOOP("ErrorText", "{path}: not a folder"),
    "dataset.cannot_list": QT_TRANSLATE_NOOP("ErrorText", "{path}: cannot list folder ({detail})"),
    "dataset.no_class_folders": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: no class folders found (expected subfolders named {classes})"),
    "dataset.nothing_to_split": QT_TRANSLATE_NOOP("ErrorText", "{path}: no readable images to split"),
    "dataset.split_fractions": QT_TRANSLATE_NOOP(
        "ErrorText", "split fractions must be non-negative and sum to 1, got {fractions}"),
    "dataset.manifest_not_text": QT_TRANSLATE_NOOP("ErrorText", "{path}: the manifest is not UTF-8 text"),
    "dataset.not_a_manifest": QT_TRANSLATE_NOOP("ErrorText", "{path}: not a split manifest"),
    "dataset.malformed_manifest": QT_TRANSLATE_NOOP("ErrorText", "{path}: malformed manifest ({kind}: {detail})"),
    "dataset.bad_entry": QT_TRANSLATE_NOOP("ErrorText", "{path}: bad entry {entry} ({label}, {split})"),
    "dataset.nothing_to_balance": QT_TRANSLATE_NOOP("ErrorText", "{path}: no readable images to balance"),
    "dataset.target_range": QT_TRANSLATE_NOOP("ErrorText", "target {target} is out of range: allowed 1 to {limit}"),
    "dataset.output_not_empty": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: output folder exists and is not empty; choose a new one"),
    "dataset.empty_split": QT_TRANSLATE_NOOP("ErrorText", "the manifest's {split} split is empty"),
    "dataset.no_labelled_images": QT_TRANSLATE_NOOP("ErrorText", "{path}: no readable labelled images"),
    "dataset.none_read": QT_TRANSLATE_NOOP("ErrorText", "none of the images could be read"),
    "dataset.none_compared": QT_TRANSLATE_NOOP("ErrorText", "no image could be evaluated by both models"),
    "dataset.no_training_images": QT_TRANSLATE_NOOP(
        "ErrorText", "no training images (the split has an empty train part)"),
    "dataset.one_class": QT_TRANSLATE_NOOP(
        "ErrorText", "training needs at least two classes with images; found {found}"),
    "corrections.unknown_label": QT_TRANSLATE_NOOP("ErrorText", "unknown label {label}; choose from {choices}"),
    "corrections.not_text": QT_TRANSLATE_NOOP("ErrorText", "{path}: not a UTF-8 text file"),
    "corrections.malformed": QT_TRANSLATE_NOOP("ErrorText", "{path}: malformed corrections file ({detail})"),
    "corrections.not_corrections": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: not a corrections file (expected columns {columns})"),
    "corrections.field_count": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}, line {line}: expected {expected} fields, got {got}"),
    "corrections.bad_line": QT_TRANSLATE_NOOP("ErrorText", "{path}, line {line}: {detail}"),
    "corrections.image_not_found": QT_TRANSLATE_NOOP("ErrorText", "{path}: image not found"),
    "corrections.file_not_found": QT_TRANSLATE_NOOP("ErrorText", "{path}: corrections file not found"),
}

CASE_TEXTS = {  # why a case cannot be made, changed, signed, saved or opened
    "case.id_not_text": QT_TRANSLATE_NOOP("ErrorText", "the case identifier must be text"),
    "case.id_empty": QT_TRANSLATE_NOOP("ErrorText", "the case identifier is empty"),
    "case.id_too_long": QT_TRANSLATE_NOOP("ErrorText", "the case identifier is longer than {limit} characters"),
    "case.id_separator": QT_TRANSLATE_NOOP(
        "ErrorText", "the case identifier must not contain / or \\ (path "
                     "separators)"),
    "case.id_invisible": QT_TRANSLATE_NOOP(
        "ErrorText", "the case identifier must not contain control or invisible "
                     "characters"),
    "case.id_dots": QT_TRANSLATE_NOOP("ErrorText", "the case identifier must not be . or .."),
    "case.name_empty": QT_TRANSLATE_NOOP("ErrorText", "the {role}'s name is empty"),
    "case.name_invalid": QT_TRANSLATE_NOOP(
        "ErrorText", "the {role}'s name must be one line of at most {limit} "
                     "characters"),
    "case.bad_date": QT_TRANSLATE_NOOP("ErrorText", "specimen date {text} is not a date (YYYY-MM-DD)"),
    "case.signed": QT_TRANSLATE_NOOP(
        "ErrorText", "case {case_id} is signed and read-only; make a new version to "
                     "{change}"),
    "case.other_model": QT_TRANSLATE_NOOP(
        "ErrorText", "case {case_id} was classified with model {model_id}, not {other}; one "
                     "case, one model"),
    "case.no_field": QT_TRANSLATE_NOOP("ErrorText", "case {case_id} has no field {field}"),
    "case.review_action": QT_TRANSLATE_NOOP("ErrorText", "review action must be one of {actions}"),
    "case.reclassify_class": QT_TRANSLATE_NOOP("ErrorText", "reclassify needs a class: one of {classes}"),
    "case.field_unreadable": QT_TRANSLATE_NOOP("ErrorText", "field {field} is unreadable: it can only be excluded"),
    "case.nothing_to_sign": QT_TRANSLATE_NOOP("ErrorText", "case {case_id} has no fields to sign"),
    "case.two_signatures": QT_TRANSLATE_NOOP("ErrorText", "case {case_id} already has two signatures"),
    "case.same_signer": QT_TRANSLATE_NOOP(
        "ErrorText", "{name} has already signed case {case_id}; the second signature must "
                     "be another person's"),
    "case.no_reading": QT_TRANSLATE_NOOP(
        "ErrorText", "case {case_id}: every field is excluded, unreadable or without a "
                     "result, so there is no reading to sign; add fields or review them again"),
    "case.unreviewed": QT_TRANSLATE_NOOP(
        "ErrorText", "case {case_id}: {count} uncertain or no-result field(s) not reviewed "
                     "yet (field {field} first)"),
    "case.not_signed": QT_TRANSLATE_NOOP("ErrorText", "case {case_id} is not signed: change it directly"),
    "case.version_reason": QT_TRANSLATE_NOOP("ErrorText", "a new version needs a reason"),
    "case.not_case_file": QT_TRANSLATE_NOOP("ErrorText", "{path}: not a case file of this app (format {format})"),
    "case.malformed": QT_TRANSLATE_NOOP("ErrorText", "{path}: malformed case file ({detail})"),
    "case.changed_after_signing": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the signed case was changed after signing (its content does "
                     "not match the signature); open a copy kept elsewhere or ask the signer"),
    "case.no_folder": QT_TRANSLATE_NOOP("ErrorText", "where should the case be saved? (give a cases folder)"),
    "case.not_readable": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: exists and is not a readable case file; choose another "
                     "name"),
    "case.holds_other": QT_TRANSLATE_NOOP("ErrorText", "{path}: holds case {other}, not {case_id}"),
    "case.saved_signed": QT_TRANSLATE_NOOP("ErrorText", "{path}: the saved case is signed; make a new version"),
    "case.exists": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: exists; give another name or replace it explicitly "
                     "(--force)"),
    "case.per": QT_TRANSLATE_NOOP("ErrorText", "per must be 'field' or 'case'"),
    "case.field_incomplete": QT_TRANSLATE_NOOP("ErrorText", "a field of the case file has no path or result"),
    "case.needs_reason": QT_TRANSLATE_NOOP("ErrorText", "{review} needs a reason"),
    "case.in_file": QT_TRANSLATE_NOOP("ErrorText", "{path}: {detail}"),
}

# the words a case error's {role}, {change} and {review} are given (others stay as given)
CASE_WORDS = {
    "role": {"operator": QT_TRANSLATE_NOOP("CaseRole", "operator"),
             "signer": QT_TRANSLATE_NOOP("CaseRole", "signer")},
    "change": {"change its details": QT_TRANSLATE_NOOP("CaseChange", "change its details"),
               "add fields": QT_TRANSLATE_NOOP("CaseChange", "add fields"),
               "review a field": QT_TRANSLATE_NOOP("CaseChange", "review a field")},
    "review": {"reclassify": QT_TRANSLATE_NOOP("CaseReview", "reclassify"),
               "exclude": QT_TRANSLATE_NOOP("CaseReview", "exclude")},
}
CASE_WORD_CONTEXTS = {"role": "CaseRole", "change": "CaseChange", "review": "CaseReview"}

RESULTS_TEXTS = {  # why --resume refuses a results file, and why a CSV file cannot be read
    "results.no_header": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the file has no header; --resume would mix results (give a new results file, "
                     "or the model that wrote this one)"),
    "results.no_model_id": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the file records no model id (written by an older version or another "
                     "program); --resume would mix results (give a new results file, or the model that "
                     "wrote this one)"),
    "results.other_columns": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: the file's columns are not this model's classes ({columns}); --resume would "
                     "mix results (give a new results file, or the model that wrote this one)"),
    "results.field_count": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: row {row} has {got} fields, not {expected}; --resume would mix results (give "
                     "a new results file, or the model that wrote this one)"),
    "results.other_model_row": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: row {row} was written by model {found}, not {expected}; --resume would mix "
                     "results (give a new results file, or the model that wrote this one)"),
    "results.other_model_line": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}: line {line} was written by model {found}, not {expected}; --resume would mix "
                     "results (give a new results file, or the model that wrote this one)"),
    "csv.invalid": QT_TRANSLATE_NOOP("ErrorText", "{path}, line {line}: not a valid CSV file ({detail})"),
    "csv.field_too_long": QT_TRANSLATE_NOOP(
        "ErrorText", "{path}, line {line}: not a valid CSV file (a field is longer than {limit} characters)"),
}

APP_TEXTS = {  # the interface's own refusals, raised as core's errors
    "app.no_model": QT_TRANSLATE_NOOP("ErrorText", "no model is loaded; open one from the File menu"),
    "app.no_case": QT_TRANSLATE_NOOP("ErrorText", "open or make a case first"),
}

TEXTS = {**IMAGE_TEXTS, **BUNDLE_TEXTS, **REFUSED_TEXTS, **SCAN_TEXTS, **DATASET_TEXTS, **CASE_TEXTS,
         **RESULTS_TEXTS, **APP_TEXTS}
# codes whose sentence was written elsewhere in core and arrives whole: shown as it is
PASSED_THROUGH = ("bundle.other", "output.other", "input.other")


def render(code: str | None, params: dict[str, Any] | None) -> str | None:
    """The sentence of ``code`` with ``params`` in the interface language; None for a code
    with no sentence here (or values that do not fit it)."""
    template = TEXTS.get(code or "")
    if template is None:
        return None
    values: dict[str, Any] = dict(params or {})
    if "what" in values:
        what = str(values["what"])
        values["what"] = translate("ErrorText", str(NOUNS[what])) if what in NOUNS else what
    for name, words in CASE_WORDS.items():
        if name in values and str(values[name]) in words:
            values[name] = translate(CASE_WORD_CONTEXTS[name], str(words[str(values[name])]))
    if "reason_code" in values:  # a line's error quotes what is wrong on it (a coded sentence)
        values["detail"] = render(values.pop("reason_code"), values.pop("reason_params", None)) or values["detail"]
    try:
        return translate("ErrorText", str(template)).format(**values)
    except (KeyError, IndexError, ValueError):
        return None


def _rendered(coded: Any) -> str | None:
    """The sentence of whatever carries ``code`` and ``params``; None without them."""
    return render(getattr(coded, "code", None), getattr(coded, "params", None))


def image_reason(exc: Any) -> str:
    """Why an image cannot be used (:attr:`ImageError.reason`) in the interface language."""
    return _rendered(exc) or str(exc.reason)


def coded_text(text: str) -> str:
    """A sentence core gave a ``code`` and ``params`` (e.g. a reason of
    ``ScanResult.bad_files``) in the interface language; a plain string as it is."""
    return _rendered(text) or str(text)


def prediction_error(pred: Prediction) -> str:
    """A Prediction's ``error`` in the interface language (the sentence itself without a code)."""
    if pred.error is None:
        return ""
    return render(pred.error_code, pred.error_params) or str(pred.error)


def _coded(exc: BaseException) -> BaseException | None:
    """``exc``, or the coded error it re-raised with the same message (a DatasetError made from
    an OutputRefused), when one of them has a code."""
    for e in (exc, exc.__cause__, exc.__context__):
        if e is not None and getattr(e, "code", None) and (e is exc or str(e) == str(exc)):
            return e
    return None


def error_text(exc: BaseException) -> str:
    """``str(exc)`` in the interface language when core gave it a code; otherwise as it is."""
    coded = _coded(exc)
    if coded is None:
        return str(exc)
    code, params = str(getattr(coded, "code", "")), getattr(coded, "params", {})
    if code in IMAGE_TEXTS and hasattr(coded, "path"):  # ImageError: "path: reason"
        return f"{coded.path}: {image_reason(coded)}"
    return render(code, params) or str(exc)
