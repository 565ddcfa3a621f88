package dev.sorrel.sql.experiment;

import dev.sorrel.engine.Database;
import dev.sorrel.udf.experiment.AssignVariantKernel;

/**
 * What an {@link ExperimentResultsScan} computes, fixed when the query is
 * planned. The experiment's definition is read at each execution, so a
 * prepared statement sees its current weights and fails clearly once it is
 * dropped.
 *
 * @param database the database whose experiment it is
 * @param experiment the experiment's name as stored
 * @param unitType how the units of the outcomes' first column are hashed
 * @param covariate whether the outcomes have a third, covariate column
 * @param level the confidence level of the intervals
 */
public record ExperimentResultsPlan(Database database, String experiment,
    AssignVariantKernel.UnitType unitType, boolean covariate, double level) {
}
