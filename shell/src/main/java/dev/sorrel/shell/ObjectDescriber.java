package dev.sorrel.shell;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Lists and describes Sorrel's own objects for the meta commands: feature views, models,
 * experiments, monitors and entities, read from the system tables (so it works the same on
 * a server), and functions from the driver's metadata.
 */
final class ObjectDescriber {

    /** A Sorrel object found by name: its kind and its name as stored. */
    record Found(String kind, String name) {
    }

    /** The ".000" a time stamp's text ends with when it has no fraction of a second. */
    private static final Pattern ZERO_FRACTION =
            Pattern.compile("(?<=\\d\\d:\\d\\d:\\d\\d)\\.0+$");

    private final Connection connection;
    private final StatementExecutor executor;

    ObjectDescriber(Connection connection, StatementExecutor executor) {
        this.connection = connection;
        this.executor = executor;
    }

    /** Lists the models: name, versions, aliases, comment. */
    void listModels() throws SQLException {
        print("SELECT MODEL_NAME, LATEST_VERSION, VERSION_COUNT, ALIASES, COMMENT"
                + " FROM SYS.MODELS ORDER BY MODEL_NAME");
    }

    /** Lists the experiments: name, status, variants, winner, comment. */
    void listExperiments() throws SQLException {
        print("SELECT EXPERIMENT_NAME, STATUS, VARIANTS, WINNER, COMMENT"
                + " FROM SYS.EXPERIMENTS ORDER BY EXPERIMENT_NAME");
    }

    /** Lists the monitors: name, kind, table, columns, comment. */
    void listMonitors() throws SQLException {
        print("SELECT MONITOR_NAME, KIND, TABLE_NAME, COLUMNS, COMMENT"
                + " FROM SYS.MONITORS ORDER BY MONITOR_NAME");
    }

    /** Lists the entities: name, key, comment. */
    void listEntities() throws SQLException {
        print("SELECT ENTITY_NAME, KEY_COLUMNS, COMMENT FROM SYS.ENTITIES ORDER BY ENTITY_NAME");
    }

    /** Lists the feature views: name, entity, features, TTL, rows, segment state. */
    void listFeatureViews() throws SQLException {
        print("SELECT VIEW_NAME, ENTITY_NAME, FEATURES, TTL_SECONDS, ROW_COUNT, ENTITY_COUNT,"
                + " CASE WHEN SEGMENT_VERSION IS NULL THEN 'none'"
                + " WHEN SEGMENT_VERSION = DATA_VERSION THEN 'current' ELSE 'behind' END"
                + " AS SEGMENT, COMMENT FROM SYS.FEATURE_VIEWS ORDER BY VIEW_NAME");
    }

    /** Lists the functions whose name contains {@code pattern} (all if empty), with remarks. */
    void listFunctions(String pattern) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        List<List<?>> rows = new ArrayList<>();
        try (ResultSet rs = md.getFunctions(null, null, "%")) {
            while (rs.next()) {
                String name = rs.getString("FUNCTION_NAME");
                if (name.toUpperCase(Locale.ROOT).contains(pattern.toUpperCase(Locale.ROOT))) {
                    rows.add(Arrays.asList(name, rs.getString("REMARKS")));
                }
            }
        }
        executor.printRows(new ListRowSource(List.of(Column.text("Name"),
                Column.text("Description")), rows));
    }

    /**
     * Finds a feature view, model, experiment, monitor or entity by name: as typed if
     * quoted, else ignoring case, as Sorrel resolves references to them. Null if none has
     * the name.
     */
    Found find(String typed) {
        String[][] kinds = {
            // Feature views are tables too, but a driver's getTables may not list them.
            {"feature view", "SELECT VIEW_NAME FROM SYS.FEATURE_VIEWS"},
            {"model", "SELECT MODEL_NAME FROM SYS.MODELS"},
            {"experiment", "SELECT EXPERIMENT_NAME FROM SYS.EXPERIMENTS"},
            {"monitor", "SELECT MONITOR_NAME FROM SYS.MONITORS"},
            {"entity", "SELECT ENTITY_NAME FROM SYS.ENTITIES"},
        };
        for (String[] kind : kinds) {
            try (PreparedStatement ps = connection.prepareStatement(kind[1]);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (SqlCompleter.sameName(name, typed)) {
                        return new Found(kind[0], name);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                // not a Sorrel database: there are no such objects
            }
        }
        return null;
    }

    /** Describes what {@link #find} found. */
    void describe(Found found) throws SQLException {
        switch (found.kind()) {
            case "feature view" -> {
                executor.heading(featureViewHeading(found.name()));
                print("SELECT FEATURE_NAME, DATA_TYPE, COMMENT FROM SYS.FEATURES"
                        + " WHERE VIEW_NAME = ? ORDER BY ORDINAL_POSITION", found.name());
            }
            case "model" -> describeModel(found.name());
            case "experiment" -> describeExperiment(found.name());
            case "monitor" -> describeMonitor(found.name());
            case "entity" -> describeEntity(found.name());
            default -> throw new AssertionError(found.kind());
        }
    }

    private void describeModel(String name) throws SQLException {
        List<String> model = row("SELECT LATEST_VERSION, VERSION_COUNT, ALIASES, COMMENT"
                + " FROM SYS.MODELS WHERE MODEL_NAME = ?", name);
        executor.heading("Model \"" + name + "\"" + remark(model.get(3)) + ": latest version "
                + model.get(0) + " of " + model.get(1)
                + (model.get(2) == null || model.get(2).equals("{}") ? ""
                        : ", aliases " + model.get(2).replaceAll("^\\{|\\}$", "")));
        print("SELECT VERSION, ALIASES, INPUTS, OUTPUTS, SIZE_BYTES, CREATED"
                + " FROM SYS.MODEL_VERSIONS WHERE MODEL_NAME = ? ORDER BY VERSION", name);
    }

    private void describeExperiment(String name) throws SQLException {
        List<String> e = row("SELECT STATUS, WINNER, COMMENT, STARTED, STOPPED"
                + " FROM SYS.EXPERIMENTS WHERE EXPERIMENT_NAME = ?", name);
        executor.heading("Experiment \"" + name + "\"" + remark(e.get(2)) + ": " + e.get(0)
                + (e.get(3) == null ? "" : ", started " + e.get(3))
                + (e.get(4) == null ? "" : ", stopped " + e.get(4))
                + (e.get(1) == null ? "" : ", winner " + e.get(1)));
        print("SELECT VARIANT_NAME, IS_CONTROL, MODEL, MODEL_VERSION, WEIGHT, SHARE"
                + " FROM SYS.EXPERIMENT_VARIANTS WHERE EXPERIMENT_NAME = ?"
                + " ORDER BY ORDINAL_POSITION", name);
    }

    private void describeMonitor(String name) throws SQLException {
        List<String> m = row("SELECT KIND, TABLE_NAME, REFERENCE_ROWS, COMMENT, REFRESHED"
                + " FROM SYS.MONITORS WHERE MONITOR_NAME = ?", name);
        executor.heading("Monitor \"" + name + "\"" + remark(m.get(3)) + ": " + m.get(0)
                + " on " + m.get(1) + ", " + m.get(2) + " reference rows"
                + (m.get(4) == null ? "" : ", refreshed " + m.get(4)));
        print("SELECT COLUMN_NAME, EXPRESSION, DATA_TYPE, METHOD, THRESHOLD, N_REFERENCE"
                + " FROM SYS.MONITOR_COLUMNS WHERE MONITOR_NAME = ? ORDER BY ORDINAL_POSITION",
                name);
    }

    private void describeEntity(String name) throws SQLException {
        List<String> e = row("SELECT KEY_COLUMNS, COMMENT FROM SYS.ENTITIES"
                + " WHERE ENTITY_NAME = ?", name);
        executor.heading("Entity \"" + name + "\"" + remark(e.get(1)) + ": key " + e.get(0));
        print("SELECT VIEW_NAME, FEATURES, TTL_SECONDS FROM SYS.FEATURE_VIEWS"
                + " WHERE ENTITY_NAME = ? ORDER BY VIEW_NAME", name);
    }

    /**
     * The heading of a feature view's {@code \d}: its entity, TTL, size and the state of its
     * history segment; null when {@code name} is no feature view.
     */
    String featureViewHeading(String name) throws SQLException {
        List<String> v;
        try {
            v = row("SELECT ENTITY_NAME, KEY_COLUMNS, TTL_SECONDS, ROW_COUNT, ENTITY_COUNT,"
                    + " NEWEST_EVENT, DATA_VERSION, SEGMENT_VERSION, SEGMENT_BYTES, COMMENT"
                    + " FROM SYS.FEATURE_VIEWS WHERE VIEW_NAME = ?", name);
        } catch (SQLException e) {
            return null;
        }
        String segment;
        if (v.get(7) == null) {
            segment = "no history segment";
        } else if (v.get(7).equals(v.get(6))) {
            segment = "history segment current (" + v.get(8) + " bytes)";
        } else {
            segment = "history segment behind: version " + v.get(7) + " of data version "
                    + v.get(6) + " (" + v.get(8) + " bytes)";
        }
        return "Feature view \"" + name + "\"" + remark(v.get(9)) + ": entity " + v.get(0)
                + " (" + v.get(1) + "), TTL " + (v.get(2) == null ? "none" : v.get(2) + " s")
                + ", " + v.get(3) + " rows of " + v.get(4) + " entities"
                + (v.get(5) == null ? "" : ", newest event " + v.get(5)) + ", " + segment;
    }

    private static String remark(String comment) {
        return comment == null ? "" : " (" + comment + ")";
    }

    /** The one row of a query; an SQLException if there is none. */
    private List<String> row(String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no longer exists: " + parameter, "42704");
                }
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    // As the driver spells them, without a time stamp's empty fraction.
                String value = rs.getString(i);
                values.add(value == null ? null : ZERO_FRACTION.matcher(value).replaceFirst(""));
                }
                return values;
            }
        }
    }

    private void print(String sql, String... parameters) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                executor.printRows(new ResultSetRowSource(rs, () -> false));
            }
        }
    }
}
