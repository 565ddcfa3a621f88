package dev.sorrel.udf.experiment;

import java.util.List;

import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.sorrel.udf.ScalarKernel;
import dev.sorrel.udf.Vectors;

/**
 * {@code ASSIGN_VARIANT}'s kernel: a batch of units in, the index of each
 * unit's variant (in the experiment's variant order) out, NULL for a NULL
 * unit. Units are text ({@code Utf8}, hashed from the vector's UTF-8 bytes)
 * or integers (any Arrow integer vector, hashed as their decimal string).
 * The caller maps indexes to variant names, and to a stopped experiment's
 * winner, outside the kernel.
 */
public final class AssignVariantKernel implements ScalarKernel {
  /** Whether units come as text or as integers. */
  public enum UnitType {
    TEXT(new ArrowType.Utf8()),
    INTEGER(new ArrowType.Int(64, true));

    private final ArrowType arrowType;

    UnitType(ArrowType arrowType) {
      this.arrowType = arrowType;
    }
  }

  private final VariantAssigner assigner;
  private final UnitType unitType;
  private final Schema argumentSchema;
  private final Field resultField;

  public AssignVariantKernel(VariantAssigner assigner, UnitType unitType) {
    this.assigner = assigner;
    this.unitType = unitType;
    this.argumentSchema = new Schema(List.of(
        new Field("unit", FieldType.nullable(unitType.arrowType), null)));
    this.resultField = new Field("variant", FieldType.nullable(new ArrowType.Int(32, true)), null);
  }

  @Override public Schema argumentSchema() {
    return argumentSchema;
  }

  @Override public Field resultField() {
    return resultField;
  }

  @Override public void apply(VectorSchemaRoot arguments, FieldVector result) {
    final int rows = arguments.getRowCount();
    final IntVector out = (IntVector) result;
    Vectors.clear(out, rows);
    final FieldVector units = arguments.getVector(0);
    switch (unitType) {
      case TEXT -> {
        final VarCharVector text = (VarCharVector) units;
        for (int i = 0; i < rows; i++) {
          if (!text.isNull(i)) {
            final long start = text.getStartOffset(i);
            out.set(i, assigner.assignUtf8(text.getDataBuffer(), start,
                (int) (text.getEndOffset(i) - start)));
          }
        }
      }
      case INTEGER -> {
        final BaseIntVector integers = (BaseIntVector) units;
        for (int i = 0; i < rows; i++) {
          if (!units.isNull(i)) {
            out.set(i, assigner.assign(integers.getValueAsLong(i)));
          }
        }
      }
    }
    out.setValueCount(rows);
  }
}
