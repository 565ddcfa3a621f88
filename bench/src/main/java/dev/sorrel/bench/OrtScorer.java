package dev.sorrel.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The raw ONNX Runtime baseline: one session on the same model bytes Sorrel
 * registers, fed from a row-major float array through one reused direct,
 * native-order {@link FloatBuffer} (no copy into ONNX Runtime), returning the
 * sum of the positive-class probability ({@code probabilities[:, 1]}, what
 * Sorrel's {@code PREDICT} returns for a two-class classifier). Every call
 * runs all outputs of the graph, as Sorrel's operator does.
 */
final class OrtScorer implements AutoCloseable {
  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final String input;
  private final String output;
  private final int features;
  private final FloatBuffer buffer;
  private final long[] shape;

  /**
   * @param threads intra-op threads, 0 for ONNX Runtime's default
   * @param batch the largest number of rows per call
   */
  OrtScorer(byte[] model, int threads, int batch, int features) throws OrtException {
    this.features = features;
    options = new OrtSession.SessionOptions();
    if (threads > 0) {
      options.setIntraOpNumThreads(threads);
    }
    session = environment.createSession(model, options);
    input = session.getInputNames().iterator().next();
    output = session.getOutputNames().contains("probabilities") ? "probabilities"
        : session.getOutputNames().stream().skip(1).findFirst().orElseThrow();
    buffer = ByteBuffer.allocateDirect(4 * batch * features).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
    shape = new long[] {0, features};
  }

  /** Scores rows {@code from .. from + n - 1} of {@code x} in calls of {@code batch} rows. */
  double scoreRange(float[] x, int from, int n, int batch) throws OrtException {
    double sum = 0;
    for (int start = from; start < from + n; start += batch) {
      sum += call(x, start, Math.min(batch, from + n - start));
    }
    return sum;
  }

  /** One call on {@code n} rows starting at row {@code start}; returns the sum of p1. */
  double call(float[] x, int start, int n) throws OrtException {
    buffer.clear();
    buffer.put(x, start * features, n * features);
    buffer.flip();
    shape[0] = n;
    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, buffer, shape);
         OrtSession.Result result = session.run(Map.of(input, tensor))) {
      final OnnxValue value = result.get(output).orElseThrow();
      final FloatBuffer p = ((OnnxTensor) value).getFloatBuffer();
      final int width = p.remaining() / n;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += p.get(i * width + 1);
      }
      return sum;
    }
  }

  @Override public void close() throws OrtException {
    session.close();
    options.close();
  }
}
