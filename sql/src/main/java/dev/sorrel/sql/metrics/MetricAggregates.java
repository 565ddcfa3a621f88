package dev.sorrel.sql.metrics;

import java.util.Map;

import com.google.common.collect.ImmutableMultimap;
import org.apache.calcite.schema.Function;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.aggregate.ArgumentKind;
import dev.sorrel.sql.aggregate.StateAggregate;
import dev.sorrel.sql.aggregate.StateAggregate.Argument;
import dev.sorrel.udf.metrics.ConfusionMatrix;
import dev.sorrel.udf.metrics.Labels;
import dev.sorrel.udf.metrics.LogLoss;
import dev.sorrel.udf.metrics.RegressionErrors;
import dev.sorrel.udf.metrics.RocAuc;

/**
 * The model-quality aggregates, each equal to a scikit-learn 1.2
 * {@code sklearn.metrics} function (definitions in the {@code udf.metrics}
 * kernels). The first argument is what the model said (a predicted class, a
 * score, a probability or a predicted value), the second what happened (a
 * label: BOOLEAN, or a number that is 0 or 1; a value for the regression
 * metrics) — the reverse of scikit-learn's {@code (y_true, y_pred)}, and the
 * same shape as the drift and A/B aggregates (what is measured first). Rows
 * where either is NULL are left out, so predictions whose label has not
 * arrived do not count; the result is NULL when nothing is left or the
 * metric is undefined (an AUC over one class, an R² of one row). A label
 * other than 0 or 1 or a probability outside [0, 1] is 22023 naming the
 * value; an argument of the wrong type is refused at validation.
 */
public final class MetricAggregates {
  private MetricAggregates() {
  }

  /** What an aggregate computes. */
  enum Metric {
    ACCURACY, PRECISION_SCORE, RECALL_SCORE, F1_SCORE, ROC_AUC, LOG_LOSS, MEAN_ABSOLUTE_ERROR,
    MEAN_SQUARED_ERROR, ROOT_MEAN_SQUARED_ERROR, R2_SCORE
  }

  /** The functions under their SQL names, for a schema's function map. */
  public static ImmutableMultimap<String, Function> functions() {
    final Argument label = new Argument("ACTUAL", ArgumentKind.LABEL);
    final Argument actual = new Argument("ACTUAL", ArgumentKind.NUMERIC);
    final ImmutableMultimap.Builder<String, Function> b = ImmutableMultimap.builder();
    for (Metric m : Metric.values()) {
      final StateAggregate aggregate = switch (m) {
        case ACCURACY, PRECISION_SCORE, RECALL_SCORE, F1_SCORE -> StateAggregate.of(m.name(),
            Classification.class, new Argument("PREDICTED", ArgumentKind.LABEL), label);
        case ROC_AUC -> StateAggregate.of(m.name(), Ranking.class,
            new Argument("SCORE", ArgumentKind.NUMERIC), label);
        case LOG_LOSS -> StateAggregate.of(m.name(), Loss.class,
            new Argument("PROBABILITY", ArgumentKind.NUMERIC), label);
        case MEAN_ABSOLUTE_ERROR, MEAN_SQUARED_ERROR, ROOT_MEAN_SQUARED_ERROR, R2_SCORE ->
            StateAggregate.of(m.name(), Regression.class,
                new Argument("PREDICTED", ArgumentKind.NUMERIC), actual);
      };
      b.put(m.name(), aggregate);
    }
    return b.build();
  }

  /** What each function does, for JDBC metadata (each remark shows the call). */
  public static Map<String, String> remarks() {
    return Map.of(
        "ACCURACY", "ACCURACY(predicted, label): share of correct 0/1 predictions, as"
            + " sklearn.metrics.accuracy_score; aggregate, DOUBLE",
        "PRECISION_SCORE", "PRECISION_SCORE(predicted, label): tp / (tp + fp), as"
            + " sklearn.metrics.precision_score; aggregate, DOUBLE",
        "RECALL_SCORE", "RECALL_SCORE(predicted, label): tp / (tp + fn), as"
            + " sklearn.metrics.recall_score; aggregate, DOUBLE",
        "F1_SCORE", "F1_SCORE(predicted, label): harmonic mean of precision and recall, as"
            + " sklearn.metrics.f1_score; aggregate, DOUBLE",
        "ROC_AUC", "ROC_AUC(score, label): area under the ROC curve, as"
            + " sklearn.metrics.roc_auc_score; aggregate, DOUBLE",
        "LOG_LOSS", "LOG_LOSS(probability, label): mean cross-entropy, as"
            + " sklearn.metrics.log_loss; aggregate, DOUBLE",
        "MEAN_ABSOLUTE_ERROR", "MEAN_ABSOLUTE_ERROR(predicted, actual): as"
            + " sklearn.metrics.mean_absolute_error; aggregate, DOUBLE",
        "MEAN_SQUARED_ERROR", "MEAN_SQUARED_ERROR(predicted, actual): as"
            + " sklearn.metrics.mean_squared_error; aggregate, DOUBLE",
        "ROOT_MEAN_SQUARED_ERROR", "ROOT_MEAN_SQUARED_ERROR(predicted, actual): the square root"
            + " of MEAN_SQUARED_ERROR; aggregate, DOUBLE",
        "R2_SCORE", "R2_SCORE(predicted, actual): coefficient of determination, as"
            + " sklearn.metrics.r2_score; aggregate, DOUBLE");
  }

  private static SorrelException badValue(String function, IllegalArgumentException e) {
    return new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
        function + ": " + e.getMessage());
  }

  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }

  /** The state of ACCURACY, PRECISION_SCORE, RECALL_SCORE and F1_SCORE. */
  public static final class Classification {
    private final String function;
    private final ConfusionMatrix matrix = new ConfusionMatrix();

    public Classification(String function) {
      this.function = function;
    }

    /** Counts a prediction (0 or 1) against its label (0 or 1). */
    public void add(double predicted, double actual) {
      try {
        matrix.add(predicted, actual);
      } catch (IllegalArgumentException e) {
        if (Labels.isLabel(predicted)) {
          throw badValue(function, e);
        }
        // Usually a score passed where a class belongs: say how to make one.
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, function + ": "
            + e.getMessage() + "; to rate scores, compare them with a threshold, e.g. "
            + function + "(score >= 0.5, label)");
      }
    }

    /** The metric, or null with no rows. */
    public Double result(String metric) {
      return orNull(switch (Metric.valueOf(metric)) {
        case ACCURACY -> matrix.accuracy();
        case PRECISION_SCORE -> matrix.precision();
        case RECALL_SCORE -> matrix.recall();
        case F1_SCORE -> matrix.f1();
        case ROC_AUC, LOG_LOSS, MEAN_ABSOLUTE_ERROR, MEAN_SQUARED_ERROR,
            ROOT_MEAN_SQUARED_ERROR, R2_SCORE -> throw new AssertionError(metric);
      });
    }
  }

  /** The state of ROC_AUC: the scores of each class. */
  public static final class Ranking {
    private final String function;
    private final RocAuc auc = new RocAuc();

    public Ranking(String function) {
      this.function = function;
    }

    /** Adds a score with its label (0 or 1). */
    public void add(double score, double actual) {
      try {
        auc.add(score, actual);
      } catch (IllegalArgumentException e) {
        throw badValue(function, e);
      }
    }

    /** The AUC, or null unless both classes are present. */
    public Double result(String metric) {
      return orNull(auc.value());
    }
  }

  /** The state of LOG_LOSS. */
  public static final class Loss {
    private final String function;
    private final LogLoss loss = new LogLoss();

    public Loss(String function) {
      this.function = function;
    }

    /** Adds a probability of the positive class with its label (0 or 1). */
    public void add(double probability, double actual) {
      try {
        loss.add(probability, actual);
      } catch (IllegalArgumentException e) {
        throw badValue(function, e);
      }
    }

    /** The mean loss, or null with no rows. */
    public Double result(String metric) {
      return orNull(loss.value());
    }
  }

  /** The state of the regression metrics. */
  public static final class Regression {
    private final RegressionErrors errors = new RegressionErrors();

    /** Adds a predicted value with the actual one. */
    public void add(double predicted, double actual) {
      errors.add(predicted, actual);
    }

    /** The metric, or null where it is undefined. */
    public Double result(String metric) {
      return orNull(switch (Metric.valueOf(metric)) {
        case MEAN_ABSOLUTE_ERROR -> errors.meanAbsoluteError();
        case MEAN_SQUARED_ERROR -> errors.meanSquaredError();
        case ROOT_MEAN_SQUARED_ERROR -> errors.rootMeanSquaredError();
        case R2_SCORE -> errors.r2();
        case ACCURACY, PRECISION_SCORE, RECALL_SCORE, F1_SCORE, ROC_AUC, LOG_LOSS ->
            throw new AssertionError(metric);
      });
    }
  }
}
