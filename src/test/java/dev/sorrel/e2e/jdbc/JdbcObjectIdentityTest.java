package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.Test;

/**
 * Connections, statements, result sets and metadata are objects a program
 * (or a pool, or SchemaCrawler) can compare, hash and navigate: each equals
 * itself, and the objects it made lead back to the ones the program holds.
 */
class JdbcObjectIdentityTest {
  @Test void everyObjectEqualsItselfAndHashesConsistently() throws SQLException {
    try (Connection c = memory(); Connection other = memory()) {
      exec(c, "CREATE TABLE T (ID INT PRIMARY KEY)");
      final Statement s = c.createStatement();
      final PreparedStatement ps = c.prepareStatement("SELECT ID FROM T");
      final ResultSet rs = s.executeQuery("SELECT ID FROM T");
      final DatabaseMetaData meta = c.getMetaData();
      for (Object o : new Object[] {c, s, ps, rs, meta, rs.getMetaData()}) {
        assertTrue(o.equals(o), o.toString());
        assertEquals(o.hashCode(), o.hashCode(), o.toString());
        assertFalse(o.equals(null));
      }
      assertNotEquals(c, other);
      assertNotEquals(s, c.createStatement());
      final Set<Object> set = new HashSet<>(Set.of(c, s, ps, rs, meta));
      assertTrue(set.contains(c) && set.contains(s) && set.contains(rs) && set.contains(meta));
      assertTrue(c.toString().contains("Connection"), c.toString());
    }
  }

  @Test void madeObjectsLeadBackToTheOnesTheProgramHolds() throws SQLException {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE T (ID INT PRIMARY KEY)", "INSERT INTO T VALUES (1)");
      final Statement s = c.createStatement();
      final ResultSet rs = s.executeQuery("SELECT ID FROM T");
      assertSame(s, rs.getStatement());
      assertSame(rs, s.getResultSet());
      assertSame(c, s.getConnection());
      assertSame(rs.getMetaData(), rs.getMetaData());

      final PreparedStatement ps = c.prepareStatement("SELECT ID FROM T WHERE ID = ?");
      ps.setInt(1, 1);
      final ResultSet prs = ps.executeQuery();
      assertSame(ps, prs.getStatement());
      assertSame(c, ps.getConnection());
      assertNotNull(ps.getParameterMetaData());
      assertEquals(1, ps.getParameterMetaData().getParameterCount());
      assertEquals(1, ps.getMetaData().getColumnCount());

      final DatabaseMetaData meta = c.getMetaData();
      assertSame(meta, c.getMetaData());
      assertSame(c, meta.getConnection());
      try (ResultSet tables = meta.getTables(null, null, "T", null)) {
        final Statement made = tables.getStatement();
        if (made != null) {
          assertSame(c, made.getConnection());
          assertSame(made, tables.getStatement());
        }
      }
    }
  }

  @Test void unwrapReachesWrappedAndUnderlyingInterfaces() throws SQLException {
    try (Connection c = memory()) {
      assertTrue(c.isWrapperFor(Connection.class));
      assertSame(c, c.unwrap(Connection.class));
      assertTrue(c.isWrapperFor(CalciteConnection.class));
      assertNotNull(c.unwrap(CalciteConnection.class));
      final Statement s = c.createStatement();
      assertSame(s, s.unwrap(Statement.class));
      assertFalse(s.isWrapperFor(ResultSet.class));
      final SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
          () -> s.unwrap(ResultSet.class));
      assertNotEquals("XX000", e.getSQLState(), e.getMessage());
    }
  }
}
