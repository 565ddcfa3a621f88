package dev.sorrel.udf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.model.ModelVersion;
import dev.sorrel.engine.model.TensorSpec;

/**
 * How one PREDICT-family call maps its SQL arguments onto a model's inputs
 * and which part of the model's outputs it returns, fixed when the query is
 * planned from the model version's registered signature.
 *
 * <p>Inputs: a model with one input of shape {@code [N, F]} takes F numeric
 * arguments, one per feature; a model with several inputs of shape
 * {@code [N]} or {@code [N, 1]} takes one argument per input, in order
 * (numeric or string as the input's element type).
 *
 * <p>Outputs: {@link Function#SCORE} is the positive-class probability of a
 * binary classifier (column 1 of a {@code [N, 2]} tensor, or key 1 of a ZipMap
 * sequence of maps), else the value of a single-valued numeric output (a
 * regressor); {@link Function#LABEL} the label output; {@link Function#PROBA}
 * one class's probability; {@link Function#OUTPUT} any named output, with
 * {@code name[i]} selecting column i of a two-dimensional one.
 */
public final class PredictSignature {
  /** The SQL functions over models. */
  public enum Function { SCORE, LABEL, PROBA, OUTPUT }

  /**
   * The SQL types a call's model arguments are read as and its result is
   * written as, each with the Arrow type of its vectors: exact integers
   * keep every digit as {@code BIGINT}, other numbers are {@code DOUBLE}.
   */
  public enum Type {
    DOUBLE(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
    BIGINT(new ArrowType.Int(64, true)),
    VARCHAR(ArrowType.Utf8.INSTANCE);

    private final ArrowType arrowType;

    Type(ArrowType arrowType) {
      this.arrowType = arrowType;
    }

    public ArrowType arrowType() {
      return arrowType;
    }
  }

  /** How arguments feed inputs. */
  enum Layout { MATRIX, PER_INPUT }

  private final String model;
  private final ModelVersion version;
  private final Layout layout;
  private final List<TensorSpec> inputs;
  private final List<Type> argumentTypes;
  private final int outputIndex;
  private final int column;
  private final boolean zipMap;
  private final Type resultType;
  /** The kernel's vector types, made once per plan rather than per execution. */
  private final Schema argumentSchema;
  private final Field resultField;

  private PredictSignature(String model, ModelVersion version, Layout layout,
      List<Type> argumentTypes, int outputIndex, int column, boolean zipMap, Type resultType) {
    this.model = model;
    this.version = version;
    this.layout = layout;
    this.inputs = version.inputs();
    this.argumentTypes = List.copyOf(argumentTypes);
    this.outputIndex = outputIndex;
    this.column = column;
    this.zipMap = zipMap;
    this.resultType = resultType;
    final List<Field> fields = new ArrayList<>();
    for (int a = 0; a < this.argumentTypes.size(); a++) {
      fields.add(Field.nullable("arg" + a, this.argumentTypes.get(a).arrowType()));
    }
    this.argumentSchema = new Schema(fields);
    this.resultField = Field.nullable(describe(), resultType.arrowType());
  }

  /**
   * Plans a call.
   *
   * @param model the model reference as written, for messages
   * @param function which function
   * @param selector the class (PROBA) or output name (OUTPUT); null otherwise
   * @param argumentTypes the type of each model argument
   */
  public static PredictSignature plan(String model, ModelVersion version, Function function,
      String selector, List<Type> argumentTypes) {
    final String call = functionName(function) + "('" + model + "', ...)";
    final Layout layout = layout(version, call);
    checkArguments(version, layout, argumentTypes, call);
    final List<TensorSpec> outputs = version.outputs();
    switch (function) {
    case SCORE: {
      for (int i = 0; i < outputs.size(); i++) {
        final TensorSpec out = outputs.get(i);
        if (isZipMap(out)) {
          return new PredictSignature(model, version, layout, argumentTypes, i, 1,
              true, Type.DOUBLE);
        }
      }
      for (int i = 0; i < outputs.size(); i++) {
        final TensorSpec out = outputs.get(i);
        if (out.isTensor() && isFloat(out) && out.shape().size() == 2) {
          final long k = out.shape().get(1);
          if (k == 2) {
            return new PredictSignature(model, version, layout, argumentTypes, i, 1,
                false, Type.DOUBLE);
          }
          if (k > 2) {
            throw error(call + " is ambiguous: output " + out + " has " + k + " classes; use"
                + " PREDICT_PROBA(model, class, ...) or PREDICT_LABEL(model, ...). Signature "
                + version.signature());
          }
        }
      }
      for (int i = 0; i < outputs.size(); i++) {
        final TensorSpec out = outputs.get(i);
        if (out.isTensor() && isNumeric(out) && singleValued(out)) {
          return new PredictSignature(model, version, layout, argumentTypes, i, 0,
              false, Type.DOUBLE);
        }
      }
      throw error(call + ": model has no score output (a [N, 2] probability tensor, a ZipMap"
          + " or a single numeric value per row). Signature " + version.signature());
    }
    case LABEL: {
      int chosen = -1;
      for (int i = 0; i < outputs.size() && chosen < 0; i++) {
        final String name = outputs.get(i).name().toLowerCase(Locale.ROOT);
        if (outputs.get(i).isTensor() && (name.equals("label") || name.endsWith("_label"))) {
          chosen = i;
        }
      }
      for (int i = 0; i < outputs.size() && chosen < 0; i++) {
        final TensorSpec out = outputs.get(i);
        if (out.isTensor() && singleValued(out)
            && (out.elementType().equals("INT64") || out.elementType().equals("STRING"))) {
          chosen = i;
        }
      }
      if (chosen < 0) {
        throw error(call + ": model has no label output. Signature " + version.signature());
      }
      final TensorSpec out = outputs.get(chosen);
      return new PredictSignature(model, version, layout, argumentTypes, chosen, 0,
          false, resultType(out, call));
    }
    case PROBA: {
      final int classIndex;
      try {
        classIndex = Integer.parseInt(selector.trim());
      } catch (NumberFormatException e) {
        throw error(call + ": the class must be an integer class label, not '" + selector + "'");
      }
      for (int i = 0; i < outputs.size(); i++) {
        final TensorSpec out = outputs.get(i);
        if (isZipMap(out)) {
          return new PredictSignature(model, version, layout, argumentTypes, i,
              classIndex, true, Type.DOUBLE);
        }
        if (out.isTensor() && isFloat(out) && out.shape().size() == 2
            && out.name().toLowerCase(Locale.ROOT).contains("prob")) {
          final long k = out.shape().get(1);
          if (classIndex < 0 || (k > 0 && classIndex >= k)) {
            throw error(call + ": class " + classIndex + " is not one of the " + k
                + " classes of output " + out);
          }
          return new PredictSignature(model, version, layout, argumentTypes, i,
              classIndex, false, Type.DOUBLE);
        }
      }
      throw error(call + ": model has no probability output. Signature " + version.signature());
    }
    case OUTPUT: {
      String name = selector;
      int col = 0;
      final int bracket = selector.indexOf('[');
      if (bracket > 0 && selector.endsWith("]")) {
        name = selector.substring(0, bracket);
        try {
          col = Integer.parseInt(selector.substring(bracket + 1, selector.length() - 1).trim());
        } catch (NumberFormatException e) {
          throw error(call + ": bad output column in '" + selector + "'");
        }
      }
      for (int i = 0; i < outputs.size(); i++) {
        final TensorSpec out = outputs.get(i);
        if (out.name().equals(name)) {
          if (isZipMap(out)) {
            return new PredictSignature(model, version, layout, argumentTypes, i, col,
                true, Type.DOUBLE);
          }
          if (!out.isTensor()) {
            throw error(call + ": output " + out + " cannot be returned as a SQL value");
          }
          if (!singleValued(out) && bracket < 0) {
            throw error(call + ": output " + out + " has several values per row; select one"
                + " with '" + name + "[i]'");
          }
          if (out.shape().size() == 2 && out.shape().get(1) > 0 && col >= out.shape().get(1)) {
            throw error(call + ": output " + out + " has no column " + col);
          }
          return new PredictSignature(model, version, layout, argumentTypes, i, col,
              false, resultType(out, call));
        }
      }
      throw error(call + ": model has no output '" + name + "'; outputs: "
          + version.outputs().stream().map(TensorSpec::name).toList());
    }
    }
    throw new IllegalStateException(function.toString());
  }

  private static Layout layout(ModelVersion version, String call) {
    final List<TensorSpec> inputs = version.inputs();
    for (TensorSpec input : inputs) {
      if (!input.isTensor()) {
        throw error(call + ": input " + input + " is not a tensor");
      }
    }
    if (inputs.size() == 1 && inputs.get(0).shape().size() == 2
        && inputs.get(0).shape().get(1) != 1) {
      if (inputs.get(0).shape().get(1) < 0) {
        throw error(call + ": input " + inputs.get(0) + " has no fixed feature count");
      }
      return Layout.MATRIX;
    }
    for (TensorSpec input : inputs) {
      if (input.shape().size() > 2 || (input.shape().size() == 2 && input.shape().get(1) != 1)) {
        throw error(call + ": input " + input + " is neither [N] nor [N, 1]; models with several"
            + " inputs take one value per input and row");
      }
    }
    return Layout.PER_INPUT;
  }

  private static void checkArguments(ModelVersion version, Layout layout,
      List<Type> argumentTypes, String call) {
    final List<TensorSpec> inputs = version.inputs();
    final int expected = layout == Layout.MATRIX ? inputs.get(0).shape().get(1).intValue()
        : inputs.size();
    if (argumentTypes.size() != expected) {
      throw error(call + " takes " + expected + " model argument" + (expected == 1 ? "" : "s")
          + ", not " + argumentTypes.size() + ". Signature " + version.signature());
    }
    for (int i = 0; i < argumentTypes.size(); i++) {
      final TensorSpec input = layout == Layout.MATRIX ? inputs.get(0) : inputs.get(i);
      final boolean wantsString = input.elementType().equals("STRING");
      if (wantsString != (argumentTypes.get(i) == Type.VARCHAR)) {
        throw error(call + ": argument " + (i + 1) + " must be "
            + (wantsString ? "a string" : "numeric") + " for input " + input + ". Signature "
            + version.signature());
      }
      if (!wantsString && !isNumeric(input)) {
        throw error(call + ": input " + input + " has an element type SQL cannot supply");
      }
    }
  }

  private static Type resultType(TensorSpec out, String call) {
    return switch (out.elementType()) {
      case "STRING" -> Type.VARCHAR;
      case "INT64", "INT32", "INT16", "INT8", "UINT8", "UINT16", "UINT32", "BOOL" ->
          Type.BIGINT;
      case "FLOAT", "DOUBLE", "FLOAT16", "BFLOAT16" -> Type.DOUBLE;
      default -> throw error(call + ": output " + out + " has an unsupported element type");
    };
  }

  private static boolean isZipMap(TensorSpec out) {
    return out.kind().equals("sequence") && out.elementType().startsWith("MAP(");
  }

  private static boolean isFloat(TensorSpec out) {
    return out.elementType().equals("FLOAT") || out.elementType().equals("DOUBLE");
  }

  private static boolean isNumeric(TensorSpec t) {
    return switch (t.elementType()) {
      case "FLOAT", "DOUBLE", "INT64", "INT32", "INT16", "INT8", "UINT8", "BOOL" -> true;
      default -> false;
    };
  }

  private static boolean singleValued(TensorSpec out) {
    return out.shape().size() == 1 || (out.shape().size() == 2 && out.shape().get(1) == 1);
  }

  private static String functionName(Function function) {
    return switch (function) {
      case SCORE -> "PREDICT";
      case LABEL -> "PREDICT_LABEL";
      case PROBA -> "PREDICT_PROBA";
      case OUTPUT -> "PREDICT_OUTPUT";
    };
  }

  private static SorrelException error(String message) {
    return new SorrelException(ErrorCode.TYPE_MISMATCH, message);
  }

  public String model() {
    return model;
  }

  public ModelVersion version() {
    return version;
  }

  public Type resultType() {
    return resultType;
  }

  public int argumentCount() {
    return argumentTypes.size();
  }

  /** The argument vectors of the call's kernel: one per model argument, in order. */
  public Schema argumentSchema() {
    return argumentSchema;
  }

  /** The result vector of the call's kernel. */
  public Field resultField() {
    return resultField;
  }

  /** The types the model arguments are read as, in order. */
  public List<Type> argumentTypes() {
    return argumentTypes;
  }

  /**
   * Returns this call planned against another version of the same model, as
   * when an alias has moved since the statement was prepared. Allowed only if
   * the versions' signatures are identical, since the statement's types were
   * derived from this one.
   */
  public PredictSignature rebind(ModelVersion other) {
    if (other.version() == version.version()) {
      return this;
    }
    if (!other.inputs().equals(version.inputs()) || !other.outputs().equals(version.outputs())) {
      throw error("model " + model + " now resolves to version " + other.version()
          + ", whose signature " + other.signature() + " differs from that of version "
          + version.version() + " this statement was prepared with; prepare it again");
    }
    return new PredictSignature(model, other, layout, argumentTypes, outputIndex, column, zipMap,
        resultType);
  }

  Layout layout() {
    return layout;
  }

  List<TensorSpec> inputs() {
    return inputs;
  }

  int outputIndex() {
    return outputIndex;
  }

  int column() {
    return column;
  }

  boolean zipMap() {
    return zipMap;
  }

  /** Describes the call for EXPLAIN, e.g. {@code FRAUD:2.probabilities[1]}. */
  public String describe() {
    final TensorSpec out = version.outputs().get(outputIndex);
    final List<String> parts = new ArrayList<>();
    parts.add(model + ":" + version.version());
    return String.join("", parts) + "." + out.name() + (zipMap ? "{" + column + "}"
        : out.shape().size() == 2 ? "[" + column + "]" : "");
  }
}
