"""Finding the white cells of a smear field: boxes, centres, masks and native-resolution crops."""

from core.cells.detect import Cell, CellParams, cell_windows, cells_mask, detect_cells, stain_score
from core.cells.measure import Match, found_in_mask, match_centres

__all__ = ["Cell", "CellParams", "Match", "cell_windows", "cells_mask", "detect_cells", "found_in_mask",
           "match_centres", "stain_score"]
