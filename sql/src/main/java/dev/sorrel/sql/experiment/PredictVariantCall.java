package dev.sorrel.sql.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.experiment.ExperimentDef;
import dev.sorrel.engine.model.Models;
import dev.sorrel.sql.batch.KernelCall;
import dev.sorrel.udf.PredictKernel;
import dev.sorrel.udf.PredictSignature;
import dev.sorrel.udf.ScalarKernel;
import dev.sorrel.udf.experiment.AssignVariantKernel;
import dev.sorrel.udf.experiment.AssignmentHash;
import dev.sorrel.udf.experiment.PredictVariantKernel;
import dev.sorrel.udf.experiment.VariantAssigner;

/**
 * One {@code PREDICT_VARIANT} call in a batch operator: the experiment, how
 * its units and model arguments are typed, and the variants' models as
 * planned (shown by EXPLAIN). At each execution it reads the experiment's
 * current definition and resolves each variant's model reference again, so
 * a prepared statement follows a stop (everyone is scored with the winner's
 * model), an alias that moved, or an experiment dropped and created again
 * (planned anew for the same argument types); it fails with 42S02 once the
 * experiment is gone, and with 42804 if the models no longer take its
 * arguments.
 */
final class PredictVariantCall implements KernelCall {
  static final String FUNCTION = "PREDICT_VARIANT";

  private final Database database;
  private final String experiment;
  private final AssignVariantKernel.UnitType unitType;
  private final List<PredictSignature.Type> featureTypes;
  private final int[] arguments;
  /** The definition and models last bound, reused while the definition is current. */
  private volatile Planned planned;

  /**
   * An experiment's variants with the models they score with, planned for
   * one list of model argument types, and the assigner of its weights. A
   * stopped experiment scores everyone with one variant's model; the other
   * variants' entries are null, so their models may have been dropped.
   */
  record Planned(ExperimentDef def, List<Models.ResolvedModel> models,
      List<PredictSignature> signatures, VariantAssigner assigner) {
  }

  PredictVariantCall(Database database, Planned planned, AssignVariantKernel.UnitType unitType,
      List<PredictSignature.Type> featureTypes, int[] arguments) {
    this.database = database;
    this.experiment = planned.def().name();
    this.planned = planned;
    this.unitType = unitType;
    this.featureTypes = List.copyOf(featureTypes);
    this.arguments = arguments;
  }

  /**
   * Plans the model of every variant that can be given (all of them, or
   * only the winner or control of a stopped experiment) for model arguments
   * of these types.
   *
   * @throws SorrelException 42809 if such a variant has no model, 42S02 if
   *     its model is missing, 42804 if a model does not take the arguments or
   *     has no score
   */
  static Planned plan(Database database, ExperimentDef def,
      List<PredictSignature.Type> featureTypes) {
    final List<Models.ResolvedModel> models = new ArrayList<>();
    final List<PredictSignature> signatures = new ArrayList<>();
    for (int v = 0; v < def.variants().size(); v++) {
      final ExperimentDef.Variant variant = def.variants().get(v);
      if (!scored(def, v)) {
        models.add(null);
        signatures.add(null);
        continue;
      }
      if (variant.model() == null) {
        throw new SorrelException(ErrorCode.WRONG_OBJECT_TYPE, FUNCTION + "('" + def.name()
            + "', ...): variant " + variant.name() + " has no model to score with; give every"
            + " variant a MODEL, or score with ASSIGN_VARIANT and PREDICT");
      }
      final Models.ResolvedModel model = resolve(database, def, variant);
      models.add(model);
      signatures.add(signature(def, variant, model, featureTypes));
    }
    return new Planned(def, models, signatures,
        VariantAssigner.of(AssignmentHash.of(def.hash()), def.salt(), def.weights()));
  }

  /** Whether units can get variant {@code v}: any variant, or a stopped experiment's one. */
  private static boolean scored(ExperimentDef def, int v) {
    return def.fixedVariant() < 0 || def.fixedVariant() == v;
  }

  private static Models.ResolvedModel resolve(Database database, ExperimentDef def,
      ExperimentDef.Variant variant) {
    try {
      return database.models().resolve(variant.model());
    } catch (SorrelException e) {
      throw new SorrelException(e.code(), FUNCTION + "('" + def.name() + "', ...): variant "
          + variant.name() + ": " + e.getMessage(), e);
    }
  }

  private static PredictSignature signature(ExperimentDef def, ExperimentDef.Variant variant,
      Models.ResolvedModel model, List<PredictSignature.Type> featureTypes) {
    try {
      return PredictSignature.plan(model.model().name(), model.version(),
          PredictSignature.Function.SCORE, null, featureTypes);
    } catch (SorrelException e) {
      throw new SorrelException(e.code(), FUNCTION + "('" + def.name() + "', ...): variant "
          + variant.name() + " scores with model '" + variant.model() + "': " + e.getMessage(),
          e);
    }
  }

  @Override public Database database() {
    return database;
  }

  @Override public int[] arguments() {
    return arguments;
  }

  @Override public KernelCall withArguments(int[] fields) {
    return new PredictVariantCall(database, planned, unitType, featureTypes, fields);
  }

  /** Always DOUBLE: every variant's model gives PREDICT's score. */
  @Override public SqlTypeName resultType() {
    return SqlTypeName.DOUBLE;
  }

  /** The smallest {@code batch_size} option of the variants' models, or 0. */
  @Override public int batchSize() {
    int size = 0;
    for (Models.ResolvedModel model : planned.models()) {
      if (model == null) {
        continue;
      }
      final String option = model.model().options().get("batch_size");
      if (option != null) {
        final int asked = Integer.parseInt(option.trim());
        size = size == 0 ? asked : Math.min(size, asked);
      }
    }
    return size;
  }

  /**
   * Reads the experiment's current definition, resolves each variant's
   * model again (an alias may have moved) and opens the sessions; variants
   * on the same model version share one kernel, hence one model call per
   * batch.
   */
  @Override public ScalarKernel bind() {
    final ExperimentDef def = database.experiments().current(experiment);
    Planned p = planned;
    if (p.def() != def) {
      try {
        p = plan(database, def, featureTypes);
      } catch (SorrelException e) {
        throw new SorrelException(e.code(), "experiment " + experiment + " has changed since"
            + " the statement was prepared and no longer fits it: " + e.getMessage()
            + "; prepare the statement again", e);
      }
      planned = p;
    }
    final Models models = database.models();
    final Map<String, Integer> distinct = new LinkedHashMap<>();
    final List<PredictKernel> kernels = new ArrayList<>();
    final int[] modelOfVariant = new int[def.variants().size()];
    for (int v = 0; v < modelOfVariant.length; v++) {
      if (!scored(def, v)) {
        continue; // never assigned: its entry is not read
      }
      final ExperimentDef.Variant variant = def.variants().get(v);
      final Models.ResolvedModel current = resolve(database, def, variant);
      final String key = current.model().name() + ":" + current.version().version();
      Integer index = distinct.get(key);
      if (index == null) {
        final PredictSignature signature = current.version().version()
            == p.models().get(v).version().version()
            && current.model().name().equals(p.models().get(v).model().name())
            ? p.signatures().get(v) : signature(def, variant, current, featureTypes);
        index = kernels.size();
        distinct.put(key, index);
        kernels.add(new PredictKernel(models.session(current), signature));
      }
      modelOfVariant[v] = index;
    }
    final List<String> names = def.variants().stream().map(ExperimentDef.Variant::name)
        .toList();
    final AssignVariantKernel assignment = new AssignVariantKernel(p.assigner().copy(),
        unitType, names, def.fixedVariant());
    return new PredictVariantKernel(assignment, kernels, modelOfVariant, FUNCTION);
  }

  /**
   * For EXPLAIN: the experiment, the unit's field, each variant's model as
   * planned (only the one everyone gets, once stopped), then the model
   * arguments' fields, e.g.
   * {@code PREDICT_VARIANT('e', $0, [control: FRAUD:1.probabilities[1],
   * treatment: FRAUD:2.probabilities[1]], $1, $2)}.
   */
  @Override public String toString() {
    final StringBuilder b = new StringBuilder(FUNCTION).append("('").append(experiment)
        .append("', $").append(arguments[0]).append(", [");
    final Planned p = planned;
    String separator = "";
    for (int v = 0; v < p.def().variants().size(); v++) {
      if (p.signatures().get(v) != null) {
        b.append(separator).append(p.def().variants().get(v).name()).append(": ")
            .append(p.signatures().get(v).describe());
        separator = ", ";
      }
    }
    b.append(']');
    for (int i = 1; i < arguments.length; i++) {
      b.append(", $").append(arguments[i]);
    }
    return b.append(')').toString();
  }
}
