package dev.sorrel.engine.experiment;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.Catalog;
import dev.sorrel.engine.model.ModelVersion;
import dev.sorrel.engine.model.Models;
import dev.sorrel.engine.model.TensorSpec;
import dev.sorrel.storage.CheckedRecord;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.StorageException;
import dev.sorrel.storage.Store;

/**
 * The A/B experiments of a database: definitions as JSON in
 * {@link Space#META}, changed in the caller's transaction and published in
 * memory when it commits, as models are. The assignment itself is computed
 * above the engine, from a definition (the {@code udf} module's
 * {@code VariantAssigner}).
 */
public final class Experiments {
  private static final String PREFIX = "experiment/";
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  /** The hashes an experiment may name. */
  public static final List<String> HASHES = List.of("sha256", "fnv1a");

  private final Models models;
  private final Catalog catalog;
  private volatile Map<String, ExperimentDef> experiments = Map.of();

  public Experiments(Models models, Catalog catalog) {
    this.models = models;
    this.catalog = catalog;
  }

  /** Reads the stored definitions; called once when the database opens. */
  public void load(Store store) {
    final TreeMap<String, ExperimentDef> loaded = new TreeMap<>();
    try (ReadView view = store.snapshot();
         KvCursor cursor = view.scan(Space.META, key(PREFIX), key("experiment0"))) {
      while (cursor.next()) {
        try {
          final ExperimentDef def = JSON.readValue(CheckedRecord.unwrap(cursor.value()), ExperimentDef.class);
          loaded.put(def.name(), def);
        } catch (IOException | StorageException e) {
          throw new SorrelException(ErrorCode.DATA_CORRUPTED, "corrupt experiment definition "
              + new String(cursor.key(), StandardCharsets.UTF_8) + ": " + e.getMessage(), e);
        }
      }
    }
    experiments = Collections.unmodifiableSortedMap(loaded);
  }

  private static byte[] key(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * An experiment by name: exactly as given, else upper-cased (unquoted
   * names are stored upper-case, references in strings keep their case); or
   * null.
   */
  public ExperimentDef experiment(String name) {
    final ExperimentDef exact = experiments.get(name);
    return exact != null ? exact : experiments.get(name.toUpperCase(Locale.ROOT));
  }

  /** An experiment by name, or a 42S02 error that lists the experiments there are. */
  public ExperimentDef existing(String name) {
    final ExperimentDef def = experiment(name);
    if (def == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "experiment " + name
          + " does not exist" + (experiments.isEmpty() ? "; there are no experiments"
              : "; experiments: " + String.join(", ", experiments.keySet())));
    }
    return def;
  }

  /**
   * The current definition of an experiment a statement was planned with,
   * for each execution: it may have stopped, or been dropped and created
   * again, since.
   *
   * @throws SorrelException 42S02 if it has been dropped since
   */
  public ExperimentDef current(String name) {
    final ExperimentDef def = experiment(name);
    if (def == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "experiment " + name
          + " has been dropped since the statement was prepared"
          + (experiments.isEmpty() ? "; there are no experiments"
              : "; experiments: " + String.join(", ", experiments.keySet())));
    }
    return def;
  }

  /** Experiments sorted by name. */
  public Collection<ExperimentDef> experiments() {
    return experiments.values();
  }

  // ------------------------------------------------------------ changes

  /**
   * Creates an experiment in draft.
   *
   * @throws SorrelException 42S01 if it exists, 42P16 for duplicate or
   *     missing variants, 22023 for bad weights or an unknown hash, 42S02 for
   *     a missing model, 42804 for models of different input signatures
   */
  public ExperimentDef create(Transaction tx, String name, String salt, String hash,
      List<ExperimentDef.Variant> variants, String comment, Map<String, String> tags) {
    if (experiments.containsKey(name) || !tx.claimName("experiment " + name)) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS, "experiment " + name
          + " already exists");
    }
    final String hashName = hash == null ? "sha256" : hash.toLowerCase(Locale.ROOT);
    if (!HASHES.contains(hashName)) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "unknown assignment hash '"
          + hash + "'; use one of " + HASHES);
    }
    checkVariants(name, variants);
    final long now = System.currentTimeMillis();
    final ExperimentDef def = new ExperimentDef(name, salt == null ? name : salt, hashName,
        ExperimentDef.Status.DRAFT, variants, null, null, null, comment,
        tags == null ? Map.of() : new TreeMap<>(tags), now, now);
    write(tx, def);
    return def;
  }

  private void checkVariants(String name, List<ExperimentDef.Variant> variants) {
    if (variants.size() < 2) {
      throw new SorrelException(ErrorCode.INVALID_DEFINITION, "experiment " + name
          + " needs at least two variants: a control and a treatment");
    }
    final Set<String> names = new HashSet<>();
    BigDecimal total = BigDecimal.ZERO;
    for (ExperimentDef.Variant v : variants) {
      if (!names.add(v.name())) {
        throw new SorrelException(ErrorCode.INVALID_DEFINITION, "experiment " + name
            + " names variant " + v.name() + " twice");
      }
      if (v.weight().signum() < 0) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "variant " + v.name()
            + " of experiment " + name + " has a negative weight " + v.weight().toPlainString());
      }
      total = total.add(v.weight());
    }
    if (total.signum() == 0) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "the weights of experiment "
          + name + " add up to zero");
    }
    checkModels(name, variants);
  }

  /** Variant models exist, and all take the same inputs, so one query can score with any. */
  private void checkModels(String name, List<ExperimentDef.Variant> variants) {
    ModelVersion first = null;
    String firstReference = null;
    for (ExperimentDef.Variant v : variants) {
      if (v.model() == null) {
        continue;
      }
      final ModelVersion version = models.resolve(v.model()).version();
      if (first == null) {
        first = version;
        firstReference = v.model();
      } else if (!sameInputs(first.inputs(), version.inputs())) {
        throw new SorrelException(ErrorCode.TYPE_MISMATCH, "variant " + v.name()
            + " of experiment " + name + " uses model '" + v.model() + "' with inputs "
            + version.inputs() + ", unlike '" + firstReference + "' with inputs "
            + first.inputs() + ": the variants' models must take the same inputs");
      }
    }
  }

  /**
   * Whether two models take the same inputs: the same number, each of the
   * same kind and element type, and the same dimensions after the batch one.
   */
  private static boolean sameInputs(List<TensorSpec> a, List<TensorSpec> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      final TensorSpec x = a.get(i);
      final TensorSpec y = b.get(i);
      if (!x.kind().equals(y.kind()) || !x.elementType().equals(y.elementType())
          || !tail(x.shape()).equals(tail(y.shape()))) {
        return false;
      }
    }
    return true;
  }

  private static List<Long> tail(List<Long> shape) {
    return shape.isEmpty() ? shape : shape.subList(1, shape.size());
  }

  /** Starts (or restarts) an experiment: units are assigned by hash. */
  public ExperimentDef start(Transaction tx, String name) {
    final ExperimentDef def = existing(name);
    if (def.status() == ExperimentDef.Status.RUNNING) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "experiment " + def.name()
          + " is already running");
    }
    checkModels(def.name(), def.variants()); // models may have changed since CREATE
    final long now = System.currentTimeMillis();
    final ExperimentDef started = def.with(ExperimentDef.Status.RUNNING, now, null, null,
        def.comment(), now);
    write(tx, started);
    return started;
  }

  /** Stops an experiment; everyone then gets the winner, or the control if none is named. */
  public ExperimentDef stop(Transaction tx, String name, String winner) {
    final ExperimentDef def = existing(name);
    if (def.status() == ExperimentDef.Status.STOPPED) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "experiment " + def.name()
          + " is already stopped");
    }
    if (winner != null && def.variantIndex(winner) < 0) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "experiment " + def.name()
          + " has no variant " + winner + "; variants: " + variantNames(def));
    }
    final long now = System.currentTimeMillis();
    final ExperimentDef stopped = def.with(ExperimentDef.Status.STOPPED, def.startedMillis(),
        now, winner, def.comment(), now);
    write(tx, stopped);
    return stopped;
  }

  /** Replaces an experiment's comment (null removes it). */
  public ExperimentDef setComment(Transaction tx, String name, String comment) {
    final ExperimentDef def = existing(name);
    final ExperimentDef changed = def.with(def.status(), def.startedMillis(),
        def.stoppedMillis(), def.winner(), comment, System.currentTimeMillis());
    write(tx, changed);
    return changed;
  }

  /** Drops an experiment. */
  public void drop(Transaction tx, String name) {
    final ExperimentDef def = existing(name);
    tx.storage().delete(Space.META, key(PREFIX + def.name()));
    tx.afterCommit(() -> publish(m -> m.remove(def.name())));
  }

  /**
   * Refuses to drop a model, or one version of it, that a running
   * experiment's variant uses.
   *
   * @param version the version being dropped, or null for the whole model
   */
  public void checkModelUnused(String model, Integer version) {
    for (ExperimentDef def : experiments.values()) {
      if (def.status() != ExperimentDef.Status.RUNNING) {
        continue;
      }
      for (ExperimentDef.Variant v : def.variants()) {
        if (v.model() == null) {
          continue;
        }
        final Models.ResolvedModel used = models.resolve(v.model());
        if (used.model().name().equals(model)
            && (version == null || used.version().version() == version)) {
          throw new SorrelException(ErrorCode.DEPENDENT_OBJECTS_EXIST, "model " + model
              + (version == null ? "" : " version " + version) + " is used by variant "
              + v.name() + " of running experiment " + def.name()
              + "; stop the experiment first");
        }
      }
    }
  }

  private static String variantNames(ExperimentDef def) {
    final List<String> names = new ArrayList<>();
    def.variants().forEach(v -> names.add(v.name()));
    return String.join(", ", names);
  }

  private void write(Transaction tx, ExperimentDef def) {
    try {
      tx.storage().put(Space.META, key(PREFIX + def.name()),
          CheckedRecord.wrap(JSON.writeValueAsBytes(def)));
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "cannot serialize experiment "
          + def.name(), e);
    }
    tx.afterCommit(() -> publish(m -> m.put(def.name(), def)));
  }

  private synchronized void publish(java.util.function.Consumer<Map<String, ExperimentDef>> change) {
    final TreeMap<String, ExperimentDef> copy = new TreeMap<>(experiments);
    change.accept(copy);
    experiments = Collections.unmodifiableSortedMap(copy);
    catalog.definitionsChanged(); // plans made before see the change
  }
}
