"""The model: scenario fields, parameters, inputs, methods, uncertainty and the estimator."""
