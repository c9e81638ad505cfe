"""Measuring a model: metrics with intervals, evaluation, comparison, review queue, reports, figures."""
