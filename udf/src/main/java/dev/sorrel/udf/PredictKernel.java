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
 * Runtime reads them without another copy. The columnar batch path calls it
 * with plain Java arrays instead of vectors ({@link #applyToArrays}), with
 * the same rules.
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
  /**
   * Heap arrays the fill loops write a tensor's values into before one bulk
   * copy into its direct buffer: plain array stores cost a fraction of
   * checked stores into a direct buffer, one per value.
   */
  private float[] floats = new float[0];
  private double[] doubles = new double[0];
  private long[] longs = new long[0];
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
    scoreRows(new VectorSource(vectors), null, rows, new VectorSink(result));
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
    scoreRows(new VectorSource(arguments), rows, count, new VectorSink(result));
  }

  /**
   * Scores some rows of a batch whose columns are plain Java arrays, with one
   * model call, exactly as {@link #applyToRows} scores the same values in
   * vectors: a row with a NULL argument gets a NULL result without reaching
   * the model, cached predictions are reused, and the other rows' features
   * go from the arrays straight into the model's input buffers. This is the
   * entry point of the columnar batch path, which holds a batch as primitive
   * arrays and must not box values on the way to ONNX Runtime.
   *
   * @param arguments per model argument, its values by row position: a
   *     {@code long[]} for a {@link PredictSignature.Type#BIGINT} argument, a
   *     {@code double[]} for DOUBLE, an {@code Object[]} of {@code String}s
   *     for VARCHAR ({@link PredictSignature#argumentTypes()})
   * @param nulls per model argument, true at the positions whose value is NULL
   * @param rows the positions to score, {@code rows[0, count)}, ascending
   * @param values receives each scored position's result: a {@code double[]},
   *     {@code long[]} or {@code Object[]} (of {@code String}s) as
   *     {@link PredictSignature#resultType()} says; other positions are left
   * @param resultNulls set at each scored position: true where the result is NULL
   */
  public void applyToArrays(Object[] arguments, boolean[][] nulls, int[] rows, int count,
      Object values, boolean[] resultNulls) {
    final List<PredictSignature.Type> types = signature.argumentTypes();
    if (arguments.length != types.size() || nulls.length != types.size()) {
      throw new IllegalArgumentException(call + " takes " + types.size()
          + " argument arrays, not " + arguments.length);
    }
    for (int a = 0; a < arguments.length; a++) {
      final boolean matches = switch (types.get(a)) {
        case BIGINT -> arguments[a] instanceof long[];
        case DOUBLE -> arguments[a] instanceof double[];
        case VARCHAR -> arguments[a] instanceof Object[];
      };
      if (!matches) {
        throw new IllegalArgumentException(call + ": argument " + (a + 1) + " is a "
            + arguments[a].getClass().getSimpleName() + ", not " + types.get(a));
      }
    }
    for (int i = 0; i < count; i++) {
      resultNulls[rows[i]] = true;
    }
    // Checked column by column, so that rows are checked one by one only if some value is NULL.
    boolean anyNull = false;
    for (boolean[] column : nulls) {
      for (int i = 0; i < count; i++) {
        anyNull |= column[rows[i]];
      }
    }
    scoreRows(new ArraySource(arguments, nulls, anyNull), rows, count,
        new ArraySink(signature.resultType(), values, resultNulls));
  }

  /** Scores rows {@code rows[0, count)}, or the first {@code count} rows if null. */
  private void scoreRows(Source source, int[] rows, int count, Sink result) {
    final PredictionCache cache = session.cache();
    final List<List<Object>> keys = cache == null ? null : new ArrayList<>();
    final int n = select(source, rows, count, cache, keys, result);
    if (n > 0) {
      score(source, n, result);
      if (cache != null) {
        for (int i = 0; i < n; i++) {
          cache.put(keys.get(i), result.get(selected[i]));
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
  private int select(Source source, int[] rows, int count, PredictionCache cache,
      List<List<Object>> keys, Sink result) {
    if (selected.length < count) {
      selected = new int[count];
    }
    final boolean nulls = source.mayHaveNulls();
    final int arguments = source.size();
    int n = 0;
    rows:
    for (int i = 0; i < count; i++) {
      final int row = rows == null ? i : rows[i];
      if (nulls) {
        for (int a = 0; a < arguments; a++) {
          if (source.isNull(a, row)) {
            continue rows;
          }
        }
      }
      if (cache != null) {
        final List<Object> key = key(source, row);
        final Object hit = cache.get(key);
        if (hit != null) {
          result.put(row, hit);
          continue;
        }
        keys.add(key);
      }
      selected[n++] = row;
    }
    return n;
  }

  /** Runs the model on the first {@code n} selected rows and writes their results. */
  private void score(Source source, int n, Sink result) {
    final Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      try {
        buildInputs(source, n, inputs);
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
  private List<Object> key(Source source, int row) {
    final List<Object> key = new ArrayList<>(source.size() + 1);
    key.add(call);
    for (int a = 0; a < source.size(); a++) {
      key.add(source.keyValue(a, row));
    }
    return key;
  }

  /** A BIGINT argument as a cache key holds it. */
  private static Object longKey(long value) {
    return BigDecimal.valueOf(value).stripTrailingZeros();
  }

  /**
   * A DOUBLE argument as a cache key holds it: the same number keys alike as
   * BIGINT or DOUBLE, and large integers keep every digit.
   */
  private static Object doubleKey(double value) {
    return Double.isFinite(value) ? new BigDecimal(value).stripTrailingZeros() : value;
  }

  private void buildInputs(Source source, int n, Map<String, OnnxTensor> inputs)
      throws OrtException {
    final List<TensorSpec> specs = signature.inputs();
    if (signature.layout() == PredictSignature.Layout.MATRIX) {
      // One [n, F] row-major tensor: column a of the batch goes to every F-th element.
      final TensorSpec spec = specs.get(0);
      final int features = source.size();
      final long[] shape = {n, features};
      switch (spec.elementType()) {
      case "DOUBLE": {
        final DoubleBuffer buffer = buffer(0, 8L * n * features).asDoubleBuffer();
        final double[] values = doubleScratch(n * features);
        for (int a = 0; a < features; a++) {
          source.fillDoubles(a, selected, n, values, a, features);
        }
        buffer.put(0, values, 0, n * features);
        inputs.put(spec.name(), OnnxTensor.createTensor(environment,
            buffer.limit(n * features), shape));
        break;
      }
      case "INT64": {
        final LongBuffer buffer = buffer(0, 8L * n * features).asLongBuffer();
        final long[] values = longScratch(n * features);
        for (int a = 0; a < features; a++) {
          source.fillLongs(a, selected, n, values, a, features);
        }
        buffer.put(0, values, 0, n * features);
        inputs.put(spec.name(), OnnxTensor.createTensor(environment,
            buffer.limit(n * features), shape));
        break;
      }
      default: {
        final FloatBuffer buffer = buffer(0, 4L * n * features).asFloatBuffer();
        final float[] values = floatScratch(n * features);
        for (int a = 0; a < features; a++) {
          source.fillFloats(a, selected, n, values, a, features);
        }
        buffer.put(0, values, 0, n * features);
        inputs.put(spec.name(), OnnxTensor.createTensor(environment,
            buffer.limit(n * features), shape));
        break;
      }
      }
      return;
    }
    for (int a = 0; a < source.size(); a++) {
      final TensorSpec spec = specs.get(a);
      final long[] shape = spec.shape().size() == 2 ? new long[] {n, 1} : new long[] {n};
      switch (spec.elementType()) {
      case "STRING": {
        final String[] values = new String[n];
        for (int i = 0; i < n; i++) {
          values[i] = source.string(a, selected[i]);
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, values, shape));
        break;
      }
      case "DOUBLE": {
        final DoubleBuffer buffer = buffer(a, 8L * n).asDoubleBuffer();
        final double[] values = doubleScratch(n);
        source.fillDoubles(a, selected, n, values, 0, 1);
        buffer.put(0, values, 0, n);
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, buffer.limit(n), shape));
        break;
      }
      case "INT64": {
        final LongBuffer buffer = buffer(a, 8L * n).asLongBuffer();
        final long[] values = longScratch(n);
        source.fillLongs(a, selected, n, values, 0, 1);
        buffer.put(0, values, 0, n);
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, buffer.limit(n), shape));
        break;
      }
      default: {
        final FloatBuffer buffer = buffer(a, 4L * n).asFloatBuffer();
        final float[] values = floatScratch(n);
        source.fillFloats(a, selected, n, values, 0, 1);
        buffer.put(0, values, 0, n);
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, buffer.limit(n), shape));
        break;
      }
      }
    }
  }

  /**
   * The argument values of a batch, wherever they are held. The fill methods
   * copy the values of rows {@code rows[0, n)}, known to be non-null, into
   * element {@code i * stride + offset} of a model input's values, converted
   * to its element type; a numeric argument is a BIGINT or DOUBLE.
   */
  private interface Source {
    /** The number of arguments. */
    int size();

    /** False if no argument value of the batch is NULL. */
    boolean mayHaveNulls();

    boolean isNull(int argument, int row);

    /** The value as a cache key holds it. */
    Object keyValue(int argument, int row);

    /** A VARCHAR argument's value. */
    String string(int argument, int row);

    void fillFloats(int argument, int[] rows, int n, float[] out, int offset, int stride);

    void fillDoubles(int argument, int[] rows, int n, double[] out, int offset, int stride);

    void fillLongs(int argument, int[] rows, int n, long[] out, int offset, int stride);
  }

  /** Arguments in Arrow vectors ({@link BigIntVector}, {@link Float8Vector}, {@link VarCharVector}). */
  private record VectorSource(List<FieldVector> vectors) implements Source {
    @Override public int size() {
      return vectors.size();
    }

    @Override public boolean mayHaveNulls() {
      for (FieldVector vector : vectors) {
        if (vector.getNullCount() > 0) {
          return true;
        }
      }
      return false;
    }

    @Override public boolean isNull(int argument, int row) {
      return vectors.get(argument).isNull(row);
    }

    @Override public Object keyValue(int argument, int row) {
      final FieldVector vector = vectors.get(argument);
      if (vector instanceof BigIntVector longs) {
        return longKey(longs.get(row));
      } else if (vector instanceof Float8Vector doubles) {
        return doubleKey(doubles.get(row));
      }
      return string(argument, row);
    }

    @Override public String string(int argument, int row) {
      return new String(((VarCharVector) vectors.get(argument)).get(row), StandardCharsets.UTF_8);
    }

    // The fill loops read the vectors' data buffers directly.

    @Override public void fillFloats(int argument, int[] rows, int n, float[] out,
        int offset, int stride) {
      final FieldVector vector = vectors.get(argument);
      final ArrowBuf data = vector.getDataBuffer();
      if (vector instanceof BigIntVector) {
        for (int i = 0; i < n; i++) {
          out[i * stride + offset] = (float) data.getLong(8L * rows[i]);
        }
      } else {
        for (int i = 0; i < n; i++) {
          out[i * stride + offset] = (float) data.getDouble(8L * rows[i]);
        }
      }
    }

    @Override public void fillDoubles(int argument, int[] rows, int n, double[] out,
        int offset, int stride) {
      final FieldVector vector = vectors.get(argument);
      final ArrowBuf data = vector.getDataBuffer();
      if (vector instanceof BigIntVector) {
        for (int i = 0; i < n; i++) {
          out[i * stride + offset] = (double) data.getLong(8L * rows[i]);
        }
      } else {
        for (int i = 0; i < n; i++) {
          out[i * stride + offset] = data.getDouble(8L * rows[i]);
        }
      }
    }

    @Override public void fillLongs(int argument, int[] rows, int n, long[] out,
        int offset, int stride) {
      final FieldVector vector = vectors.get(argument);
      final ArrowBuf data = vector.getDataBuffer();
      if (vector instanceof BigIntVector) {
        for (int i = 0; i < n; i++) {
          out[i * stride + offset] = data.getLong(8L * rows[i]);
        }
      } else {
        for (int i = 0; i < n; i++) {
          out[i * stride + offset] = (long) data.getDouble(8L * rows[i]);
        }
      }
    }
  }

  /** Arguments in Java arrays ({@code long[]}, {@code double[]}, {@code Object[]} of strings). */
  private record ArraySource(Object[] arguments, boolean[][] nulls, boolean anyNull)
      implements Source {
    @Override public int size() {
      return arguments.length;
    }

    @Override public boolean mayHaveNulls() {
      return anyNull;
    }

    @Override public boolean isNull(int argument, int row) {
      return nulls[argument][row];
    }

    @Override public Object keyValue(int argument, int row) {
      final Object values = arguments[argument];
      if (values instanceof long[] longs) {
        return longKey(longs[row]);
      } else if (values instanceof double[] doubles) {
        return doubleKey(doubles[row]);
      }
      return string(argument, row);
    }

    @Override public String string(int argument, int row) {
      return (String) ((Object[]) arguments[argument])[row];
    }

    @Override public void fillFloats(int argument, int[] rows, int n, float[] out,
        int offset, int stride) {
      if (arguments[argument] instanceof long[] longs) {
        for (int i = 0; i < n; i++) {
          out[i * stride + offset] = (float) longs[rows[i]];
        }
      } else {
        final double[] doubles = (double[]) arguments[argument];
        for (int i = 0; i < n; i++) {
          out[i * stride + offset] = (float) doubles[rows[i]];
        }
      }
    }

    @Override public void fillDoubles(int argument, int[] rows, int n, double[] out,
        int offset, int stride) {
      if (arguments[argument] instanceof long[] longs) {
        for (int i = 0; i < n; i++) {
          out[i * stride + offset] = (double) longs[rows[i]];
        }
      } else {
        final double[] doubles = (double[]) arguments[argument];
        for (int i = 0; i < n; i++) {
          out[i * stride + offset] = doubles[rows[i]];
        }
      }
    }

    @Override public void fillLongs(int argument, int[] rows, int n, long[] out,
        int offset, int stride) {
      if (arguments[argument] instanceof long[] longs) {
        for (int i = 0; i < n; i++) {
          out[i * stride + offset] = longs[rows[i]];
        }
      } else {
        final double[] doubles = (double[]) arguments[argument];
        for (int i = 0; i < n; i++) {
          out[i * stride + offset] = (long) doubles[rows[i]];
        }
      }
    }
  }

  /**
   * Where results go, by row: as a {@link PredictSignature#resultType()}
   * value. {@link #get} reads one back for the cache: a {@code Double},
   * {@code Long}, {@code String} or null.
   */
  private interface Sink {
    void setDouble(int row, double value);

    void setLong(int row, long value);

    void setString(int row, String value);

    Object get(int row);

    /** Writes a cached value, a {@code Double}, {@code Long} or {@code String}. */
    void put(int row, Object value);
  }

  /** Results into a {@link Float8Vector}, {@link BigIntVector} or {@link VarCharVector}. */
  private record VectorSink(FieldVector result) implements Sink {
    @Override public void setDouble(int row, double value) {
      ((Float8Vector) result).set(row, value);
    }

    @Override public void setLong(int row, long value) {
      ((BigIntVector) result).set(row, value);
    }

    @Override public void setString(int row, String value) {
      ((VarCharVector) result).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override public Object get(int row) {
      if (result.isNull(row)) {
        return null;
      }
      if (result instanceof VarCharVector strings) {
        return new String(strings.get(row), StandardCharsets.UTF_8);
      }
      return result.getObject(row);
    }

    @Override public void put(int row, Object value) {
      // By the vector's type, as the cache holds what this call wrote.
      if (result instanceof Float8Vector doubles) {
        doubles.set(row, ((Number) value).doubleValue());
      } else if (result instanceof BigIntVector longs) {
        longs.set(row, ((Number) value).longValue());
      } else {
        setString(row, (String) value);
      }
    }
  }

  /** Results into a {@code double[]}, {@code long[]} or {@code Object[]}, with null flags. */
  private static final class ArraySink implements Sink {
    private final PredictSignature.Type type;
    private final Object values;
    private final boolean[] nulls;

    ArraySink(PredictSignature.Type type, Object values, boolean[] nulls) {
      this.type = type;
      this.values = values;
      this.nulls = nulls;
    }

    @Override public void setDouble(int row, double value) {
      ((double[]) values)[row] = value;
      nulls[row] = false;
    }

    @Override public void setLong(int row, long value) {
      ((long[]) values)[row] = value;
      nulls[row] = false;
    }

    @Override public void setString(int row, String value) {
      ((Object[]) values)[row] = value;
      nulls[row] = false;
    }

    @Override public Object get(int row) {
      if (nulls[row]) {
        return null;
      }
      return switch (type) {
        case DOUBLE -> ((double[]) values)[row];
        case BIGINT -> ((long[]) values)[row];
        case VARCHAR -> ((Object[]) values)[row];
      };
    }

    @Override public void put(int row, Object value) {
      switch (type) {
      case DOUBLE -> setDouble(row, ((Number) value).doubleValue());
      case BIGINT -> setLong(row, ((Number) value).longValue());
      case VARCHAR -> setString(row, (String) value);
      }
    }
  }

  private float[] floatScratch(int size) {
    if (floats.length < size) {
      floats = new float[size];
    }
    return floats;
  }

  private double[] doubleScratch(int size) {
    if (doubles.length < size) {
      doubles = new double[size];
    }
    return doubles;
  }

  private long[] longScratch(int size) {
    if (longs.length < size) {
      longs = new long[size];
    }
    return longs;
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
  private void readOutput(OnnxValue value, int n, Sink result) throws OrtException {
    if (signature.zipMap()) {
      final List<? extends OnnxValue> maps = ((OnnxSequence) value).getValue();
      for (int i = 0; i < n; i++) {
        final Map<? extends Object, ? extends Object> map = ((OnnxMap) maps.get(i)).getValue();
        final Object byLong = map.get((long) signature.column());
        final Object probability = byLong != null ? byLong
            : map.get(String.valueOf(signature.column()));
        if (probability instanceof Number number) {
          result.setDouble(selected[i], number.doubleValue());
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
      final FloatBuffer data = tensor.getFloatBuffer();
      for (int i = 0; i < n; i++) {
        result.setDouble(selected[i], data.get(i * width + column));
      }
      break;
    }
    case DOUBLE: {
      final DoubleBuffer data = tensor.getDoubleBuffer();
      for (int i = 0; i < n; i++) {
        result.setDouble(selected[i], data.get(i * width + column));
      }
      break;
    }
    case INT64: {
      final LongBuffer data = tensor.getLongBuffer();
      if (signature.resultType() == PredictSignature.Type.DOUBLE) {
        for (int i = 0; i < n; i++) {
          result.setDouble(selected[i], (double) data.get(i * width + column));
        }
      } else {
        for (int i = 0; i < n; i++) {
          result.setLong(selected[i], data.get(i * width + column));
        }
      }
      break;
    }
    case STRING: {
      final String[] data = flatten(tensor.getValue(), n * width);
      for (int i = 0; i < n; i++) {
        result.setString(selected[i], data[i * width + column]);
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
