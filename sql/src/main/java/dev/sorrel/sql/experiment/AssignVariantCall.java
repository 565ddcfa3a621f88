package dev.sorrel.sql.experiment;

import java.util.List;

import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.experiment.ExperimentDef;
import dev.sorrel.sql.batch.KernelCall;
import dev.sorrel.udf.experiment.AssignVariantKernel;
import dev.sorrel.udf.experiment.AssignmentHash;
import dev.sorrel.udf.experiment.VariantAssigner;

/**
 * One {@code ASSIGN_VARIANT} call in a batch operator. At each execution it
 * reads the experiment's current definition, so a prepared statement sees a
 * stop (everyone gets the winner) and fails clearly once the experiment is
 * dropped; the bucket table is built once per definition.
 */
public final class AssignVariantCall implements KernelCall {
  private final Database database;
  private final String experiment;
  private final AssignVariantKernel.UnitType unitType;
  private final int[] arguments;
  /** The assigner of the definition last bound, reused while it is current. */
  private volatile Bound bound;

  private record Bound(ExperimentDef def, VariantAssigner assigner) {
  }

  AssignVariantCall(Database database, String experiment, AssignVariantKernel.UnitType unitType,
      int[] arguments) {
    this.database = database;
    this.experiment = experiment;
    this.unitType = unitType;
    this.arguments = arguments;
  }

  /** The experiment's name, as written. */
  public String experiment() {
    return experiment;
  }

  /** Whether units are text or integers. */
  public AssignVariantKernel.UnitType unitType() {
    return unitType;
  }

  @Override public Database database() {
    return database;
  }

  @Override public int[] arguments() {
    return arguments;
  }

  @Override public KernelCall withArguments(int[] fields) {
    return new AssignVariantCall(database, experiment, unitType, fields);
  }

  @Override public SqlTypeName resultType() {
    return SqlTypeName.VARCHAR;
  }

  @Override public int batchSize() {
    return 0;
  }

  @Override public AssignVariantKernel bind() {
    return bind(current());
  }

  /** The experiment's definition now (it may have been stopped since planning). */
  public ExperimentDef current() {
    return database.experiments().current(experiment);
  }

  /**
   * A kernel of a definition {@link #current} returned: a statement that runs
   * on several threads reads the definition once and binds a kernel per
   * thread, so that every row is assigned by the same definition.
   */
  public AssignVariantKernel bind(ExperimentDef def) {
    Bound b = bound;
    if (b == null || b.def != def) {
      b = new Bound(def, VariantAssigner.of(AssignmentHash.of(def.hash()), def.salt(),
          def.weights()));
      bound = b;
    }
    final List<String> names = def.variants().stream().map(ExperimentDef.Variant::name)
        .toList();
    return new AssignVariantKernel(b.assigner.copy(), unitType, names, def.fixedVariant());
  }

  @Override public String toString() {
    return "ASSIGN_VARIANT('" + experiment + "', $" + arguments[0] + ")";
  }
}
