"""A patient's case: fields, verification, sign-off, exports and the printable report."""
