package dev.sorrel.udf.metrics;

/**
 * Binary class labels as the metrics take them: a double that is 0 (the
 * negative class) or 1 (the positive class, scikit-learn's default
 * {@code pos_label=1}); a BOOLEAN column arrives as 0 or 1.
 */
public final class Labels {
  private Labels() {
  }

  /** Whether {@code value} is a class label (0 or 1; -0.0 counts as 0). */
  public static boolean isLabel(double value) {
    return value == 0 || value == 1;
  }

  /**
   * {@code value} as a positive (true) or negative (false) class.
   *
   * @param what the argument's role, for the message ("label", "predicted class")
   * @throws IllegalArgumentException naming the value if it is not 0 or 1
   */
  public static boolean positive(double value, String what) {
    if (value == 1) {
      return true;
    }
    if (value == 0) {
      return false;
    }
    throw new IllegalArgumentException(what + " " + format(value) + " is not a class label;"
        + " binary metrics take 0 or 1 (or FALSE and TRUE)");
  }

  /** A value as a user wrote it: {@code 2} rather than {@code 2.0}. */
  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value) : Double.toString(value);
  }
}
