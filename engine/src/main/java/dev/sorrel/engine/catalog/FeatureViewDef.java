package dev.sorrel.engine.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A feature view as the catalog stores it: the features of one entity over
 * time. Its history is a table named like the view, keyed by
 * {@code (entity key, event_timestamp, created_timestamp)}; its online table
 * (one row per entity, the latest values) lives beside it under its own id.
 *
 * @param name view name, also the name of its history table
 * @param entity name of the entity the features describe
 * @param features the feature columns, in order
 * @param ttlMillis how long a value stays valid after its event time, or
 *     null for no limit
 * @param comment free text, or null
 * @param owner who owns the view, or null
 * @param tags free-form labels
 * @param historyTableId id of the history table
 * @param online definition of the online table
 * @param query for a derived view, the defining query; else null
 * @param schemaPath schema the query is resolved in, for a derived view
 * @param sources tables and views the query reads, for lineage
 * @param lastRefreshMillis when a derived view was last refreshed, or null
 * @param watermark the newest event time an incremental refresh has loaded,
 *     or null
 * @param createdMillis creation time
 * @param updatedMillis time of the last change of the definition or refresh
 */
public record FeatureViewDef(String name, String entity, List<ColumnDef> features,
    Long ttlMillis, String comment, String owner, Map<String, String> tags,
    int historyTableId, TableDef online, String query, List<String> schemaPath,
    List<String> sources, Long lastRefreshMillis, Long watermark, long createdMillis,
    long updatedMillis) {

  /** Name of the event time column every feature view has. */
  public static final String EVENT_TIMESTAMP = "EVENT_TIMESTAMP";
  /** Name of the write time column every feature view has. */
  public static final String CREATED_TIMESTAMP = "CREATED_TIMESTAMP";

  public FeatureViewDef {
    features = List.copyOf(features);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    schemaPath = schemaPath == null ? List.of() : List.copyOf(schemaPath);
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  public boolean isDerived() {
    return query != null;
  }

  FeatureViewDef withTtl(Long newTtl, long now) {
    return new FeatureViewDef(name, entity, features, newTtl, comment, owner, tags,
        historyTableId, online, query, schemaPath, sources, lastRefreshMillis, watermark,
        createdMillis, now);
  }

  FeatureViewDef withComment(String newComment, long now) {
    return new FeatureViewDef(name, entity, features, ttlMillis, newComment, owner, tags,
        historyTableId, online, query, schemaPath, sources, lastRefreshMillis, watermark,
        createdMillis, now);
  }

  FeatureViewDef withFeature(ColumnDef feature, TableDef newOnline, long now) {
    final List<ColumnDef> more = new ArrayList<>(features);
    more.add(feature);
    return new FeatureViewDef(name, entity, more, ttlMillis, comment, owner, tags,
        historyTableId, newOnline, query, schemaPath, sources, lastRefreshMillis, watermark,
        createdMillis, now);
  }

  FeatureViewDef withRefresh(long refreshMillis, Long newWatermark) {
    return new FeatureViewDef(name, entity, features, ttlMillis, comment, owner, tags,
        historyTableId, online, query, schemaPath, sources, refreshMillis, newWatermark,
        createdMillis, refreshMillis);
  }
}
