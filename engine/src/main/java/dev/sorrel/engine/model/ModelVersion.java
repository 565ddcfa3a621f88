package dev.sorrel.engine.model;

import java.util.List;

/**
 * One registered version of a model: an immutable ONNX file stored in the
 * database, and the signature read from it when it was registered.
 *
 * @param version number, from 1, never reused within a model
 * @param sha256 hex digest of the file
 * @param sizeBytes file size
 * @param createdMillis registration time, milliseconds since the epoch
 * @param comment free text, or null
 * @param source where the file was read from, or null if its bytes were sent
 * @param inputs the graph's inputs in order
 * @param outputs the graph's outputs in order
 * @param runId the tracked training run that made this version, or null
 */
public record ModelVersion(int version, String sha256, long sizeBytes, long createdMillis,
    String comment, String source, List<TensorSpec> inputs, List<TensorSpec> outputs,
    String runId) {

  public ModelVersion {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** Renders the signature like {@code (float_input FLOAT[?, 30]) -> (label INT64[?], ...)}. */
  public String signature() {
    return "(" + String.join(", ", inputs.stream().map(TensorSpec::toString).toList()) + ") -> ("
        + String.join(", ", outputs.stream().map(TensorSpec::toString).toList()) + ")";
  }
}
