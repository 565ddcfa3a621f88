package dev.sorrel.engine.experiment;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * An A/B experiment as the catalog stores it.
 *
 * @param name experiment name as stored (unquoted names upper-case)
 * @param salt the text hashed with each unit; the name unless given
 * @param hash the assignment hash's SQL name ({@code sha256} or {@code fnv1a})
 * @param status draft, running or stopped
 * @param variants the variants in order; the first is the control
 * @param startedMillis when it last started, or null if never
 * @param stoppedMillis when it stopped, or null if it has not
 * @param winner the variant everyone gets once stopped, or null (then the control)
 * @param comment free text, or null
 * @param tags free-form labels given in {@code WITH (key = 'value')}
 * @param createdMillis creation time
 * @param updatedMillis time of the last change
 */
public record ExperimentDef(String name, String salt, String hash, Status status,
    List<Variant> variants, Long startedMillis, Long stoppedMillis, String winner,
    String comment, Map<String, String> tags, long createdMillis, long updatedMillis) {

  /** An experiment's life: assignments are the same in draft and running. */
  public enum Status {
    DRAFT, RUNNING, STOPPED
  }

  /**
   * One arm of an experiment.
   *
   * @param name the value {@code ASSIGN_VARIANT} returns for it
   * @param model the model reference its units are scored with
   *     ({@code name}, {@code name:version} or {@code name@alias}), or null
   * @param weight its share of units, relative to the other weights
   */
  public record Variant(String name, String model, BigDecimal weight) {
  }

  public ExperimentDef {
    variants = List.copyOf(variants);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The control: the first variant. */
  public Variant control() {
    return variants.get(0);
  }

  /** The index of a variant by name, or -1. */
  public int variantIndex(String variantName) {
    for (int i = 0; i < variants.size(); i++) {
      if (variants.get(i).name().equals(variantName)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The variant every unit gets regardless of its hash, or -1 while units
   * are assigned by hash: once stopped, the winner, else the control.
   */
  public int fixedVariant() {
    if (status != Status.STOPPED) {
      return -1;
    }
    return winner == null ? 0 : variantIndex(winner);
  }

  /** The weights in variant order. */
  public List<BigDecimal> weights() {
    return variants.stream().map(Variant::weight).toList();
  }

  ExperimentDef with(Status newStatus, Long started, Long stopped, String newWinner,
      String newComment, long now) {
    return new ExperimentDef(name, salt, hash, newStatus, variants, started, stopped, newWinner,
        newComment, tags, createdMillis, now);
  }
}
