package dev.sorrel.shell;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * What completion knows of the database: tables, views, feature views and schemas, the
 * columns of the tables a statement names, functions with their signatures, and Sorrel's
 * models, experiments, monitors and entities. Everything comes from JDBC metadata and
 * Sorrel's system tables, so it works the same embedded and against a server.
 *
 * <p>What a completion reads is kept, so that Tab stays instant on a database with thousands
 * of tables: each part (the table list, functions, models, ...) is read the first time a
 * completion needs it, the table list in one metadata call, and the columns of a table the
 * first time a statement names it. The shell drops the snapshot after
 * each statement that changes definitions ({@link #invalidate}), and it also expires after
 * {@link #MAX_AGE_NANOS}, for changes made by other sessions. A metadata call that fails
 * (a driver without Sorrel's system tables, say) leaves its part empty: completion is a
 * convenience and never disturbs typing.
 */
final class SchemaCache {

    /** How long a snapshot is trusted when the shell itself changed nothing. */
    static final long MAX_AGE_NANOS = 60_000_000_000L;

    /** A table, view or feature view. */
    record Relation(String schema, String name, String type) {
    }

    /** A function with its signature and what it does, when the driver says. */
    record Function(String name, String description) {
    }

    /** A name to offer, such as a model reference, with a description of it. */
    record Named(String name, String description) {
    }

    private final Connection connection;
    private final LongSupplier clock;
    private Snapshot snapshot;

    SchemaCache(Connection connection) {
        this(connection, System::nanoTime);
    }

    /** For tests: {@code clock} tells the time in nanoseconds. */
    SchemaCache(Connection connection, LongSupplier clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /** Forgets everything; the next completion reads the metadata again. */
    synchronized void invalidate() {
        snapshot = null;
    }

    /** Tables, views and feature views of every schema, system tables included. */
    synchronized List<Relation> relations() {
        Snapshot s = current();
        if (s.relations == null) {
            readRelations(s);
        }
        return s.relations;
    }

    /** The schema names. */
    synchronized List<String> schemas() {
        Snapshot s = current();
        if (s.schemas == null) {
            readRelations(s);
        }
        return s.schemas;
    }

    /** The functions the driver lists, Sorrel's with their signatures. */
    synchronized List<Function> functions() {
        Snapshot s = current();
        if (s.functions == null) {
            s.functions = new ArrayList<>();
            try {
                readFunctions(connection.getMetaData(), s);
            } catch (SQLException | RuntimeException e) {
                // no functions to offer
            }
        }
        return s.functions;
    }

    /** Model references as PREDICT takes them: name, name@alias, name:version. */
    synchronized List<Named> modelReferences() {
        Snapshot s = current();
        if (s.models == null) {
            s.models = readModels();
        }
        return s.models;
    }

    /** Experiment names with their status. */
    synchronized List<Named> experiments() {
        Snapshot s = current();
        if (s.experiments == null) {
            s.experiments = named("SELECT EXPERIMENT_NAME, STATUS, VARIANTS FROM SYS.EXPERIMENTS"
                    + " ORDER BY EXPERIMENT_NAME", rs -> rs.getString(2) + ": " + rs.getString(3));
        }
        return s.experiments;
    }

    /** Monitor names with their table. */
    synchronized List<Named> monitors() {
        Snapshot s = current();
        if (s.monitors == null) {
            s.monitors = named("SELECT MONITOR_NAME, KIND, TABLE_NAME FROM SYS.MONITORS"
                    + " ORDER BY MONITOR_NAME",
                    rs -> rs.getString(2) + " monitor on " + rs.getString(3));
        }
        return s.monitors;
    }

    /** Entity names with their keys. */
    synchronized List<Named> entities() {
        Snapshot s = current();
        if (s.entities == null) {
            s.entities = named("SELECT ENTITY_NAME, KEY_COLUMNS FROM SYS.ENTITIES"
                    + " ORDER BY ENTITY_NAME", rs -> "key " + rs.getString(2));
        }
        return s.entities;
    }

    /** The columns of {@code relation} with their types, read once per snapshot. */
    synchronized List<Named> columns(Relation relation) {
        Snapshot s = current();
        return s.columns.computeIfAbsent(relation, this::readColumns);
    }

    /** How many snapshots were started; for tests of the caching. */
    synchronized int loads() {
        return loads;
    }

    private int loads;

    /**
     * The current snapshot. Its parts are read when first asked for, so that a Tab after
     * FROM reads only the table list, and one inside PREDICT(' only the models.
     */
    private Snapshot current() {
        long now = clock.getAsLong();
        if (snapshot == null || now - snapshot.readAt > MAX_AGE_NANOS) {
            snapshot = new Snapshot(now);
            loads++;
        }
        return snapshot;
    }

    private void readRelations(Snapshot s) {
        s.relations = new ArrayList<>();
        s.schemas = new ArrayList<>();
        DatabaseMetaData md;
        try {
            md = connection.getMetaData();
        } catch (SQLException | RuntimeException e) {
            return;
        }
        Set<String> schemas = new LinkedHashSet<>();
        try (ResultSet rs = md.getTables(null, null, "%", null)) {
            while (rs.next()) {
                Relation r = new Relation(rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"),
                        rs.getString("TABLE_TYPE"));
                s.relations.add(r);
                if (r.schema() != null) {
                    schemas.add(r.schema());
                }
            }
        } catch (SQLException | RuntimeException e) {
            // leave it empty
        }
        try (ResultSet rs = md.getSchemas()) {
            while (rs.next()) {
                schemas.add(rs.getString("TABLE_SCHEM"));
            }
        } catch (SQLException | RuntimeException e) {
            // the schemas of the tables will do
        }
        s.schemas.addAll(schemas);
    }

    private static void readFunctions(DatabaseMetaData md, Snapshot s) {
        Map<String, Function> functions = new TreeMap<>();
        try (ResultSet rs = md.getFunctions(null, null, "%")) {
            while (rs.next()) {
                String name = rs.getString("FUNCTION_NAME");
                functions.put(name, new Function(name, rs.getString("REMARKS")));
            }
        } catch (SQLException | RuntimeException e) {
            // the built-in lists below still help
        }
        for (String list : builtinFunctionLists(md)) {
            for (String name : list.split(",")) {
                String n = name.strip().toUpperCase(Locale.ROOT);
                if (!n.isEmpty()) {
                    functions.putIfAbsent(n, new Function(n, null));
                }
            }
        }
        s.functions.addAll(functions.values());
    }

    private static List<String> builtinFunctionLists(DatabaseMetaData md) {
        List<String> lists = new ArrayList<>();
        try {
            lists.add(md.getNumericFunctions());
            lists.add(md.getStringFunctions());
            lists.add(md.getTimeDateFunctions());
            lists.add(md.getSystemFunctions());
        } catch (SQLException | RuntimeException e) {
            // what was read so far will do
        }
        lists.removeIf(Objects::isNull);
        return lists;
    }

    private List<Named> readModels() {
        Map<String, Named> references = new TreeMap<>();
        query("SELECT MODEL_NAME, VERSION, ALIASES, INPUTS FROM SYS.MODEL_VERSIONS"
                + " ORDER BY MODEL_NAME, VERSION", rs -> {
                    String name = rs.getString(1);
                    long version = rs.getLong(2);
                    String aliases = rs.getString(3);
                    String inputs = rs.getString(4);
                    String signature = inputs == null ? "" : ": " + inputs;
                    // The plain name means the production alias, else the latest version.
                    references.put(name, new Named(name, "model" + signature));
                    references.put(name + ":" + version,
                            new Named(name + ":" + version, "version " + version + signature));
                    if (aliases != null) {
                        for (String alias : aliases.split("[,\\s]+")) {
                            if (!alias.isEmpty()) {
                                references.put(name + "@" + alias, new Named(name + "@" + alias,
                                        "alias of version " + version + signature));
                            }
                        }
                    }
                });
        return new ArrayList<>(references.values());
    }

    @FunctionalInterface
    private interface Describer {
        String describe(ResultSet rs) throws SQLException;
    }

    /** Names in the first column of a system-table query, described by {@code describer}. */
    private List<Named> named(String sql, Describer describer) {
        List<Named> names = new ArrayList<>();
        query(sql, rs -> names.add(new Named(rs.getString(1), describer.describe(rs))));
        return names;
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Runs a system-table query; nothing is read if the database has no such table. */
    private void query(String sql, RowReader reader) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                reader.read(rs);
            }
        } catch (SQLException | RuntimeException e) {
            // not a Sorrel database, or an older one: nothing to offer
        }
    }

    private List<Named> readColumns(Relation relation) {
        List<Named> columns = new ArrayList<>();
        TableCatalog.Table table = new TableCatalog.Table(null, relation.schema(),
                relation.name(), relation.type(), null);
        try {
            for (TableCatalog.TableColumn c : new TableCatalog(connection).columns(table)) {
                columns.add(new Named(c.name(), c.typeName()));
            }
        } catch (SQLException | RuntimeException e) {
            // no columns to offer
        }
        return columns;
    }

    private static final class Snapshot {
        final long readAt;
        // Each part null until first asked for.
        List<Relation> relations;
        List<String> schemas;
        List<Function> functions;
        List<Named> models;
        List<Named> experiments;
        List<Named> monitors;
        List<Named> entities;
        final Map<Relation, List<Named>> columns = new HashMap<>();

        Snapshot(long readAt) {
            this.readAt = readAt;
        }
    }
}
