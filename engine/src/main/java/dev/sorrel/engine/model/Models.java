package dev.sorrel.engine.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.Catalog;
import dev.sorrel.storage.CheckedRecord;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.StorageException;
import dev.sorrel.storage.Store;

/**
 * The model registry of a database: named models with numbered versions and
 * aliases, their ONNX files stored in the database itself (so a database
 * directory is self-contained), and one cached ONNX Runtime session per
 * version in use.
 *
 * <p>Definitions are JSON in {@link Space#META}, files in {@link Space#BLOB};
 * both change in the caller's transaction. A file is validated (loaded by
 * ONNX Runtime, its signature read) when it is registered, so a bad file
 * fails then, not at query time.
 */
public final class Models implements AutoCloseable {
  private static final String PREFIX = "model/";
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  /** Options a model may be created with; any other key given is kept as a tag. */
  private static final List<String> OPTIONS = List.of("intra_op_threads",
      "optimization_level", "batch_size", "cache_size");

  private final Database database;
  private final Catalog catalog;
  private volatile Map<String, ModelDef> models = Map.of();
  private final Map<String, ModelSession> sessions = new ConcurrentHashMap<>();

  public Models(Database database, Catalog catalog) {
    this.database = database;
    this.catalog = catalog;
  }

  public void load(Store store) {
    final Map<String, ModelDef> loaded = new TreeMap<>();
    try (ReadView view = store.snapshot();
         KvCursor cursor = view.scan(Space.META, key(PREFIX), key("model0"))) {
      while (cursor.next()) {
        try {
          final ModelDef def = JSON.readValue(CheckedRecord.unwrap(cursor.value()), ModelDef.class);
          loaded.put(def.name(), def);
        } catch (IOException | StorageException e) {
          throw new SorrelException(ErrorCode.DATA_CORRUPTED, "corrupt model definition "
              + new String(cursor.key(), StandardCharsets.UTF_8) + ": " + e.getMessage(), e);
        }
      }
    }
    models = Map.copyOf(loaded);
  }

  private static byte[] key(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] blobKey(String model, int version) {
    return key(String.format(Locale.ROOT, "%s%s/%010d", PREFIX, model, version));
  }

  /**
   * Returns a model by name: exactly as given, else upper-cased (SQL stores
   * unquoted names upper-case, while references in strings keep their case).
   */
  public ModelDef model(String name) {
    return lookup(models, name);
  }

  private static <V> V lookup(Map<String, V> map, String key) {
    final V exact = map.get(key);
    return exact != null ? exact : map.get(key.toUpperCase(Locale.ROOT));
  }

  /** Models sorted by name. */
  public Collection<ModelDef> models() {
    return new TreeMap<>(models).values();
  }

  // ------------------------------------------------------------ changes

  /** Registers a new model with its first version. */
  public ModelDef create(Transaction tx, String name, byte[] file, String source,
      String comment, Map<String, String> options) {
    return create(tx, name, file, source, comment, options, null);
  }

  /**
   * Registers a new model with its first version, made by a tracked run.
   *
   * @param runId the run in {@code TRACKING.RUNS} that made the file, or null
   * @throws SorrelException 42704 if there is no such run
   */
  public ModelDef create(Transaction tx, String name, byte[] file, String source,
      String comment, Map<String, String> options, String runId) {
    checkRun(runId);
    if (models.containsKey(name) || !tx.claimName("model " + name)) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS, "model " + name
          + " already exists; add a version with ALTER MODEL " + name + " ADD VERSION FROM ...");
    }
    final Map<String, String> settings = new TreeMap<>();
    final Map<String, String> tags = new TreeMap<>();
    for (Map.Entry<String, String> option : options.entrySet()) {
      final String key = option.getKey().toLowerCase(Locale.ROOT);
      (OPTIONS.contains(key) ? settings : tags).put(key, option.getValue());
    }
    sessionOptions(settings).close(); // validates the values
    final ModelVersion version = inspect(name, 1, file, source, comment, runId);
    final ModelDef def = new ModelDef(name, comment, settings, tags, System.currentTimeMillis(),
        List.of(version), Map.of(), List.of(), 1);
    write(tx, def);
    tx.storage().put(Space.BLOB, blobKey(name, 1), file);
    return def;
  }

  /** Adds the next version of a model. */
  public ModelVersion addVersion(Transaction tx, String name, byte[] file, String source,
      String comment) {
    return addVersion(tx, name, file, source, comment, null);
  }

  /**
   * Adds the next version of a model, made by a tracked run.
   *
   * @param runId the run in {@code TRACKING.RUNS} that made the file, or null
   * @throws SorrelException 42704 if there is no such run
   */
  public ModelVersion addVersion(Transaction tx, String name, byte[] file, String source,
      String comment, String runId) {
    final ModelDef def = existing(name);
    checkRun(runId);
    final ModelVersion version = inspect(def.name(), def.nextVersion(), file, source, comment,
        runId);
    write(tx, def.withVersion(version));
    tx.storage().put(Space.BLOB, blobKey(def.name(), version.version()), file);
    return version;
  }

  /** Points an alias at a version (creating or moving it). */
  public void setAlias(Transaction tx, String name, String aliasName, int version) {
    final ModelDef def = existing(name);
    final String alias = aliasName.toLowerCase(Locale.ROOT);
    if (def.version(version) == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "model " + name + " has no version "
          + version + "; versions: " + versionList(def));
    }
    write(tx, def.withAlias(alias, version));
  }

  public void dropAlias(Transaction tx, String name, String aliasName) {
    final ModelDef def = existing(name);
    final String alias = aliasName.toLowerCase(Locale.ROOT);
    if (!def.aliases().containsKey(alias)) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "model " + name + " has no alias "
          + alias + (def.aliases().isEmpty() ? "" : "; aliases: " + def.aliases().keySet()));
    }
    write(tx, def.withAlias(alias, null));
  }

  /** Drops a whole model, or one version of it (with the aliases pointing there). */
  public void drop(Transaction tx, String modelName, Integer version) {
    final ModelDef def = existing(modelName);
    final String name = def.name();
    final boolean whole = version == null
        || (def.versions().size() == 1 && def.version(version) != null);
    database.experiments().checkModelUnused(name, whole ? null : version);
    if (version == null || (def.versions().size() == 1 && def.version(version) != null)) {
      tx.storage().delete(Space.META, key(PREFIX + name));
      for (ModelVersion v : def.versions()) {
        tx.storage().delete(Space.BLOB, blobKey(name, v.version()));
      }
      tx.afterCommit(() -> {
        publish(m -> m.remove(name));
        def.versions().forEach(v -> closeSession(name, v.version()));
      });
      return;
    }
    if (def.version(version) == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "model " + name + " has no version "
          + version + "; versions: " + versionList(def));
    }
    write(tx, def.withoutVersion(version));
    tx.storage().delete(Space.BLOB, blobKey(name, version));
    tx.afterCommit(() -> closeSession(name, version));
  }

  private void checkRun(String runId) {
    if (runId != null) {
      database.tracking().existingRun(runId);
    }
  }

  private void write(Transaction tx, ModelDef def) {
    try {
      tx.storage().put(Space.META, key(PREFIX + def.name()),
          CheckedRecord.wrap(JSON.writeValueAsBytes(def)));
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "cannot serialize model " + def.name(),
          e);
    }
    tx.afterCommit(() -> publish(m -> m.put(def.name(), def)));
  }

  private synchronized void publish(java.util.function.Consumer<Map<String, ModelDef>> change) {
    final Map<String, ModelDef> copy = new TreeMap<>(models);
    change.accept(copy);
    models = Map.copyOf(copy);
    catalog.definitionsChanged();
  }

  private ModelDef existing(String name) {
    final ModelDef def = model(name);
    if (def == null) {
      throw notFound(name);
    }
    return def;
  }

  private SorrelException notFound(String name) {
    return new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "model " + name + " does not exist"
        + (models.isEmpty() ? "; no models are registered" : "; models: "
            + String.join(", ", new TreeMap<>(models).keySet())));
  }

  private static String versionList(ModelDef def) {
    return def.versions().stream().map(v -> Integer.toString(v.version())).toList().toString();
  }

  // ------------------------------------------------------------ resolution and sessions

  /**
   * Resolves a model reference: {@code name} (its {@code production} alias if
   * set, else the latest version), {@code name@alias} or {@code name:version}.
   * Aliases are stored lower-case and matched case-insensitively.
   */
  public ResolvedModel resolve(String reference) {
    final int at = reference.indexOf('@');
    final int colon = reference.lastIndexOf(':');
    final String name;
    final ModelVersion version;
    if (at >= 0) {
      name = reference.substring(0, at);
      final String alias = reference.substring(at + 1);
      final ModelDef def = existing(name);
      final Integer number = def.aliases().get(alias.toLowerCase(Locale.ROOT));
      if (number == null) {
        throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "model " + name
            + " has no alias " + alias + (def.aliases().isEmpty() ? "; it has no aliases"
                : "; aliases: " + def.aliases()));
      }
      version = def.version(number);
    } else if (colon >= 0) {
      name = reference.substring(0, colon);
      final ModelDef def = existing(name);
      final int number;
      try {
        number = Integer.parseInt(reference.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "bad model reference '"
            + reference + "'; use 'name', 'name@alias' or 'name:version'");
      }
      version = def.version(number);
      if (version == null) {
        throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "model " + name
            + " has no version " + number + "; versions: " + versionList(def));
      }
    } else {
      name = reference;
      final ModelDef def = existing(name);
      final Integer production = def.aliases().get("production");
      version = production != null ? def.version(production) : def.latest();
    }
    return new ResolvedModel(existing(name), version);
  }

  /** Whether a model of this name exists. */
  public boolean exists(String name) {
    return model(name) != null;
  }

  /** A model reference resolved to one version. */
  public record ResolvedModel(ModelDef model, ModelVersion version) {
    public String reference() {
      return model.name() + ":" + version.version();
    }
  }

  /** Returns the shared session of a version, loading it on first use. */
  public ModelSession session(ResolvedModel resolved) {
    final String key = resolved.reference();
    return sessions.computeIfAbsent(key, k -> load(resolved));
  }

  private ModelSession load(ResolvedModel resolved) {
    final String name = resolved.model().name();
    final int number = resolved.version().version();
    final byte[] file = database.store().get(Space.BLOB, blobKey(name, number));
    if (file == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND,
          "model " + name + ":" + number + " has been dropped");
    }
    checkIntact(resolved.version(), name, file);
    final OrtSession.SessionOptions options = sessionOptions(resolved.model().options());
    try {
      final String cacheSize = resolved.model().options().get("cache_size");
      return new ModelSession(name, resolved.version(),
          OrtEnvironment.getEnvironment().createSession(file, options), options,
          cacheSize == null ? 0 : Integer.parseInt(cacheSize.trim()));
    } catch (OrtException e) {
      options.close();
      throw new SorrelException(ErrorCode.DATA_EXCEPTION, "cannot load model " + name + ":"
          + number + ": " + e.getMessage(), e);
    }
  }

  /** The loaded session of a version, or null if no query has used it yet. */
  public ModelSession loadedSession(String name, int version) {
    return sessions.get(name + ":" + version);
  }

  private void closeSession(String name, int version) {
    final ModelSession session = sessions.remove(name + ":" + version);
    if (session != null) {
      session.close();
    }
  }

  private static OrtSession.SessionOptions sessionOptions(Map<String, String> settings) {
    final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      final String threads = settings.get("intra_op_threads");
      if (threads != null) {
        options.setIntraOpNumThreads(parsePositive("intra_op_threads", threads));
      }
      final String level = settings.get("optimization_level");
      if (level != null) {
        options.setOptimizationLevel(switch (level.toLowerCase(Locale.ROOT)) {
          case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
          case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
          case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
          case "all" -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
          default -> throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
              "optimization_level must be none, basic, extended or all, not " + level);
        });
      }
      final String batch = settings.get("batch_size");
      if (batch != null) {
        parsePositive("batch_size", batch);
      }
      final String cache = settings.get("cache_size");
      if (cache != null) {
        parsePositive("cache_size", cache);
      }
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      if (e instanceof SorrelException s) {
        throw s;
      }
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
          "bad model options " + settings + ": " + e.getMessage(), e);
    }
  }

  private static int parsePositive(String option, String value) {
    try {
      final int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // Reported below with the option's name.
    }
    throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
        option + " must be a positive integer, not '" + value + "'");
  }

  // ------------------------------------------------------------ validation

  /** Loads a file with ONNX Runtime to validate it and read its signature. */
  private static ModelVersion inspect(String name, int number, byte[] file, String source,
      String comment, String runId) {
    if (file.length == 0) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
          "model file for " + name + " is empty");
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
         OrtSession session = OrtEnvironment.getEnvironment().createSession(file, options)) {
      return new ModelVersion(number, sha256(file), file.length, System.currentTimeMillis(),
          comment, source, specs(session.getInputInfo()), specs(session.getOutputInfo()), runId);
    } catch (OrtException e) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "not a valid ONNX model"
          + (source == null ? "" : " (" + source + ")") + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable file";
    }
    final int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static List<TensorSpec> specs(Map<String, NodeInfo> nodes) {
    final List<TensorSpec> specs = new ArrayList<>();
    for (NodeInfo node : nodes.values()) {
      specs.add(spec(node.getName(), node.getInfo()));
    }
    return specs;
  }

  private static TensorSpec spec(String name, ValueInfo info) {
    if (info instanceof TensorInfo tensor) {
      final List<Long> shape = new ArrayList<>();
      for (long d : tensor.getShape()) {
        shape.add(d);
      }
      return new TensorSpec(name, "tensor", tensor.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", ""), shape);
    }
    if (info instanceof SequenceInfo sequence) {
      final String element = sequence.sequenceOfMaps
          ? "MAP(" + sequence.mapInfo.keyType + ", " + sequence.mapInfo.valueType + ")"
          : String.valueOf(sequence.sequenceType);
      return new TensorSpec(name, "sequence", element, List.of());
    }
    if (info instanceof MapInfo map) {
      return new TensorSpec(name, "map", map.keyType + ", " + map.valueType, List.of());
    }
    return new TensorSpec(name, "unknown", String.valueOf(info), List.of());
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /**
   * Reads the stored file of a version (for export and tests), checked against the SHA-256
   * recorded when it was uploaded; null if the model or version does not exist.
   *
   * @throws SorrelException {@link ErrorCode#DATA_CORRUPTED} if the stored bytes are not the
   *     uploaded file's
   */
  public byte[] file(String name, int version) {
    final byte[] file = database.store().get(Space.BLOB, blobKey(name, version));
    final ModelDef def = models.get(name);
    final ModelVersion recorded = def == null ? null : def.version(version);
    if (file != null && recorded != null) {
      checkIntact(recorded, name, file);
    }
    return file;
  }

  /**
   * Checks a version's stored file against the size and SHA-256 recorded at its upload, so
   * that damaged bytes are reported instead of loaded (ONNX Runtime may accept a damaged file
   * and score with wrong weights).
   */
  private static void checkIntact(ModelVersion version, String name, byte[] file) {
    if (file.length != version.sizeBytes() || !sha256(file).equals(version.sha256())) {
      throw new SorrelException(ErrorCode.DATA_CORRUPTED, "the stored file of model " + name
          + ":" + version.version() + " is damaged: its SHA-256 is " + sha256(file) + " ("
          + file.length + " bytes), not " + version.sha256() + " (" + version.sizeBytes()
          + " bytes) as uploaded");
    }
  }

  @Override public void close() {
    for (ModelSession session : sessions.values()) {
      session.close();
    }
    sessions.clear();
  }
}
