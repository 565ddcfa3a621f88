package dev.sorrel.engine.tracking;

import java.util.Objects;

/**
 * One logged value of a metric, as MLflow's {@code Metric}.
 *
 * @param key the metric's name, case-sensitive
 * @param value the value (NaN and infinities are kept, as MLflow keeps them)
 * @param step the training step it belongs to, 0 if none is given
 * @param timestampMillis when it was measured, milliseconds since the epoch (UTC)
 */
public record Metric(String key, double value, long step, long timestampMillis) {
  public Metric {
    Objects.requireNonNull(key, "key");
  }

  /** A value at step 0, measured now. */
  public static Metric of(String key, double value) {
    return new Metric(key, value, 0, System.currentTimeMillis());
  }

  /** A value at a step, measured now. */
  public static Metric of(String key, double value, long step) {
    return new Metric(key, value, step, System.currentTimeMillis());
  }
}
