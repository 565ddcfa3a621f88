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

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.ModelSession;
import dev.sorrel.engine.PredictionCache;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.TensorSpec;

/**
 * Scores a batch of rows with one ONNX Runtime call. Arguments arrive as
 * Arrow vectors, one per SQL argument ({@link Float8Vector} for numbers,
 * {@link VarCharVector} for strings); the result is written into an Arrow
 * vector. A row with a NULL argument is left out of the model call and gets a
 * NULL result. Input buffers are direct, native-order and reused across
 * batches, so ONNX Runtime reads them without a copy.
 *
 * <p>One kernel per query operator: not thread-safe; the session it uses is.
 */
public final class PredictKernel {
  private final ModelSession session;
  private final PredictSignature signature;
  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private ByteBuffer matrix;

  public PredictKernel(ModelSession session, PredictSignature signature) {
    this.session = session;
    this.signature = signature;
  }

  /**
   * Scores {@code rows} rows.
   *
   * @param arguments one vector per model argument, each with at least
   *     {@code rows} values
   * @param result where results go: {@link Float8Vector}, {@link BigIntVector}
   *     or {@link VarCharVector} as {@link PredictSignature#resultType()} says
   */
  public void score(List<FieldVector> arguments, int rows, FieldVector result) {
    final PredictionCache cache = session.cache();
    final int[] valid = new int[rows];
    final List<List<Object>> keys = cache == null ? null : new ArrayList<>(rows);
    result.setValueCount(0);
    result.setInitialCapacity(rows);
    result.allocateNew();
    int n = 0;
    for (int row = 0; row < rows; row++) {
      boolean complete = true;
      for (FieldVector argument : arguments) {
        complete &= !argument.isNull(row);
      }
      if (!complete) {
        continue;
      }
      if (cache != null) {
        final List<Object> key = key(arguments, row);
        final Object hit = cache.get(key);
        if (hit != null) {
          write(result, row, hit);
          continue;
        }
        keys.add(key);
      }
      valid[n++] = row;
    }
    if (n > 0) {
      final Map<String, OnnxTensor> inputs = new HashMap<>();
      try {
        buildInputs(arguments, valid, n, inputs);
        try (OrtSession.Result output = session.run(inputs)) {
          readOutput(output.get(signature.outputIndex()), valid, n, result);
        }
        if (cache != null) {
          for (int i = 0; i < n; i++) {
            if (!result.isNull(valid[i])) {
              cache.put(keys.get(i), result.getObject(valid[i]));
            }
          }
        }
      } catch (OrtException e) {
        throw new SorrelException(ErrorCode.DATA_EXCEPTION,
            "model " + session.reference() + " failed: " + e.getMessage(), e);
      } finally {
        inputs.values().forEach(OnnxTensor::close);
      }
    }
    // Rows not scored stay NULL: allocateNew cleared every validity bit.
    result.setValueCount(rows);
  }

  /** What a cached prediction is keyed by: the call's output and the argument values. */
  private List<Object> key(List<FieldVector> arguments, int row) {
    final List<Object> key = new ArrayList<>(arguments.size() + 1);
    key.add(signature.describe());
    for (FieldVector argument : arguments) {
      key.add(argument instanceof VarCharVector s ? s.getObject(row).toString()
          : ((Float8Vector) argument).get(row));
    }
    return key;
  }

  private static void write(FieldVector result, int row, Object value) {
    if (result instanceof Float8Vector d) {
      d.set(row, ((Number) value).doubleValue());
    } else if (result instanceof BigIntVector l) {
      l.set(row, ((Number) value).longValue());
    } else {
      ((VarCharVector) result).setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private void buildInputs(List<FieldVector> arguments, int[] valid, int n,
      Map<String, OnnxTensor> inputs) throws OrtException {
    final List<TensorSpec> specs = signature.inputs();
    if (signature.layout() == PredictSignature.Layout.MATRIX) {
      final TensorSpec spec = specs.get(0);
      final int features = arguments.size();
      final long[] shape = {n, features};
      switch (spec.elementType()) {
      case "DOUBLE": {
        final DoubleBuffer buffer = buffer(8L * n * features).asDoubleBuffer();
        for (int i = 0; i < n; i++) {
          for (int f = 0; f < features; f++) {
            buffer.put(((Float8Vector) arguments.get(f)).get(valid[i]));
          }
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, buffer.flip(), shape));
        break;
      }
      case "INT64": {
        final LongBuffer buffer = buffer(8L * n * features).asLongBuffer();
        for (int i = 0; i < n; i++) {
          for (int f = 0; f < features; f++) {
            buffer.put((long) ((Float8Vector) arguments.get(f)).get(valid[i]));
          }
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, buffer.flip(), shape));
        break;
      }
      default: {
        final FloatBuffer buffer = buffer(4L * n * features).asFloatBuffer();
        for (int i = 0; i < n; i++) {
          for (int f = 0; f < features; f++) {
            buffer.put((float) ((Float8Vector) arguments.get(f)).get(valid[i]));
          }
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, buffer.flip(), shape));
        break;
      }
      }
      return;
    }
    for (int a = 0; a < arguments.size(); a++) {
      final TensorSpec spec = specs.get(a);
      final long[] shape = spec.shape().size() == 2 ? new long[] {n, 1} : new long[] {n};
      final FieldVector argument = arguments.get(a);
      switch (spec.elementType()) {
      case "STRING": {
        final String[] values = new String[n];
        for (int i = 0; i < n; i++) {
          values[i] = new String(((VarCharVector) argument).get(valid[i]),
              StandardCharsets.UTF_8);
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment, values, shape));
        break;
      }
      case "DOUBLE": {
        final double[] values = new double[n];
        for (int i = 0; i < n; i++) {
          values[i] = ((Float8Vector) argument).get(valid[i]);
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment,
            DoubleBuffer.wrap(values), shape));
        break;
      }
      case "INT64": {
        final long[] values = new long[n];
        for (int i = 0; i < n; i++) {
          values[i] = (long) ((Float8Vector) argument).get(valid[i]);
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment,
            LongBuffer.wrap(values), shape));
        break;
      }
      default: {
        final float[] values = new float[n];
        for (int i = 0; i < n; i++) {
          values[i] = (float) ((Float8Vector) argument).get(valid[i]);
        }
        inputs.put(spec.name(), OnnxTensor.createTensor(environment,
            FloatBuffer.wrap(values), shape));
        break;
      }
      }
    }
  }

  /** The reusable direct input buffer, grown to at least {@code bytes}. */
  private ByteBuffer buffer(long bytes) {
    if (matrix == null || matrix.capacity() < bytes) {
      matrix = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }
    matrix.clear();
    return matrix;
  }

  private void readOutput(OnnxValue value, int[] valid, int n, FieldVector result)
      throws OrtException {
    if (signature.zipMap()) {
      final List<? extends OnnxValue> maps = ((OnnxSequence) value).getValue();
      final Float8Vector out = (Float8Vector) result;
      for (int i = 0; i < n; i++) {
        final Map<? extends Object, ? extends Object> map = ((OnnxMap) maps.get(i)).getValue();
        final Object probability = map.get((long) signature.column());
        final Object fallback = probability != null ? probability
            : map.get(String.valueOf(signature.column()));
        if (fallback instanceof Number number) {
          out.set(valid[i], number.doubleValue());
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
      final Float8Vector out = (Float8Vector) result;
      for (int i = 0; i < n; i++) {
        out.set(valid[i], data.get(i * width + column));
      }
      break;
    }
    case DOUBLE: {
      final DoubleBuffer data = tensor.getDoubleBuffer();
      final Float8Vector out = (Float8Vector) result;
      for (int i = 0; i < n; i++) {
        out.set(valid[i], data.get(i * width + column));
      }
      break;
    }
    case INT64: {
      final LongBuffer data = tensor.getLongBuffer();
      for (int i = 0; i < n; i++) {
        final long v = data.get(i * width + column);
        if (result instanceof BigIntVector out) {
          out.set(valid[i], v);
        } else {
          ((Float8Vector) result).set(valid[i], v);
        }
      }
      break;
    }
    case STRING: {
      final String[] data = flatten(tensor.getValue(), n * width);
      final VarCharVector out = (VarCharVector) result;
      for (int i = 0; i < n; i++) {
        out.setSafe(valid[i], data[i * width + column].getBytes(StandardCharsets.UTF_8));
      }
      break;
    }
    default: {
      final Object array = tensor.getValue();
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "model "
          + session.reference() + " returned " + tensor.getInfo().type + " values ("
          + array.getClass().getSimpleName() + "), which SQL cannot read yet");
    }
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
