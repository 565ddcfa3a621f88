package dev.sorrel.sql.vector;

import java.util.List;

import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.sql.experiment.AssignVariantCall;
import dev.sorrel.sql.predict.PredictCall;
import dev.sorrel.sql.vector.Vec.Kind;
import dev.sorrel.udf.PredictKernel;
import dev.sorrel.udf.PredictSignature;
import dev.sorrel.udf.experiment.AssignVariantKernel;

/**
 * The vector forms of {@link KernelOperator} calls: PREDICT and its family
 * hand a batch's primitive arrays to {@link PredictKernel#applyToArrays}
 * (one ONNX Runtime call per batch of at most the call's batch size, no
 * value boxed on the way), and ASSIGN_VARIANT hashes units straight from the
 * batch's arrays. Each is bound when an execution compiles it, as the row
 * path binds its kernels per execution: the model reference or experiment is
 * resolved again then, so a prepared statement follows an alias that moved,
 * a model version replaced or an experiment stopped, and fails as the row
 * path does when what it names is gone. Within one execution each thread
 * binds its own kernel of what the first compilation resolved
 * ({@link KernelBindings}).
 */
final class KernelExprs {
  private KernelExprs() {
  }

  /**
   * The vector form of a call, or null if the batch path cannot compute it
   * exactly as the row path does.
   *
   * @param bindings what the execution's calls resolved to, to bind this
   *     one's kernel for it; if null, the result only says that it compiles
   *     and must not be evaluated
   */
  static @Nullable VectorExpr compile(VectorCompiler compiler, KernelOperator operator,
      List<RexNode> operands, Kind kind, @Nullable KernelBindings bindings) {
    final VectorExpr[] arguments = new VectorExpr[operands.size()];
    for (int a = 0; a < arguments.length; a++) {
      arguments[a] = compiler.compile(operands.get(a));
      if (arguments[a] == null) {
        return null;
      }
    }
    if (operator.call() instanceof PredictCall predict) {
      final List<PredictSignature.Type> types = predict.signature().argumentTypes();
      if (types.size() != arguments.length || kind != kindOf(predict.signature().resultType())) {
        return null;
      }
      for (int a = 0; a < arguments.length; a++) {
        if (arguments[a].kind != kindOf(types.get(a))
            || (types.get(a) == PredictSignature.Type.VARCHAR
                && !SqlTypeUtil.inCharFamily(operands.get(a).getType()))) {
          return null;
        }
      }
      return new Predict(kind, bindings == null ? null
          : predict.bind(bindings.resolve(predict, predict::resolve)), arguments,
          Math.max(1, operator.batchSize()));
    } else if (operator.call() instanceof AssignVariantCall assign) {
      if (arguments.length != 1 || kind != Kind.OBJECT) {
        return null;
      }
      final RexNode unit = operands.get(0);
      final boolean matches = switch (assign.unitType()) {
        case TEXT -> arguments[0].kind == Kind.OBJECT && SqlTypeUtil.inCharFamily(unit.getType());
        case INTEGER -> arguments[0].kind == Kind.LONG && SqlTypeUtil.isIntType(unit.getType());
      };
      return matches ? new AssignVariant(bindings == null ? null
          : assign.bind(bindings.resolve(assign, assign::current)), arguments[0]) : null;
    }
    return null;
  }

  private static Kind kindOf(PredictSignature.Type type) {
    return switch (type) {
      case DOUBLE -> Kind.DOUBLE;
      case BIGINT -> Kind.LONG;
      case VARCHAR -> Kind.OBJECT;
    };
  }

  /** A PREDICT-family call: one kernel call per batch of at most {@code batchSize} rows. */
  static final class Predict extends VectorExpr {
    private final @Nullable PredictKernel kernel;
    private final VectorExpr[] arguments;
    private final int batchSize;
    private final Object[] values;
    private final boolean[][] nulls;
    private final Vec out;
    private int[] chunk = new int[0];

    Predict(Kind kind, @Nullable PredictKernel kernel, VectorExpr[] arguments, int batchSize) {
      super(kind);
      this.kernel = kernel;
      this.arguments = arguments;
      this.batchSize = batchSize;
      this.values = new Object[arguments.length];
      this.nulls = new boolean[arguments.length][];
      this.out = Vec.of(kind);
    }

    @Override Vec eval(Vec[] input, int[] selection, int count) {
      if (kernel == null) {
        throw new IllegalStateException("a call compiled only to check it was evaluated");
      }
      out.ensure(selection.length);
      for (int a = 0; a < arguments.length; a++) {
        final Vec vec = arguments[a].eval(input, selection, count);
        values[a] = switch (vec.kind) {
          case LONG -> vec.longs;
          case DOUBLE -> vec.doubles;
          case OBJECT -> vec.objects;
        };
        nulls[a] = vec.nulls;
      }
      final Object results = switch (kind) {
        case LONG -> out.longs;
        case DOUBLE -> out.doubles;
        case OBJECT -> out.objects;
      };
      if (count <= batchSize) {
        kernel.applyToArrays(values, nulls, selection, count, results, out.nulls);
        return out;
      }
      // Batches as the model asks for them (its batch_size), as the row path makes them.
      if (chunk.length < batchSize) {
        chunk = new int[batchSize];
      }
      for (int from = 0; from < count; from += batchSize) {
        final int n = Math.min(batchSize, count - from);
        System.arraycopy(selection, from, chunk, 0, n);
        kernel.applyToArrays(values, nulls, chunk, n, results, out.nulls);
      }
      return out;
    }
  }

  /** ASSIGN_VARIANT: each unit's variant name, NULL for a NULL unit. */
  static final class AssignVariant extends VectorExpr {
    private final @Nullable AssignVariantKernel kernel;
    private final VectorExpr unit;
    private final Vec out = Vec.of(Kind.OBJECT);

    AssignVariant(@Nullable AssignVariantKernel kernel, VectorExpr unit) {
      super(Kind.OBJECT);
      this.kernel = kernel;
      this.unit = unit;
    }

    @Override Vec eval(Vec[] input, int[] selection, int count) {
      if (kernel == null) {
        throw new IllegalStateException("a call compiled only to check it was evaluated");
      }
      out.ensure(selection.length);
      final Vec units = unit.eval(input, selection, count);
      for (int k = 0; k < count; k++) {
        final int i = selection[k];
        out.nulls[i] = units.nulls[i];
        if (!units.nulls[i]) {
          out.objects[i] = kernel.variantName(units.kind == Kind.LONG
              ? kernel.variantOf(units.longs[i]) : kernel.variantOf((String) units.objects[i]));
        }
      }
      return out;
    }
  }
}
