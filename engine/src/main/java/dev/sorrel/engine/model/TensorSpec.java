package dev.sorrel.engine.model;

import java.util.List;

/**
 * One input or output of a model, as its ONNX graph declares it.
 *
 * @param name the graph's name for it
 * @param kind {@code tensor}, {@code sequence} (e.g. of maps, as scikit-learn's
 *     ZipMap emits) or {@code map}
 * @param elementType element type for tensors ({@code FLOAT}, {@code INT64},
 *     {@code STRING}, …); for a sequence of maps, the map's value type
 * @param shape dimensions, -1 where dynamic (such as the batch dimension);
 *     empty for non-tensors
 */
public record TensorSpec(String name, String kind, String elementType, List<Long> shape) {
  public TensorSpec {
    shape = List.copyOf(shape);
  }

  public boolean isTensor() {
    return kind.equals("tensor");
  }

  /** Renders like {@code float_input FLOAT[?, 30]}. */
  @Override public String toString() {
    if (!isTensor()) {
      return name + " " + kind + "<" + elementType + ">";
    }
    final StringBuilder b = new StringBuilder(name).append(' ').append(elementType).append('[');
    for (int i = 0; i < shape.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(shape.get(i) < 0 ? "?" : shape.get(i).toString());
    }
    return b.append(']').toString();
  }
}
