"""Input data: safe image decoding, preprocessing, scanning, duplicates, splits and manifests,
balancing, corrections."""
