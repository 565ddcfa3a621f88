package dev.sorrel.e2e.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/**
 * A client without access to the database's file system registers models by
 * sending the file's bytes as a statement parameter.
 */
class ModelUploadTest {

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ModelUploadTest.class.getResourceAsStream("/models/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void modelFilesTravelAsParameters() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:mem:upload")) {
      try (PreparedStatement create = c.prepareStatement(
          "CREATE MODEL tips FROM ? COMMENT 'uploaded'")) {
        create.setBytes(1, resource("multi_input_tips.onnx"));
        assertEquals(1, create.executeUpdate());
      }
      try (PreparedStatement add = c.prepareStatement("ALTER MODEL tips ADD VERSION FROM ?")) {
        add.setBytes(1, resource("multi_input_tips.onnx"));
        add.executeUpdate();
      }
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT version, size_bytes, source, comment"
               + " FROM sys.model_versions WHERE model_name = 'TIPS' ORDER BY version")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
        assertEquals(resource("multi_input_tips.onnx").length, rs.getLong(2));
        assertEquals(null, rs.getString(3));
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1));
      }
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT PREDICT_LABEL('tips:2', 10.5, 30, 'web')")) {
        assertTrue(rs.next());
        rs.getLong(1);
      }
      try (PreparedStatement bad = c.prepareStatement("CREATE MODEL junk FROM ?")) {
        bad.setBytes(1, resource("broken.onnx"));
        final SQLException e = assertThrows(SQLException.class, bad::executeUpdate);
        assertEquals("22023", e.getSQLState(), e.getMessage());
      }
      try (PreparedStatement missing = c.prepareStatement("CREATE MODEL nothing FROM ?")) {
        missing.setNull(1, java.sql.Types.VARBINARY);
        final SQLException e = assertThrows(SQLException.class, missing::executeUpdate);
        assertEquals("22023", e.getSQLState(), e.getMessage());
      }
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sys.models")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1), "only the valid upload is registered");
      }
    }
  }
}
