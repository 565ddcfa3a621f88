package dev.sorrel.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel API fits the functions planned next: a scalar function with a
 * string result over a string and a number (the shape of
 * {@code ASSIGN_VARIANT(experiment, unit)}), and a two-sample aggregate over
 * groups of doubles (the shape of {@code DRIFT_KS(value, is_reference)}).
 * Both are hand-written test kernels driven the way an operator drives them.
 */
class KernelShapesTest {
  private RootAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close(); // fails the test if a vector leaked
  }

  /** {@code unit_key(experiment, unit)}: {@code "<experiment>:<unit>"}, NULL if either is. */
  private static final class UnitKey implements ScalarKernel {
    @Override public Schema argumentSchema() {
      return new Schema(List.of(Field.nullable("experiment", ArrowType.Utf8.INSTANCE),
          Field.nullable("unit", new ArrowType.Int(64, true))));
    }

    @Override public Field resultField() {
      return Field.nullable("unit_key", ArrowType.Utf8.INSTANCE);
    }

    @Override public void apply(VectorSchemaRoot arguments, FieldVector result) {
      final VarCharVector experiments = (VarCharVector) arguments.getVector(0);
      final BigIntVector units = (BigIntVector) arguments.getVector(1);
      final VarCharVector out = (VarCharVector) result;
      final int rows = arguments.getRowCount();
      Vectors.clear(out, rows);
      for (int r = 0; r < rows; r++) {
        if (!experiments.isNull(r) && !units.isNull(r)) {
          out.setSafe(r, (new String(experiments.get(r), StandardCharsets.UTF_8) + ":"
              + units.get(r)).getBytes(StandardCharsets.UTF_8));
        }
      }
      out.setValueCount(rows);
    }
  }

  /** The two-sample Kolmogorov–Smirnov statistic D of a group. */
  private static final class KsStatistic implements AggregateKernel<KsStatistic.Samples> {
    /** A group's values, split by the flag. */
    static final class Samples {
      double[] reference = new double[8];
      int references;
      double[] current = new double[8];
      int currents;
    }

    @Override public Schema argumentSchema() {
      return new Schema(List.of(
          Field.nullable("value", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
          Field.nullable("is_reference", ArrowType.Bool.INSTANCE)));
    }

    @Override public Field resultField() {
      return Field.nullable("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    }

    @Override public Samples newState() {
      return new Samples();
    }

    @Override public void update(VectorSchemaRoot arguments, int[] groups,
        List<Samples> states) {
      final Float8Vector values = (Float8Vector) arguments.getVector(0);
      final BitVector flags = (BitVector) arguments.getVector(1);
      for (int r = 0; r < arguments.getRowCount(); r++) {
        if (values.isNull(r) || flags.isNull(r)) {
          continue;
        }
        final Samples s = states.get(groups[r]);
        if (flags.get(r) == 1) {
          if (s.references == s.reference.length) {
            s.reference = Arrays.copyOf(s.reference, 2 * s.references);
          }
          s.reference[s.references++] = values.get(r);
        } else {
          if (s.currents == s.current.length) {
            s.current = Arrays.copyOf(s.current, 2 * s.currents);
          }
          s.current[s.currents++] = values.get(r);
        }
      }
    }

    @Override public void finish(Samples s, FieldVector result, int index) {
      final Float8Vector out = (Float8Vector) result;
      if (s.references == 0 || s.currents == 0) {
        out.setNull(index);
        return;
      }
      final double[] x = Arrays.copyOf(s.reference, s.references);
      final double[] y = Arrays.copyOf(s.current, s.currents);
      Arrays.sort(x);
      Arrays.sort(y);
      double d = 0;
      int i = 0;
      int j = 0;
      while (i < x.length && j < y.length) {
        final double v = Math.min(x[i], y[j]);
        while (i < x.length && x[i] == v) {
          i++;
        }
        while (j < y.length && y[j] == v) {
          j++;
        }
        d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
      }
      out.setSafe(index, d);
    }
  }

  @Test
  void aScalarKernelWritesStrings() {
    final UnitKey kernel = new UnitKey();
    try (VectorSchemaRoot arguments = VectorSchemaRoot.create(kernel.argumentSchema(), allocator);
         VarCharVector result = (VarCharVector) kernel.createResult(allocator)) {
      final VarCharVector experiments = (VarCharVector) arguments.getVector(0);
      final BigIntVector units = (BigIntVector) arguments.getVector(1);
      for (int r = 0; r < 4; r++) {
        experiments.setSafe(r, "checkout".getBytes(StandardCharsets.UTF_8));
        if (r != 2) {
          units.setSafe(r, 1000 + r);
        } else {
          units.setNull(r);
        }
      }
      arguments.setRowCount(4);
      kernel.apply(arguments, result);
      final List<String> keys = new ArrayList<>();
      for (int r = 0; r < result.getValueCount(); r++) {
        keys.add(result.isNull(r) ? null : result.getObject(r).toString());
      }
      assertEquals(Arrays.asList("checkout:1000", "checkout:1001", null, "checkout:1003"), keys);
    }
  }

  @Test
  void anAggregateKernelFoldsBatchesIntoGroups() {
    final KsStatistic kernel = new KsStatistic();
    final List<KsStatistic.Samples> states = List.of(kernel.newState(), kernel.newState(),
        kernel.newState());
    try (VectorSchemaRoot arguments = VectorSchemaRoot.create(kernel.argumentSchema(), allocator);
         Float8Vector result = (Float8Vector) kernel.resultField().createVector(allocator)) {
      final Float8Vector values = (Float8Vector) arguments.getVector(0);
      final BitVector flags = (BitVector) arguments.getVector(1);
      // Two batches that mix the groups. Group 0: reference {1, 2, 3}, current {2, 3, 4, 5};
      // group 1: identical samples; group 2: no current values.
      final double[][] batchValues = {{1, 2, 7, 7, 3, 2, 9}, {3, 4, 5, 8}};
      final int[][] batchFlags = {{1, 1, 1, 0, 1, 0, 1}, {0, 0, 0, 1}};
      final int[][] batchGroups = {{0, 0, 1, 1, 0, 0, 2}, {0, 0, 0, 2}};
      for (int b = 0; b < 2; b++) {
        for (int r = 0; r < batchValues[b].length; r++) {
          values.setSafe(r, batchValues[b][r]);
          flags.setSafe(r, batchFlags[b][r]);
        }
        arguments.setRowCount(batchValues[b].length);
        kernel.update(arguments, batchGroups[b], states);
      }
      for (int g = 0; g < states.size(); g++) {
        kernel.finish(states.get(g), result, g);
      }
      result.setValueCount(states.size());
      // ECDFs of group 0 at 1, 2, 3, 4, 5: reference 1/3, 2/3, 1, 1, 1; current 0, 1/4, 1/2, 3/4, 1
      assertEquals(0.5, result.get(0), 1e-12);
      assertEquals(0.0, result.get(1), 0.0);
      assertTrue(result.isNull(2), "a group without current values has no statistic");
    }
  }
}
