package dev.sorrel.udf.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.sorrel.udf.PredictKernel;
import dev.sorrel.udf.ScalarKernel;
import dev.sorrel.udf.Vectors;

/**
 * {@code PREDICT_VARIANT}'s kernel: scores each row with the model of its
 * unit's variant. The arguments are the unit, then the model arguments,
 * which every variant's model takes alike.
 *
 * <p>Per batch, the units are assigned once (an {@link AssignVariantKernel}
 * over the whole unit vector), then each distinct model scores the rows of
 * the variants that use it with one call: {@link PredictKernel#applyToRows}
 * reads those rows' features straight from the batch's vectors into the
 * model's input buffers and writes the results back into the same rows, so
 * nothing is copied into per-variant vectors first. Variants that resolve
 * to the same model version share its call. A row whose unit or any model
 * argument is NULL gets NULL.
 */
public final class PredictVariantKernel implements ScalarKernel {
  private final AssignVariantKernel assignment;
  private final PredictKernel[] models;
  private final int[] modelOfVariant;
  private final Schema argumentSchema;
  private final Field resultField;
  /** Per batch: each row's variant, and each model's rows in row order. */
  private int[] variants = new int[0];
  private final int[][] rowsOfModel;
  private final int[] counts;

  /**
   * A kernel over one experiment definition.
   *
   * @param assignment assigns a batch of units to variants
   * @param models the distinct models the variants score with, all taking
   *     the same argument types and writing the same result type
   * @param modelOfVariant for each variant (in variant order), the index of
   *     its model in {@code models}
   * @param resultName the result vector's name, for messages
   */
  public PredictVariantKernel(AssignVariantKernel assignment, List<PredictKernel> models,
      int[] modelOfVariant, String resultName) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("PREDICT_VARIANT needs at least one model");
    }
    this.assignment = assignment;
    this.models = models.toArray(new PredictKernel[0]);
    this.modelOfVariant = modelOfVariant.clone();
    final PredictKernel first = this.models[0];
    for (PredictKernel model : this.models) {
      if (!types(model.argumentSchema()).equals(types(first.argumentSchema()))
          || !model.resultField().getType().equals(first.resultField().getType())) {
        throw new IllegalArgumentException("the variants' models must take the same argument"
            + " types and return the same type: " + model.argumentSchema() + " -> "
            + model.resultField() + " against " + first.argumentSchema() + " -> "
            + first.resultField());
      }
    }
    for (int m : this.modelOfVariant) {
      if (m < 0 || m >= this.models.length) {
        throw new IllegalArgumentException("variant model index " + m + " out of range");
      }
    }
    final List<Field> fields = new ArrayList<>();
    fields.add(assignment.argumentSchema().getFields().get(0));
    fields.addAll(first.argumentSchema().getFields());
    this.argumentSchema = new Schema(fields);
    this.resultField = Field.nullable(resultName, first.resultField().getType());
    this.rowsOfModel = new int[this.models.length][];
    Arrays.fill(rowsOfModel, new int[0]);
    this.counts = new int[this.models.length];
  }

  private static List<Object> types(Schema schema) {
    return schema.getFields().stream().map(f -> (Object) f.getType()).toList();
  }

  @Override public Schema argumentSchema() {
    return argumentSchema;
  }

  @Override public Field resultField() {
    return resultField;
  }

  @Override public void apply(VectorSchemaRoot arguments, FieldVector result) {
    final int rows = arguments.getRowCount();
    final List<FieldVector> vectors = arguments.getFieldVectors();
    if (vectors.size() != argumentSchema.getFields().size()) {
      throw new IllegalArgumentException("PREDICT_VARIANT takes "
          + argumentSchema.getFields().size() + " argument vectors, not " + vectors.size());
    }
    Vectors.clear(result, rows);
    if (variants.length < rows) {
      variants = new int[rows];
    }
    assignment.variants(vectors.get(0), rows, variants);
    Arrays.fill(counts, 0);
    for (int r = 0; r < rows; r++) {
      final int variant = variants[r];
      if (variant < 0) {
        continue; // a NULL unit: NULL result
      }
      final int m = modelOfVariant[variant];
      if (rowsOfModel[m].length == counts[m]) {
        rowsOfModel[m] = Arrays.copyOf(rowsOfModel[m], Math.max(16, rows));
      }
      rowsOfModel[m][counts[m]++] = r;
    }
    final List<FieldVector> features = vectors.subList(1, vectors.size());
    for (int m = 0; m < models.length; m++) {
      if (counts[m] > 0) {
        models[m].applyToRows(features, rowsOfModel[m], counts[m], result);
      }
    }
    result.setValueCount(rows);
  }
}
