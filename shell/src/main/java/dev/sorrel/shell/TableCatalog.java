package dev.sorrel.shell;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Finds tables through {@link DatabaseMetaData#getTables}, for {@code \dt}, {@code \d} and
 * completion.
 *
 * <p>Users type table names the way they write SQL, so an unquoted name is tried as typed,
 * then upper-case (the SQL standard's folding, used by H2 and Calcite), then lower-case
 * (PostgreSQL's); a double-quoted name is taken exactly. Names may be schema-qualified.
 */
final class TableCatalog {

    /** A table found in the metadata; {@code remarks} is its comment, or null. */
    record Table(String catalog, String schema, String name, String type, String remarks) {

        /** {@code schema.name}, or just the name when there is no schema. */
        String qualifiedName() {
            return schema == null || schema.isEmpty() ? name : schema + "." + name;
        }
    }

    /**
     * A column of a table, in the shape {@code \d} prints it; {@code defaultValue} is its
     * default expression, "identity" for an auto-increment column, or null; {@code remarks}
     * its comment, or null.
     */
    record TableColumn(String name, String typeName, Integer size, String nullable,
            String defaultValue, String remarks) {
    }

    private final Connection connection;

    TableCatalog(Connection connection) {
        this.connection = connection;
    }

    /**
     * Lists tables and views sorted by schema and name; system tables
     * ({@code INFORMATION_SCHEMA}, {@code SYSTEM TABLE} types) only if asked for.
     */
    List<Table> list(boolean includeSystem) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getTables(null, null, "%", null)) {
            while (rs.next()) {
                Table table = table(rs);
                if (includeSystem || !isSystem(table)) {
                    tables.add(table);
                }
            }
        }
        tables.sort(Comparator.comparing((Table t) -> Objects.toString(t.schema(), ""))
                .thenComparing(Table::name));
        return tables;
    }

    private static boolean isSystem(Table table) {
        String type = Objects.toString(table.type(), "").toUpperCase(Locale.ROOT);
        String schema = Objects.toString(table.schema(), "").toUpperCase(Locale.ROOT);
        return type.contains("SYSTEM") || schema.equals("INFORMATION_SCHEMA")
                || schema.equals("PG_CATALOG");
    }

    /**
     * Resolves a user-typed {@code [schema.]table} name to exactly one table.
     *
     * @throws CommandException when no table or more than one matches
     */
    Table resolve(String typedName) throws SQLException, CommandException {
        List<String> parts = splitQualified(typedName);
        List<String> schemas = parts.size() == 2 ? spellings(parts.get(0)) : null;
        List<String> names = spellings(parts.get(parts.size() - 1));
        for (String name : names) {
            List<Table> matches = new ArrayList<>();
            for (String schema : schemas == null ? Collections.<String>singletonList(null)
                    : schemas) {
                matches.addAll(find(schema, name));
                if (!matches.isEmpty()) {
                    break;
                }
            }
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                return preferCurrentSchema(typedName, matches);
            }
        }
        throw new CommandException("table not found: " + typedName);
    }

    private Table preferCurrentSchema(String typedName, List<Table> matches)
            throws CommandException {
        String current = null;
        try {
            current = connection.getSchema();
        } catch (SQLException | RuntimeException ignored) {
            // Incomplete drivers may not know their current schema; then stay ambiguous.
        }
        for (Table table : matches) {
            if (current != null && current.equals(table.schema())) {
                return table;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Table table : matches) {
            names.append(names.length() == 0 ? "" : ", ").append(table.qualifiedName());
        }
        throw new CommandException("table name " + typedName + " is ambiguous; qualify it: "
                + names);
    }

    /**
     * Exact-name lookup; LIKE wildcards in names are escaped and results re-checked. A driver
     * that names an escape but does not honour it (as a Flight SQL server may not) finds
     * nothing for a name with {@code _}; the unescaped pattern is tried then, the re-check
     * keeping the answer exact.
     */
    private List<Table> find(String schema, String name) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String escape = searchEscape(md);
        List<Table> found = find(md, likeLiteral(schema, escape), likeLiteral(name, escape),
                schema, name);
        if (found.isEmpty() && escape != null && !escape.isEmpty()
                && (!Objects.equals(likeLiteral(schema, escape), schema)
                        || !likeLiteral(name, escape).equals(name))) {
            found = find(md, schema, name, schema, name);
        }
        return found;
    }

    private static List<Table> find(DatabaseMetaData md, String schemaPattern, String namePattern,
                                    String schema, String name) throws SQLException {
        List<Table> found = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, schemaPattern, namePattern, null)) {
            while (rs.next()) {
                Table table = table(rs);
                // Re-check: a driver without an escape string treats '_' as a wildcard.
                if (name.equals(table.name()) && (schema == null || schema.equals(table.schema()))) {
                    found.add(table);
                }
            }
        }
        return found;
    }

    /** Returns the columns of {@code table} in ordinal order. */
    List<TableColumn> columns(Table table) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String escape = searchEscape(md);
        List<TableColumn> columns = columns(md, table, likeLiteral(table.schema(), escape),
                likeLiteral(table.name(), escape));
        if (columns.isEmpty() && !likeLiteral(table.name(), escape).equals(table.name())) {
            // As in find: a driver that does not honour its own escape.
            columns = columns(md, table, table.schema(), table.name());
        }
        return columns;
    }

    private static List<TableColumn> columns(DatabaseMetaData md, Table table,
                                             String schemaPattern, String namePattern)
            throws SQLException {
        List<TableColumn> columns = new ArrayList<>();
        try (ResultSet rs = md.getColumns(table.catalog(), schemaPattern, namePattern, "%")) {
            while (rs.next()) {
                if (!table.name().equals(rs.getString("TABLE_NAME"))
                        || !Objects.equals(table.schema(), rs.getString("TABLE_SCHEM"))) {
                    continue;
                }
                int size = rs.getInt("COLUMN_SIZE");
                Integer sizeOrNull = rs.wasNull() ? null : size;
                columns.add(new TableColumn(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME"),
                        sizeOrNull, nullability(rs.getInt("NULLABLE")), defaultValue(rs),
                        remarks(rs)));
            }
        }
        return columns;
    }

    /**
     * The default of the current {@code getColumns} row: its expression, else "identity" for
     * an auto-increment column. Either may be missing from an older driver's rows.
     */
    private static String defaultValue(ResultSet rs) {
        try {
            String expression = rs.getString("COLUMN_DEF");
            if (expression != null) {
                return expression;
            }
            return "YES".equals(rs.getString("IS_AUTOINCREMENT")) ? "identity" : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static String nullability(int nullable) {
        return switch (nullable) {
            case DatabaseMetaData.columnNoNulls -> "NO";
            case DatabaseMetaData.columnNullable -> "YES";
            default -> "?";
        };
    }

    /**
     * Returns the names of the primary key columns of {@code table}, empty when it has none
     * or the driver cannot tell: the marker is a convenience and must not break {@code \d}.
     */
    Set<String> primaryKey(Table table) {
        Set<String> names = new LinkedHashSet<>();
        try (ResultSet rs = connection.getMetaData().getPrimaryKeys(table.catalog(),
                table.schema(), table.name())) {
            while (rs.next()) {
                names.add(rs.getString("COLUMN_NAME"));
            }
        } catch (SQLException | RuntimeException e) {
            return Set.of();
        }
        return names;
    }

    private static String searchEscape(DatabaseMetaData md) {
        try {
            return md.getSearchStringEscape();
        } catch (SQLException e) {
            return null;
        }
    }

    private static String likeLiteral(String value, String escape) {
        if (value == null || escape == null || escape.isEmpty()) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '%' || ch == '_' || escape.indexOf(ch) >= 0) {
                sb.append(escape);
            }
            sb.append(ch);
        }
        return sb.toString();
    }

    private static Table table(ResultSet rs) throws SQLException {
        return new Table(rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"),
                rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE"), remarks(rs));
    }

    /** The REMARKS of a metadata row, null for none: H2 and others answer "" there. */
    private static String remarks(ResultSet rs) throws SQLException {
        String remarks = rs.getString("REMARKS");
        return remarks == null || remarks.isEmpty() ? null : remarks;
    }

    /**
     * Splits {@code schema.table} at dots outside double quotes; quoted parts keep their
     * quotes so {@link #spellings} can tell them apart.
     */
    static List<String> splitQualified(String typed) throws CommandException {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < typed.length(); i++) {
            char ch = typed.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            }
            if (ch == '.' && !quoted) {
                parts.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        parts.add(current.toString().strip());
        if (quoted || parts.size() > 2 || parts.stream().anyMatch(String::isEmpty)) {
            throw new CommandException("invalid table name: " + typed
                    + " (expected TABLE or SCHEMA.TABLE)");
        }
        return parts;
    }

    /** The spellings to try for one name part: exact if quoted, else as typed, upper, lower. */
    static List<String> spellings(String part) {
        if (part.length() >= 2 && part.startsWith("\"") && part.endsWith("\"")) {
            return List.of(part.substring(1, part.length() - 1).replace("\"\"", "\""));
        }
        Set<String> spellings = new LinkedHashSet<>();
        spellings.add(part);
        spellings.add(part.toUpperCase(Locale.ROOT));
        spellings.add(part.toLowerCase(Locale.ROOT));
        return List.copyOf(spellings);
    }
}
