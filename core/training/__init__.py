"""Making a model: config, tf.data pipeline, loop and callbacks, calibration, continued training, distribution."""
