package dev.sorrel.udf;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.model.ModelSession;
import dev.sorrel.engine.model.PredictionCache;
import dev.sorrel.engine.model.TensorSpec;

/**
 * PREDICT's kernel: scores a batch of rows with one ONNX Runtime call and
 * writes one column of the model's output. Arguments are vectors of the
 * types {@link PredictSignature#argumentTypes()} names ({@link Float8Vector},
 * {@link BigIntVector}, {@link VarCharVector}); the result is a
 * {@link Float8Vector}, {@link BigIntVector} or {@link VarCharVector} as
 * {@link PredictSignature#resultType()} says.
 *
 * <p>A row with a NULL argument is left out of the model call and gets a
 * NULL result; so is a row whose prediction the model's cache holds. The
 * remaining rows are copied from the argument vectors straight into direct,
 * native-order input buffers that are reused from batch to batch, so ONNX
 * Runtime reads them without another copy.
 */
public final class PredictKernel implements ScalarKernel {
  private final ModelSession session;
  private final PredictSignature signature;
  private final String call;
  private final Schema argumentSchema;
  private final Field resultField;
  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  /** One input buffer per model input, grown as needed. */
  private final ByteBuffer[] buffers;
  /** The rows of the current batch that go to the model, in order. */
  private int[] selected = new int[0];

  public PredictKernel(ModelSession session, PredictSignature signature) {
    this.session = session;
    this.signature = signature;
    this.call = signature.resultField().getName();
    this.argumentSchema = signature.argumentSchema();
    this.resultField = signature.resultField();
    this.buffers = new ByteBuffer[signature.inputs().size()];
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
    checkTypes(vectors, result);
    Vectors.clear(result, rows);
    scoreRows(vectors, null, rows, result);
    result.setValueCount(rows);
  }

  /**
   * Scores some rows of a batch with one model call: rows {@code rows[0]},
   * ..., {@code rows[count - 1]} (ascending) of {@code arguments}, each
   * result written into the same row of {@code result}; other rows of
   * {@code result} are left as they are. The caller has cleared
   * {@code result} for the batch ({@link Vectors#clear}) and sets its value
   * count. PREDICT_VARIANT scores each variant's rows of a batch this way:
   * the rows' features go from the batch's vectors straight into this
   * model's input buffers, and the results land in row order.
   *
   * @param arguments vectors of {@link #argumentSchema()}'s types, in order
   */
  public void applyToRows(List<FieldVector> arguments, int[] rows, int count,
      FieldVector result) {
    checkTypes(arguments, result);
    scoreRows(arguments, rows, count, result);
  }

  /** Scores rows {@code rows[0, count)}, or the first {@code count} rows if null. */
  private void scoreRows(List<FieldVector> vectors, int[] rows, int count, FieldVector result) {
    final PredictionCache cache = session.cache();
    final List<List<Object>> keys = cache == null ? null : new ArrayList<>();
    final int n = select(vectors, rows, count, cache, keys, result);
    if (n > 0) {
      score(vectors, n, result);
      if (cache != null) {
        for (int i = 0; i < n; i++) {
          cache.put(keys.get(i), valueAt(result, selected[i]));
        }
      }
    }
  }

  private void checkTypes(List<FieldVector> vectors, FieldVector result) {
    final List<Field> fields = argumentSchema.getFields();
    if (vectors.size() != fields.size()) {
      throw new IllegalArgumentException(call + " takes " + fields.size() + " argument vectors, not "
          + vectors.size());
    }
    for (int a = 0; a < fields.size(); a++) {
      if (!vectors.get(a).getField().getType().equals(fields.get(a).getType())) {
        throw new IllegalArgumentException(call + ": argument " + (a + 1) + " is "
            + vectors.get(a).getField() + ", not " + fields.get(a).getType());
      }
    }
    if (!result.getField().getType().equals(resultField.getType())) {
      throw new IllegalArgumentException(call + " writes " + resultField.getType() + ", not "
          + result.getField().getType());
    }
  }

  /**
   * Picks the rows that need the model into {@link #selected}, from
   * {@code rows[0, count)} (all of the first {@code count} rows if null):
   * those without a NULL argument or a cached prediction (which is written
   * right away). Returns how many were picked; {@code keys} gets their cache
   * keys.
   */
  private int select(List<FieldVector> vectors, int[] rows, int count, PredictionCache cache,
      List<List<Object>> keys, FieldVector result) {
    if (selected.length < count) {
      selected = new int[count];
    }
    boolean nulls = false;
    for (FieldVector vector : vectors) {
      nulls |= vector.getNullCount() > 0;
    }
    int n = 0;
    rows:
    for (int i = 0; i < count; i++) {
      final int row = rows == null ? i : rows[i];
      if (nulls) {
        for (FieldVector vector : vectors) {
          if (vector.isNull(row)) {
            continue rows;
          }
        }
      }
      if (cache != null) {
        final List<Object> key = key(vectors, row);
        final Object hit = cache.get(key);
        if (hit != null) {
          put(result, row, hit);
          continue;
        }
        keys.add(key);
      }
      selected[n++] = row;
    }
    return n;
  }

  /** Runs the model on the first {@code n} selected rows and writes their results. */
  private void score(List<FieldVector> vectors, int n, FieldVector result) {
    final Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      try {
        buildInputs(vectors, n, inputs);
      } catch (OrtException e) {
        throw new SorrelException(ErrorCode.DATA_EXCEPTION,
            "model " + session.reference() + " input failed: " + e.getMessage(), e);
      }
      try (OrtSession.Result output = session.run(inputs)) {
        readOutput(output.get(signature.outputIndex()), n, result);
      } catch (OrtException e) {
        throw new SorrelException(ErrorCode.DATA_EXCEPTION,
            "model " + session.reference() + " failed: " + e.getMessage(), e);
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** What a cached prediction is keyed by: the call's output and the argument values. */
  private List<Object> key(List<FieldVector> vectors, int row) {
    final List<Object> key = new ArrayList<>(vectors.size() + 1);
    key.add(call);
    for (FieldVector vector : vectors) {
      if (vector instanceof BigIntVector longs) {
        key.add(BigDecimal.valueOf(longs.get(row)).stripTrailingZeros());
      } else if (vector instanceof Float8Vector doubles) {
        // The same number keys alike as BIGINT or DOUBLE, and large integers keep every digit.
        final double d = doubles.get(row);
        key.add(Double.isFinite(d) ? new BigDecimal(d).stripTrailingZeros() : d);
      } else {
        key.add(new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8));
      }
    }
    return key;
  }

  /** Writes a cached value, a {@code Double}, {@code Long} or {@code String}. */
  private static void put(FieldVector result, int row, Object value) {
    if (result instanceof Float8Vector doubles) {
      doubles.set(row, ((Number) value).doubleValue());
    } else if (result instanceof BigIntVector longs) {
      longs.set(row, ((Number) value).longValue());
    } else {
      ((VarCharVector) result).setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Reads a result back for the cache: a {@code Double}, {@code Long}, {@code String} or null. */
  private static Object valueAt(FieldVector result, int row) {
    if (result.isNull(row)) {
      return null;
    }
    if (result instanceof VarCharVector strings) {
      return new String(strings.get(row), StandardCharsets.UTF_8);
    }
    return result.getObject(row);
  }

  private void buildInputs(List<FieldVector> vectors, int n, Map<String, OnnxTensor> inputs)
      throws OrtException {
    final List<TensorSpec> specs = signature.inputs();
    if (signature.layout() == PredictSignature.Layout.MATRIX) {
      // One [n, F] row-major tensor: column a of the batch goes to every F-th element.
      final TensorSpec spec = specs.get(0);
      final int features = vectors.size();
      final long[] shape = {n, features};
      switch (spec.elementType()) {
      case "DOUBLE": {
        final DoubleBuffer buffer = buffer(0, 8L * n * features).asDoubleBuffer();
        for (int a = 0; a < features; a++) {
          fillDoubles(vectors.get(a), n, buffer, a, features);
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment,
            buffer.limit(n * features), shape));
        break;
      }
      case "INT64": {
        final LongBuffer buffer = buffer(0, 8L * n * features).asLongBuffer();
        for (int a = 0; a < features; a++) {
          fillLongs(vectors.get(a), n, buffer, a, features);
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment,
            buffer.limit(n * features), shape));
        break;
      }
      default: {
        final FloatBuffer buffer = buffer(0, 4L * n * features).asFloatBuffer();
        for (int a = 0; a < features; a++) {
          fillFloats(vectors.get(a), n, buffer, a, features);
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment,
            buffer.limit(n * features), shape));
        break;
      }
      }
      return;
    }
    for (int a = 0; a < vectors.size(); a++) {
      final TensorSpec spec = specs.get(a);
      final FieldVector vector = vectors.get(a);
      final long[] shape = spec.shape().size() == 2 ? new long[] {n, 1} : new long[] {n};
      switch (spec.elementType()) {
      case "STRING": {
        final VarCharVector strings = (VarCharVector) vector;
        final String[] values = new String[n];
        for (int i = 0; i < n; i++) {
          values[i] = new String(strings.get(selected[i]), StandardCharsets.UTF_8);
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, values, shape));
        break;
      }
      case "DOUBLE": {
        final DoubleBuffer buffer = buffer(a, 8L * n).asDoubleBuffer();
        fillDoubles(vector, n, buffer, 0, 1);
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, buffer.limit(n), shape));
        break;
      }
      case "INT64": {
        final LongBuffer buffer = buffer(a, 8L * n).asLongBuffer();
        fillLongs(vector, n, buffer, 0, 1);
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, buffer.limit(n), shape));
        break;
      }
      default: {
        final FloatBuffer buffer = buffer(a, 4L * n).asFloatBuffer();
        fillFloats(vector, n, buffer, 0, 1);
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, buffer.limit(n), shape));
        break;
      }
      }
    }
  }

  // The fill loops read the vectors' data buffers directly: the selected rows
  // are known to be non-null, and a numeric argument is a BIGINT or DOUBLE vector.

  private void fillFloats(FieldVector vector, int n, FloatBuffer out, int offset, int stride) {
    final ArrowBuf data = vector.getDataBuffer();
    if (vector instanceof BigIntVector) {
      for (int i = 0; i < n; i++) {
        out.put(i * stride + offset, (float) data.getLong(8L * selected[i]));
      }
    } else {
      for (int i = 0; i < n; i++) {
        out.put(i * stride + offset, (float) data.getDouble(8L * selected[i]));
      }
    }
  }

  private void fillDoubles(FieldVector vector, int n, DoubleBuffer out, int offset, int stride) {
    final ArrowBuf data = vector.getDataBuffer();
    if (vector instanceof BigIntVector) {
      for (int i = 0; i < n; i++) {
        out.put(i * stride + offset, (double) data.getLong(8L * selected[i]));
      }
    } else {
      for (int i = 0; i < n; i++) {
        out.put(i * stride + offset, data.getDouble(8L * selected[i]));
      }
    }
  }

  private void fillLongs(FieldVector vector, int n, LongBuffer out, int offset, int stride) {
    final ArrowBuf data = vector.getDataBuffer();
    if (vector instanceof BigIntVector) {
      for (int i = 0; i < n; i++) {
        out.put(i * stride + offset, data.getLong(8L * selected[i]));
      }
    } else {
      for (int i = 0; i < n; i++) {
        out.put(i * stride + offset, (long) data.getDouble(8L * selected[i]));
      }
    }
  }

  /** The reusable direct buffer of input {@code index}, cleared, grown to at least {@code bytes}. */
  private ByteBuffer buffer(int index, long bytes) {
    ByteBuffer buffer = buffers[index];
    if (buffer == null || buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
      buffers[index] = buffer;
    }
    buffer.clear();
    return buffer;
  }

  /**
   * Writes column {@link PredictSignature#column()} of a model output into
   * the selected rows of {@code result}, whose type the signature chose from
   * the output's element type.
   */
  private void readOutput(OnnxValue value, int n, FieldVector result) throws OrtException {
    if (signature.zipMap()) {
      final Float8Vector out = (Float8Vector) result;
      final List<? extends OnnxValue> maps = ((OnnxSequence) value).getValue();
      for (int i = 0; i < n; i++) {
        final Map<? extends Object, ? extends Object> map = ((OnnxMap) maps.get(i)).getValue();
        final Object byLong = map.get((long) signature.column());
        final Object probability = byLong != null ? byLong
            : map.get(String.valueOf(signature.column()));
        if (probability instanceof Number number) {
          out.set(selected[i], number.doubleValue());
        }
      }
      return;
    }
    final OnnxTensor tensor = (OnnxTensor) value;
    final long[] shape = tensor.getInfo().getShape();
    final int width = shape.length == 2 ? (int) shape[1] : 1;
    final int column = signature.column();
    switch (tensor.getInfo().type) {
    case FLOAT: {
      final Float8Vector out = (Float8Vector) result;
      final FloatBuffer data = tensor.getFloatBuffer();
      for (int i = 0; i < n; i++) {
        out.set(selected[i], data.get(i * width + column));
      }
      break;
    }
    case DOUBLE: {
      final Float8Vector out = (Float8Vector) result;
      final DoubleBuffer data = tensor.getDoubleBuffer();
      for (int i = 0; i < n; i++) {
        out.set(selected[i], data.get(i * width + column));
      }
      break;
    }
    case INT64: {
      final LongBuffer data = tensor.getLongBuffer();
      if (result instanceof Float8Vector out) {
        for (int i = 0; i < n; i++) {
          out.set(selected[i], (double) data.get(i * width + column));
        }
      } else {
        final BigIntVector out = (BigIntVector) result;
        for (int i = 0; i < n; i++) {
          out.set(selected[i], data.get(i * width + column));
        }
      }
      break;
    }
    case STRING: {
      final VarCharVector out = (VarCharVector) result;
      final String[] data = flatten(tensor.getValue(), n * width);
      for (int i = 0; i < n; i++) {
        out.setSafe(selected[i], data[i * width + column].getBytes(StandardCharsets.UTF_8));
      }
      break;
    }
    case INT8, INT16, INT32, UINT8, BOOL, FLOAT16, BFLOAT16, UNKNOWN:
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "model "
          + session.reference() + " returned " + tensor.getInfo().type
          + " values, which SQL cannot read yet");
    }
  }

  private static String[] flatten(Object value, int size) {
    if (value instanceof String[] flat) {
      return flat;
    }
    final String[] out = new String[size];
    int k = 0;
    for (Object row : (Object[]) value) {
      for (String s : (String[]) row) {
        out[k++] = s;
      }
    }
    return out;
  }
}
