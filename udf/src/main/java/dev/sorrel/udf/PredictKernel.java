package dev.sorrel.udf;

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

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.model.ModelSession;
import dev.sorrel.engine.model.PredictionCache;
import dev.sorrel.engine.model.TensorSpec;

/**
 * Scores a batch of rows with one ONNX Runtime call. A row with a NULL
 * argument is left out of the model call and gets a NULL result. The input
 * buffer of a single-matrix model is direct, native-order and reused across
 * batches, so ONNX Runtime reads it without a copy, and it is filled in one
 * pass over the batch.
 *
 * <p>Arguments come as a {@link Batch} (any row-addressable source, such as
 * the rows a query operator buffered) or as Arrow vectors, one per argument.
 * One kernel per query operator: {@link #prepare} and {@link #run} may run on
 * two threads, one batch apart; the session it uses is thread-safe.
 */
public final class PredictKernel {
  /** A batch of argument values: {@code Number}s and {@code String}s, null for SQL NULL. */
  public interface Batch {
    int size();

    Object value(int row, int argument);
  }

  private final ModelSession session;
  private final PredictSignature signature;
  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  /** Two input buffers, used in turn: one can be filled while the other is read. */
  private final ByteBuffer[] matrices = new ByteBuffer[2];
  private int nextMatrix;

  public PredictKernel(ModelSession session, PredictSignature signature) {
    this.session = session;
    this.signature = signature;
  }

  /**
   * Scores a batch; returns one result per row ({@code Double}, {@code Long}
   * or {@code String} as {@link PredictSignature#resultType()} says), null
   * where an argument was NULL.
   */
  public Object[] score(Batch batch) {
    return run(prepare(batch));
  }

  /**
   * A batch made ready for the model: NULL and cached rows settled, input
   * tensors built. Preparing and running are separate so that one thread can
   * prepare the next batch while another runs the model on this one.
   */
  public static final class Prepared {
    private final Object[] results;
    private final int[] valid;
    private final int n;
    private final List<List<Object>> keys;
    private final Map<String, OnnxTensor> inputs = new HashMap<>();

    private Prepared(Object[] results, int[] valid, int n, List<List<Object>> keys) {
      this.results = results;
      this.valid = valid;
      this.n = n;
      this.keys = keys;
    }
  }

  /**
   * Prepares a batch. At most two prepared batches may be outstanding (one
   * running, one prepared), as their input buffers alternate.
   */
  public Prepared prepare(Batch batch) {
    final int rows = batch.size();
    final int arguments = signature.argumentCount();
    final PredictionCache cache = session.cache();
    final int[] valid = new int[rows];
    final List<List<Object>> keys = cache == null ? null : new ArrayList<>();
    final Object[] results = new Object[rows];
    int n = 0;
    rows:
    for (int row = 0; row < rows; row++) {
      for (int a = 0; a < arguments; a++) {
        if (batch.value(row, a) == null) {
          continue rows;
        }
      }
      if (cache != null) {
        final List<Object> key = key(batch, row);
        final Object hit = cache.get(key);
        if (hit != null) {
          results[row] = hit;
          continue;
        }
        keys.add(key);
      }
      valid[n++] = row;
    }
    final Prepared prepared = new Prepared(results, valid, n, keys);
    if (n > 0) {
      try {
        buildInputs(batch, valid, n, prepared.inputs);
      } catch (OrtException | RuntimeException e) {
        prepared.inputs.values().forEach(OnnxTensor::close);
        throw e instanceof RuntimeException r ? r : new SorrelException(ErrorCode.DATA_EXCEPTION,
            "model " + session.reference() + " input failed: " + e.getMessage(), e);
      }
    }
    return prepared;
  }

  /** Releases a prepared batch that will not be run. */
  public void discard(Prepared prepared) {
    prepared.inputs.values().forEach(OnnxTensor::close);
    prepared.inputs.clear();
  }

  /**
   * Runs the model on a prepared batch; returns one result per row
   * ({@code Double}, {@code Long} or {@code String} as
   * {@link PredictSignature#resultType()} says), null where an argument was NULL.
   */
  public Object[] run(Prepared prepared) {
    if (prepared.n == 0) {
      return prepared.results;
    }
    try (OrtSession.Result output = session.run(prepared.inputs)) {
      readOutput(output.get(signature.outputIndex()), prepared.valid, prepared.n,
          prepared.results);
    } catch (OrtException e) {
      throw new SorrelException(ErrorCode.DATA_EXCEPTION,
          "model " + session.reference() + " failed: " + e.getMessage(), e);
    } finally {
      prepared.inputs.values().forEach(OnnxTensor::close);
    }
    final PredictionCache cache = session.cache();
    if (cache != null) {
      for (int i = 0; i < prepared.n; i++) {
        cache.put(prepared.keys.get(i), prepared.results[prepared.valid[i]]);
      }
    }
    return prepared.results;
  }

  /**
   * Scores {@code rows} rows whose arguments are Arrow vectors, one per
   * argument ({@link Float8Vector} for numbers, {@link VarCharVector} for
   * strings), writing into {@code result}: a {@link Float8Vector},
   * {@link BigIntVector} or {@link VarCharVector}.
   */
  public void score(List<FieldVector> arguments, int rows, FieldVector result) {
    final Object[] values = score(new Batch() {
      @Override public int size() {
        return rows;
      }

      @Override public Object value(int row, int argument) {
        final FieldVector vector = arguments.get(argument);
        if (vector.isNull(row)) {
          return null;
        }
        return vector instanceof VarCharVector s ? s.getObject(row).toString()
            : ((Float8Vector) vector).get(row);
      }
    });
    result.setValueCount(0);
    result.setInitialCapacity(rows);
    result.allocateNew();
    for (int row = 0; row < rows; row++) {
      final Object value = values[row];
      if (value == null) {
        continue;
      }
      if (result instanceof Float8Vector d) {
        d.set(row, ((Number) value).doubleValue());
      } else if (result instanceof BigIntVector l) {
        l.set(row, ((Number) value).longValue());
      } else {
        ((VarCharVector) result).setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    result.setValueCount(rows);
  }

  /** What a cached prediction is keyed by: the call's output and the argument values. */
  private List<Object> key(Batch batch, int row) {
    final int arguments = signature.argumentCount();
    final List<Object> key = new ArrayList<>(arguments + 1);
    key.add(signature.describe());
    for (int a = 0; a < arguments; a++) {
      final Object value = batch.value(row, a);
      key.add(normalized(value));
    }
    return key;
  }

  /**
   * A cache-key form of an argument: the same number given as INTEGER,
   * BIGINT or DECIMAL keys alike, and large integers keep every digit.
   */
  private static Object normalized(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      return java.math.BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof java.math.BigDecimal d) {
      return d.signum() == 0 ? java.math.BigDecimal.ZERO : d.stripTrailingZeros();
    }
    if (value instanceof Number n) {
      final double d = n.doubleValue();
      return Double.isFinite(d) ? new java.math.BigDecimal(d).stripTrailingZeros() : d;
    }
    return value;
  }

  private void buildInputs(Batch batch, int[] valid, int n, Map<String, OnnxTensor> inputs)
      throws OrtException {
    final List<TensorSpec> specs = signature.inputs();
    final int arguments = signature.argumentCount();
    if (signature.layout() == PredictSignature.Layout.MATRIX) {
      final TensorSpec spec = specs.get(0);
      final long[] shape = {n, arguments};
      switch (spec.elementType()) {
      case "DOUBLE": {
        final DoubleBuffer buffer = buffer(8L * n * arguments).asDoubleBuffer();
        for (int i = 0; i < n; i++) {
          for (int a = 0; a < arguments; a++) {
            buffer.put(((Number) batch.value(valid[i], a)).doubleValue());
          }
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, buffer.flip(), shape));
        break;
      }
      case "INT64": {
        final LongBuffer buffer = buffer(8L * n * arguments).asLongBuffer();
        for (int i = 0; i < n; i++) {
          for (int a = 0; a < arguments; a++) {
            buffer.put(((Number) batch.value(valid[i], a)).longValue());
          }
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, buffer.flip(), shape));
        break;
      }
      default: {
        final FloatBuffer buffer = buffer(4L * n * arguments).asFloatBuffer();
        for (int i = 0; i < n; i++) {
          for (int a = 0; a < arguments; a++) {
            buffer.put(((Number) batch.value(valid[i], a)).floatValue());
          }
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, buffer.flip(), shape));
        break;
      }
      }
      return;
    }
    for (int a = 0; a < arguments; a++) {
      final TensorSpec spec = specs.get(a);
      final long[] shape = spec.shape().size() == 2 ? new long[] {n, 1} : new long[] {n};
      switch (spec.elementType()) {
      case "STRING": {
        final String[] values = new String[n];
        for (int i = 0; i < n; i++) {
          values[i] = batch.value(valid[i], a).toString();
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, values, shape));
        break;
      }
      case "DOUBLE": {
        final double[] values = new double[n];
        for (int i = 0; i < n; i++) {
          values[i] = ((Number) batch.value(valid[i], a)).doubleValue();
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment,
            DoubleBuffer.wrap(values), shape));
        break;
      }
      case "INT64": {
        final long[] values = new long[n];
        for (int i = 0; i < n; i++) {
          values[i] = ((Number) batch.value(valid[i], a)).longValue();
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment,
            LongBuffer.wrap(values), shape));
        break;
      }
      default: {
        final float[] values = new float[n];
        for (int i = 0; i < n; i++) {
          values[i] = ((Number) batch.value(valid[i], a)).floatValue();
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment,
            FloatBuffer.wrap(values), shape));
        break;
      }
      }
    }
  }

  /** The next reusable direct input buffer, grown to at least {@code bytes}. */
  private ByteBuffer buffer(long bytes) {
    final int index = nextMatrix;
    nextMatrix = 1 - nextMatrix;
    ByteBuffer matrix = matrices[index];
    if (matrix == null || matrix.capacity() < bytes) {
      matrix = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
      matrices[index] = matrix;
    }
    matrix.clear();
    return matrix;
  }

  private void readOutput(OnnxValue value, int[] valid, int n, Object[] results)
      throws OrtException {
    if (signature.zipMap()) {
      final List<? extends OnnxValue> maps = ((OnnxSequence) value).getValue();
      for (int i = 0; i < n; i++) {
        final Map<? extends Object, ? extends Object> map = ((OnnxMap) maps.get(i)).getValue();
        final Object byLong = map.get((long) signature.column());
        final Object probability = byLong != null ? byLong
            : map.get(String.valueOf(signature.column()));
        if (probability instanceof Number number) {
          results[valid[i]] = number.doubleValue();
        }
      }
      return;
    }
    final OnnxTensor tensor = (OnnxTensor) value;
    final long[] shape = tensor.getInfo().getShape();
    final int width = shape.length == 2 ? (int) shape[1] : 1;
    final int column = signature.column();
    final boolean asDouble = signature.resultType() == PredictSignature.ResultType.DOUBLE;
    switch (tensor.getInfo().type) {
    case FLOAT: {
      final FloatBuffer data = tensor.getFloatBuffer();
      for (int i = 0; i < n; i++) {
        results[valid[i]] = (double) data.get(i * width + column);
      }
      break;
    }
    case DOUBLE: {
      final DoubleBuffer data = tensor.getDoubleBuffer();
      for (int i = 0; i < n; i++) {
        results[valid[i]] = data.get(i * width + column);
      }
      break;
    }
    case INT64: {
      final LongBuffer data = tensor.getLongBuffer();
      for (int i = 0; i < n; i++) {
        final long v = data.get(i * width + column);
        results[valid[i]] = asDouble ? (Object) (double) v : (Object) v;
      }
      break;
    }
    case STRING: {
      final String[] data = flatten(tensor.getValue(), n * width);
      for (int i = 0; i < n; i++) {
        results[valid[i]] = data[i * width + column];
      }
      break;
    }
    default:
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
