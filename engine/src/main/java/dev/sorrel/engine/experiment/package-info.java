/**
 * A/B experiments: their definitions ({@link dev.sorrel.engine.experiment.ExperimentDef}),
 * kept in the catalog's storage and changed in transactions
 * ({@link dev.sorrel.engine.experiment.Experiments}).
 */
package dev.sorrel.engine.experiment;
