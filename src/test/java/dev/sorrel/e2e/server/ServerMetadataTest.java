package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.UInt4Vector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Through Arrow's Flight SQL JDBC driver, {@link DatabaseMetaData} answers
 * what Sorrel's embedded driver answers: schemas, tables and their types,
 * columns, primary keys, type info, product and identifier conventions; the
 * foreign-key calls answer empty, not with an error; and GetSqlInfo answers
 * every piece of information Flight SQL defines.
 */
class ServerMetadataTest {
  private ServerFixture fixture;

  @BeforeEach void start() throws SQLException {
    fixture = new ServerFixture();
    fixture.exec("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL,"
            + " balance DECIMAL(12, 2), opened DATE)",
        "COMMENT ON TABLE accounts IS 'customer accounts'",
        "CREATE TABLE pairs (a INT, b INT, note VARCHAR, PRIMARY KEY (a, b))",
        "CREATE VIEW rich AS SELECT id, owner FROM accounts WHERE balance > 1000",
        "CREATE ENTITY driver (driver_id BIGINT)",
        "CREATE FEATURE VIEW stats ENTITY driver (conv_rate DOUBLE)");
  }

  @AfterEach void stop() {
    fixture.close();
  }

  @Test void tablesSchemasAndTypesAreTheEmbeddedOnes() throws SQLException {
    try (Connection e = fixture.embedded(); Connection r = fixture.remote()) {
      final DatabaseMetaData em = e.getMetaData();
      final DatabaseMetaData rm = r.getMetaData();
      assertEquals(rows(em.getTables(null, null, "%", null), "TABLE_SCHEM", "TABLE_NAME",
          "TABLE_TYPE"), rows(rm.getTables(null, null, "%", null), "TABLE_SCHEM", "TABLE_NAME",
          "TABLE_TYPE"));
      assertEquals(rows(em.getTables(null, "PUBLIC", "ACC%", new String[] {"TABLE"}),
          "TABLE_NAME"), rows(rm.getTables(null, "PUBLIC", "ACC%", new String[] {"TABLE"}),
          "TABLE_NAME"));
      assertEquals(rows(em.getTableTypes(), "TABLE_TYPE"), rows(rm.getTableTypes(),
          "TABLE_TYPE"));
      assertEquals(rows(em.getSchemas(), "TABLE_SCHEM"), rows(rm.getSchemas(), "TABLE_SCHEM"));
      assertEquals(rows(em.getCatalogs(), "TABLE_CAT"), rows(rm.getCatalogs(), "TABLE_CAT"));
    }
  }

  /**
   * A feature view created through a remote connection is listed by that connection's
   * getTables, by an exact (escaped) name too, through both drivers, as embedded; and a
   * connection to a writable server is not read-only.
   */
  @Test void featureViewsCreatedRemotelyAreListedAndConnectionsAreWritable()
      throws SQLException {
    for (boolean sorrelDriver : new boolean[] {true, false}) {
      try (Connection r = sorrelDriver ? fixture.sorrel() : fixture.remote();
          Connection e = fixture.embedded(); Statement s = r.createStatement()) {
        s.execute("CREATE FEATURE VIEW IF NOT EXISTS driver_hourly ENTITY driver"
            + " (trips BIGINT)");
        final DatabaseMetaData rm = r.getMetaData();
        final DatabaseMetaData em = e.getMetaData();
        final String name = "DRIVER" + rm.getSearchStringEscape() + "_HOURLY";
        assertEquals(List.of(List.of("ONLINE", "DRIVER_HOURLY", "FEATURE VIEW"),
            List.of("PUBLIC", "DRIVER_HOURLY", "FEATURE VIEW")),
            rows(rm.getTables(null, null, name, null), "TABLE_SCHEM", "TABLE_NAME",
                "TABLE_TYPE"));
        assertEquals(rows(em.getTables(null, null, "%", null), "TABLE_SCHEM", "TABLE_NAME",
            "TABLE_TYPE"), rows(rm.getTables(null, null, "%", null), "TABLE_SCHEM",
            "TABLE_NAME", "TABLE_TYPE"));
        // Arrow's own Connection.isReadOnly answers from its local properties (true);
        // its DatabaseMetaData, like Sorrel's driver, asks the server.
        if (sorrelDriver) {
          assertFalse(r.isReadOnly());
        }
        assertFalse(rm.isReadOnly());
      }
    }
  }

  @Test void columnsAndPrimaryKeysAreTheEmbeddedOnes() throws SQLException {
    try (Connection e = fixture.embedded(); Connection r = fixture.remote()) {
      final DatabaseMetaData em = e.getMetaData();
      final DatabaseMetaData rm = r.getMetaData();
      for (String table : List.of("ACCOUNTS", "PAIRS", "RICH")) {
        assertEquals(columns(em, table), columns(rm, table), table);
        assertEquals(rows(em.getPrimaryKeys(null, "PUBLIC", table), "TABLE_NAME", "COLUMN_NAME",
            "KEY_SEQ", "PK_NAME"), rows(rm.getPrimaryKeys(null, "PUBLIC", table), "TABLE_NAME",
            "COLUMN_NAME", "KEY_SEQ", "PK_NAME"), table);
      }
      assertFalse(rows(rm.getPrimaryKeys(null, "PUBLIC", "PAIRS"), "COLUMN_NAME").isEmpty());
      assertEquals(List.of(), rows(rm.getImportedKeys(null, "PUBLIC", "ACCOUNTS"),
          "PKTABLE_NAME"));
      assertEquals(List.of(), rows(rm.getExportedKeys(null, "PUBLIC", "ACCOUNTS"),
          "FKTABLE_NAME"));
      assertEquals(List.of(), rows(rm.getCrossReference(null, "PUBLIC", "ACCOUNTS", null,
          "PUBLIC", "PAIRS"), "FKTABLE_NAME"));
    }
  }

  @Test void typeInfoAndServerPropertiesAreTheEmbeddedOnes() throws SQLException {
    try (Connection e = fixture.embedded(); Connection r = fixture.remote()) {
      final DatabaseMetaData em = e.getMetaData();
      final DatabaseMetaData rm = r.getMetaData();
      assertEquals(em.getDatabaseProductName(), rm.getDatabaseProductName());
      assertEquals(em.getDatabaseProductVersion(), rm.getDatabaseProductVersion());
      assertEquals(em.getIdentifierQuoteString(), rm.getIdentifierQuoteString());
      assertEquals(em.getSearchStringEscape(), rm.getSearchStringEscape());
      assertEquals(em.getSchemaTerm(), rm.getSchemaTerm());
      assertEquals(em.storesUpperCaseIdentifiers(), rm.storesUpperCaseIdentifiers());
      assertEquals(em.storesMixedCaseQuotedIdentifiers(), rm.storesMixedCaseQuotedIdentifiers());
      assertEquals(em.supportsTransactions(), rm.supportsTransactions());
      assertEquals(em.supportsSavepoints(), rm.supportsSavepoints());
      assertEquals(em.getDefaultTransactionIsolation(), rm.getDefaultTransactionIsolation());
      assertEquals(em.supportsFullOuterJoins(), rm.supportsFullOuterJoins());
      assertEquals(em.supportsUnionAll(), rm.supportsUnionAll());
      // Arrow's driver joins the lists with ", ", Sorrel's with ",".
      assertEquals(words(em.getSQLKeywords()), words(rm.getSQLKeywords()));
      assertEquals(words(em.getNumericFunctions()), words(rm.getNumericFunctions()));
      assertEquals(words(em.getStringFunctions()), words(rm.getStringFunctions()));
      assertEquals(em.supportsConvert(Types.INTEGER, Types.VARCHAR),
          rm.supportsConvert(Types.INTEGER, Types.VARCHAR));
      assertEquals(em.nullsAreSortedHigh(), rm.nullsAreSortedHigh());
    }
  }

  @Test void getSqlInfoAnswersEveryInfoFlightSqlDefines() throws Exception {
    final Set<Integer> expected = new HashSet<>();
    for (SqlInfo info : SqlInfo.values()) {
      if (info != SqlInfo.UNRECOGNIZED
          && !info.name().startsWith("SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET")) {
        expected.add(info.getNumber());
      }
    }
    try (BufferAllocator allocator = new RootAllocator();
        FlightSqlClient client = new FlightSqlClient(FlightClient.builder(allocator,
            Location.forGrpcInsecure("127.0.0.1", fixture.server.port())).build())) {
      final FlightInfo info = client.getSqlInfo();
      final Set<Integer> answered = new HashSet<>();
      try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
        while (stream.next()) {
          final UInt4Vector names = (UInt4Vector) stream.getRoot().getVector("info_name");
          for (int i = 0; i < stream.getRoot().getRowCount(); i++) {
            answered.add(names.get(i));
          }
        }
      }
      assertEquals(expected, answered);
      // GetXdbcTypeInfo (Arrow's JDBC driver 18.3 does not ask for it: its getTypeInfo is
      // empty) lists the types the embedded getTypeInfo lists.
      final List<List<String>> types = new ArrayList<>();
      final FlightInfo typeInfo = client.getXdbcTypeInfo();
      try (FlightStream stream = client.getStream(typeInfo.getEndpoints().get(0).getTicket())) {
        while (stream.next()) {
          final var root = stream.getRoot();
          for (int i = 0; i < root.getRowCount(); i++) {
            types.add(List.of(root.getVector("type_name").getObject(i).toString(),
                root.getVector("data_type").getObject(i).toString(),
                String.valueOf(root.getVector("column_size").getObject(i)),
                root.getVector("nullable").getObject(i).toString()));
          }
        }
      }
      try (Connection e = fixture.embedded()) {
        assertEquals(rows(e.getMetaData().getTypeInfo(), "TYPE_NAME", "DATA_TYPE", "PRECISION",
            "NULLABLE"), types);
      }
      // An info this server does not know is left out, not an error.
      final FlightInfo unknown = client.getSqlInfo(new int[] {
          SqlInfo.FLIGHT_SQL_SERVER_NAME_VALUE, 99_999});
      try (FlightStream stream = client.getStream(unknown.getEndpoints().get(0).getTicket())) {
        assertTrue(stream.next());
        assertEquals(1, stream.getRoot().getRowCount());
      }
    }
  }

  private static List<String> words(String commaSeparated) {
    return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).toList();
  }

  /** Each column of a table as getColumns describes it. */
  private static List<List<String>> columns(DatabaseMetaData md, String table)
      throws SQLException {
    final List<List<String>> out = new ArrayList<>();
    try (ResultSet rs = md.getColumns(null, "PUBLIC", table, "%")) {
      while (rs.next()) {
        final int type = rs.getInt("DATA_TYPE");
        out.add(List.of(rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME"),
            String.valueOf(type == Types.FLOAT ? Types.REAL : type), rs.getString("TYPE_NAME"),
            String.valueOf(rs.getInt("NULLABLE")), String.valueOf(rs.getInt("ORDINAL_POSITION")),
            String.valueOf(rs.getString("REMARKS"))));
      }
    }
    return out;
  }

  private static List<List<String>> rows(ResultSet rs, String... columns) throws SQLException {
    try (rs) {
      final List<List<String>> out = new ArrayList<>();
      while (rs.next()) {
        final List<String> row = new ArrayList<>();
        for (String column : columns) {
          row.add(rs.getString(column));
        }
        out.add(row);
      }
      return out;
    }
  }
}
