"""Why a model folder cannot be used: :class:`BundleError` and its stable codes (an interface
words them in its own language from ``code`` and ``params``; the message stays English)."""

from __future__ import annotations

# Why a model folder cannot be used, as a stable code, and the names of the values its sentence
# is made from (``BundleError.params``; ``path`` is the file or folder the sentence starts with).
BUNDLE_ERROR_CODES: dict[str, tuple[str, ...]] = {
    "bundle.other": ("detail",),
    "bundle.card_not_file": ("path",),
    "bundle.card_too_large": ("path", "limit_mib"),
    "bundle.card_too_deep": ("path",),
    "bundle.card_unreadable": ("path", "detail"),
    "bundle.card_nested": ("path", "levels"),
    "bundle.code_refused": ("path",),
    "bundle.keras_unloadable": ("path", "detail"),
    "bundle.input_mismatch": ("path", "got", "expected"),
    "bundle.legacy_file": ("path", "suffix"),
    "bundle.not_a_folder": ("path", "card"),
    "bundle.not_found": ("path",),
    "bundle.legacy_files": ("path", "names"),
    "bundle.card_missing": ("path", "card"),
    "bundle.uncovered_format": ("path",),
    "bundle.unsupported_format": ("path", "format"),
    "bundle.not_a_card": ("path",),
    "bundle.no_keras": ("path", "file"),
    "bundle.file_outside": ("path", "name"),
    "bundle.file_missing": ("path", "name"),
    "bundle.file_checksum": ("path", "name"),
    "bundle.card_checksum": ("path",),
    "bundle.id_mismatch": ("path",),
    "bundle.other_classes": ("path", "classes", "expected"),
    "bundle.shape_mismatch": ("path", "shape", "kind", "size", "input_shape"),
    "bundle.invalid_card": ("path", "detail"),
    "bundle.version": ("path", "version", "current"),
    "bundle.incomplete_card": ("path", "kind", "detail"),
    # running the model (core.inference.predictor, core.inference.cell_reader)
    "bundle.onnx_unusable": ("path", "detail"),
    "bundle.onnx_exports_unusable": ("path", "detail"),
    "bundle.no_onnx": ("path",),
    "bundle.does_not_run": ("path", "kind", "detail"),
    "bundle.output_shapes": ("path", "shapes", "n"),
    "bundle.feature_width": ("path", "got", "expected"),
    "bundle.new_does_not_load": ("path", "kind", "detail"),
    "bundle.head_inputs": ("path", "got", "expected"),
    "bundle.backbone_weights": ("path", "want", "have"),
    "bundle.cells_outputs": ("path", "shapes", "expected"),
    "bundle.cells_section": ("path", "detail"),
    # a parent for continued training (core.training.config, core.training.finetune)
    "bundle.parent_classes": ("path", "classes", "expected"),
    "bundle.parent_arch_unsupported": ("path", "arch"),
    "bundle.parent_arch": ("arch", "requested"),
    "bundle.parent_size": ("size", "requested"),
    "bundle.parent_roi": (),
    "bundle.parent_preprocessing": ("parent", "arch", "expected"),
    "bundle.parent_shape": ("path", "shape", "expected"),
    "bundle.parent_input": ("path", "shape", "expected"),
}


class BundleError(Exception):
    """A model folder that cannot be used; the message says why (in English, for the CLI and
    logs). ``code`` (a key of :data:`BUNDLE_ERROR_CODES`) and ``params`` say the same in a form
    an interface can word in its own language; a message given alone is ``bundle.other``."""

    def __init__(self, message: str, code: str = "bundle.other",
                 params: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.params: dict[str, object] = dict(params) if params is not None else {"detail": message}
