package dev.sorrel.udf.experiment;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.sorrel.udf.ScalarKernel;
import dev.sorrel.udf.Vectors;

/**
 * {@code ASSIGN_VARIANT}'s kernel: a batch of units in, each unit's variant
 * name out ({@code Utf8}), NULL for a NULL unit. Units are text (hashed from
 * the vector's UTF-8 bytes as they are) or integers (any Arrow integer
 * vector, hashed as their decimal string). The assigner gives each unit a
 * variant index, which selects a name encoded once; an experiment that has
 * stopped gives everyone one fixed variant without hashing.
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
  private final byte[][] names;
  private final List<String> variantNames;
  private final int fixedVariant;
  private final Schema argumentSchema;
  private final Field resultField;

  /**
   * A kernel over units of one type.
   *
   * @param names the variant names, by index
   * @param fixedVariant the index every unit gets (a stopped experiment's
   *     winner), or -1 to assign by hash
   */
  public AssignVariantKernel(VariantAssigner assigner, UnitType unitType, List<String> names,
      int fixedVariant) {
    this.assigner = assigner;
    this.unitType = unitType;
    this.variantNames = List.copyOf(names);
    this.names = new byte[names.size()][];
    for (int i = 0; i < this.names.length; i++) {
      this.names[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
    }
    this.fixedVariant = fixedVariant;
    this.argumentSchema = new Schema(List.of(
        new Field("unit", FieldType.nullable(unitType.arrowType), null)));
    this.resultField = new Field("variant", FieldType.nullable(new ArrowType.Utf8()), null);
  }

  @Override public Schema argumentSchema() {
    return argumentSchema;
  }

  @Override public Field resultField() {
    return resultField;
  }

  @Override public void apply(VectorSchemaRoot arguments, FieldVector result) {
    final int rows = arguments.getRowCount();
    final VarCharVector out = (VarCharVector) result;
    Vectors.clear(out, rows);
    final FieldVector units = arguments.getVector(0);
    for (int i = 0; i < rows; i++) {
      if (!units.isNull(i)) {
        out.setSafe(i, names[variant(units, i)]);
      }
    }
    out.setValueCount(rows);
  }

  /**
   * The variant of each of the first {@code rows} units, as an index in
   * variant order ({@code -1} for a NULL unit), for a caller that acts on
   * the variant rather than returning its name (PREDICT_VARIANT).
   *
   * @param units a vector of {@link #argumentSchema()}'s unit type
   * @param variants receives one index per unit; at least {@code rows} long
   */
  public void variants(FieldVector units, int rows, int[] variants) {
    for (int i = 0; i < rows; i++) {
      variants[i] = units.isNull(i) ? -1 : variant(units, i);
    }
  }

  /**
   * The variant index of an integer unit, as {@link #apply} assigns it from
   * an integer vector; for the columnar batch path, which holds units in
   * primitive arrays.
   */
  public int variantOf(long unit) {
    return fixedVariant >= 0 ? fixedVariant : assigner.assign(unit);
  }

  /** The variant index of a text unit, as {@link #apply} assigns it from a VARCHAR vector. */
  public int variantOf(String unit) {
    return fixedVariant >= 0 ? fixedVariant : assigner.assign(unit);
  }

  /** The name of the variant of an index. */
  public String variantName(int variant) {
    return variantNames.get(variant);
  }

  /** Whether units come as text or as integers. */
  public UnitType unitType() {
    return unitType;
  }

  private int variant(FieldVector units, int i) {
    if (fixedVariant >= 0) {
      return fixedVariant;
    }
    return switch (unitType) {
      case TEXT -> {
        final VarCharVector text = (VarCharVector) units;
        final long start = text.getStartOffset(i);
        yield assigner.assignUtf8(text.getDataBuffer(), start,
            (int) (text.getEndOffset(i) - start));
      }
      case INTEGER -> assigner.assign(((BaseIntVector) units).getValueAsLong(i));
    };
  }
}
