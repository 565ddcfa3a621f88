package dev.sorrel.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model as the catalog stores it: its versions, aliases (such as
 * {@code production}) and the history of alias moves.
 *
 * @param name model name
 * @param comment free text, or null
 * @param options settings given at creation ({@code WITH (key = 'value')})
 *     that Sorrel understands, e.g. ONNX Runtime session options
 * @param tags every other key and value given in {@code WITH}: free-form
 *     labels such as an owner or a training run
 * @param createdMillis creation time
 * @param versions registered versions, oldest first
 * @param aliases alias name to version number
 * @param aliasHistory every alias change, oldest first
 * @param highestVersion the highest version number ever registered, dropped
 *     versions included: numbers are never reused, so a reference such as
 *     {@code fraud:3} never silently names another file (0 in definitions
 *     stored before it was kept, where the versions give it)
 */
public record ModelDef(String name, String comment, Map<String, String> options,
    Map<String, String> tags, long createdMillis, List<ModelVersion> versions, Map<String, Integer> aliases,
    List<AliasMove> aliasHistory, int highestVersion) {

  /** One change of an alias: set to a version, or dropped ({@code toVersion} null). */
  public record AliasMove(String alias, Integer fromVersion, Integer toVersion, long atMillis) {
  }

  public ModelDef {
    options = Map.copyOf(options);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    versions = List.copyOf(versions);
    aliases = Map.copyOf(aliases);
    aliasHistory = List.copyOf(aliasHistory);
    for (ModelVersion v : versions) {
      highestVersion = Math.max(highestVersion, v.version());
    }
  }

  public ModelVersion version(int number) {
    for (ModelVersion v : versions) {
      if (v.version() == number) {
        return v;
      }
    }
    return null;
  }

  public ModelVersion latest() {
    return versions.get(versions.size() - 1);
  }

  int nextVersion() {
    return highestVersion + 1;
  }

  ModelDef withVersion(ModelVersion version) {
    final List<ModelVersion> list = new ArrayList<>(versions);
    list.add(version);
    return new ModelDef(name, comment, options, tags, createdMillis, list, aliases, aliasHistory,
        highestVersion);
  }

  ModelDef withoutVersion(int number) {
    final List<ModelVersion> list = new ArrayList<>(versions);
    list.removeIf(v -> v.version() == number);
    final Map<String, Integer> kept = new TreeMap<>(aliases);
    final List<AliasMove> history = new ArrayList<>(aliasHistory);
    for (Map.Entry<String, Integer> alias : aliases.entrySet()) {
      if (alias.getValue() == number) {
        kept.remove(alias.getKey());
        history.add(new AliasMove(alias.getKey(), number, null, System.currentTimeMillis()));
      }
    }
    return new ModelDef(name, comment, options, tags, createdMillis, list, kept, history,
        highestVersion);
  }

  ModelDef withAlias(String alias, Integer version) {
    final Map<String, Integer> map = new TreeMap<>(aliases);
    final Integer previous = version == null ? map.remove(alias) : map.put(alias, version);
    final List<AliasMove> history = new ArrayList<>(aliasHistory);
    history.add(new AliasMove(alias, previous, version, System.currentTimeMillis()));
    return new ModelDef(name, comment, options, tags, createdMillis, versions, map, history,
        highestVersion);
  }
}
