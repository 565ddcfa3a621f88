package dev.sorrel.sql.schema;

import java.util.Locale;
import java.util.Map;

import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Type names that schemas pasted from PostgreSQL, SQLite, DuckDB or MySQL use and SQL does
 * not: {@code TEXT}, {@code INT8}, {@code FLOAT8}, {@code BOOL} and the like, each the name
 * of one of Sorrel's types.
 *
 * <p>Calcite parses an unknown type name as a user-defined type and looks it up among the
 * root schema's types; {@link #addTo} registers the aliases there, so that {@code CAST(x AS
 * TEXT)} works, and {@code CREATE TABLE} maps a column's alias with {@link #of}.
 * {@code DATETIME}, a reserved word in Calcite's grammar, is parsed by Sorrel's grammar
 * instead.
 */
public final class TypeAliases {
  private static final Map<String, SqlTypeName> ALIASES = Map.ofEntries(
      Map.entry("TEXT", SqlTypeName.VARCHAR),
      Map.entry("STRING", SqlTypeName.VARCHAR),
      Map.entry("INT2", SqlTypeName.SMALLINT),
      Map.entry("INT4", SqlTypeName.INTEGER),
      Map.entry("INT8", SqlTypeName.BIGINT),
      Map.entry("FLOAT4", SqlTypeName.REAL),
      Map.entry("FLOAT8", SqlTypeName.DOUBLE),
      Map.entry("BOOL", SqlTypeName.BOOLEAN),
      Map.entry("BYTEA", SqlTypeName.VARBINARY));

  private TypeAliases() {
  }

  /** The type an alias names, or null if the identifier is no alias. */
  public static @Nullable SqlTypeName of(SqlIdentifier name) {
    return name.isSimple() ? ALIASES.get(name.getSimple().toUpperCase(Locale.ROOT)) : null;
  }

  /** Registers every alias as a type of the root schema. */
  public static void addTo(SchemaPlus root) {
    ALIASES.forEach((alias, type) -> root.add(alias, factory -> factory.createSqlType(type)));
  }
}
