/**
 * Model-quality metrics over primitive values, each equal to the
 * scikit-learn 1.2 {@code sklearn.metrics} function its documentation names:
 * binary classification counts ({@link dev.sorrel.udf.metrics.ConfusionMatrix}:
 * accuracy, precision, recall, F1), the area under the ROC curve
 * ({@link dev.sorrel.udf.metrics.RocAuc}), log loss
 * ({@link dev.sorrel.udf.metrics.LogLoss}) and regression errors
 * ({@link dev.sorrel.udf.metrics.RegressionErrors}). Each is an accumulator
 * that takes one (prediction, label) pair at a time, merges with another,
 * and has a static entry point over whole arrays; class labels are doubles
 * that must be 0 or 1 ({@link dev.sorrel.udf.metrics.Labels}).
 */
package dev.sorrel.udf.metrics;
