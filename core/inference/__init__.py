"""Running a model: the predictor, typed results, uncertainty, results files, the audit chain."""
