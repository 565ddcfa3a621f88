/**
 * Experiment kernels: deterministic variant assignment
 * ({@link dev.sorrel.udf.experiment.VariantAssigner}, the seed article's SHA-256 router and
 * GrowthBook's FNV-1a hash) and its batch kernel for {@code ASSIGN_VARIANT}; the results
 * view's computation ({@link dev.sorrel.udf.experiment.ExperimentResults}) and its check
 * for repeated units ({@link dev.sorrel.udf.experiment.UnitSet}).
 */
package dev.sorrel.udf.experiment;
