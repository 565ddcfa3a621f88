/**
 * Experiment kernels: deterministic variant assignment
 * ({@link dev.sorrel.udf.experiment.VariantAssigner}, the seed article's SHA-256 router and
 * GrowthBook's FNV-1a hash) and its batch kernel for {@code ASSIGN_VARIANT}.
 */
package dev.sorrel.udf.experiment;
