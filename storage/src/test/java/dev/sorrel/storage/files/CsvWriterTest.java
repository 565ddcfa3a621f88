package dev.sorrel.storage.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sorrel.storage.ValueType;

/** CSV is written in the forms the reader and {@link ValueText} read back, quoted as RFC 4180 asks. */
class CsvWriterTest {
  private static final ValueType[] TYPES = {ValueType.BIGINT, ValueType.VARCHAR,
      ValueType.DECIMAL, ValueType.BOOLEAN, ValueType.DATE, ValueType.TIME,
      ValueType.TIMESTAMP, ValueType.VARBINARY, ValueType.REAL, ValueType.DOUBLE};

  private static String write(char delimiter, String[] header, Object[]... rows)
      throws IOException {
    final StringWriter text = new StringWriter();
    try (CsvWriter writer = new CsvWriter(text, delimiter, TYPES)) {
      if (header != null) {
        writer.writeHeader(header);
      }
      for (Object[] row : rows) {
        writer.append(row);
      }
    }
    return text.toString();
  }

  @Test
  void writesValuesInTheFormsTheReaderReads() throws IOException {
    final Object[] row = {1L, "a, \"b\"\nc", new BigDecimal("1E+3"), true, 20_000,
        3_723_456, -1L, new byte[] {(byte) 0xCA, (byte) 0xFE}, 0.5f, -1e300};
    final String csv = write(',', new String[] {"ID", "a,b", "", "OK", "DT", "TM", "TS", "BIN",
        "R", "F"}, row, new Object[TYPES.length],
        new Object[] {2L, "", null, null, null, null, null, null, null, null});
    assertEquals("ID,\"a,b\",\"\",OK,DT,TM,TS,BIN,R,F\n"
        + "1,\"a, \"\"b\"\"\nc\",1000,true,2024-10-04,01:02:03.456,1969-12-31 23:59:59.999,cafe,"
        + "0.5,-1.0E300\n"
        + ",,,,,,,,,\n"
        + "2,\"\",,,,,,,,\n", csv);

    try (CsvReader reader = new CsvReader(new StringReader(csv), ',')) {
      reader.next();
      final List<String> fields = reader.next();
      for (int c = 0; c < TYPES.length; c++) {
        final Object back = ValueText.parse(TYPES[c], fields.get(c));
        if (back instanceof byte[] bytes) {
          assertArrayEquals((byte[]) row[c], bytes);
        } else if (TYPES[c] == ValueType.DECIMAL) {
          assertEquals(0, ((BigDecimal) row[c]).compareTo((BigDecimal) back));
        } else if (TYPES[c] == ValueType.BIGINT) {
          assertEquals(row[c], back);
        } else if (!(back instanceof Double)) {
          assertEquals(row[c], back);
        }
      }
      assertEquals(java.util.Collections.nCopies(TYPES.length, null), reader.next());
      assertEquals("", reader.next().get(1), "an empty string stays distinct from NULL");
    }
  }

  @Test
  void quotesTheDelimiterInUseOnly() throws IOException {
    final Object[] row = {1L, "a,b\tc", null, null, null, null, null, null, null, null};
    assertEquals("1\t\"a,b\tc\"\t\t\t\t\t\t\t\t\n", write('\t', null, row));
    assertEquals("1;a,b\tc;;;;;;;;\n", write(';', null, row));
    assertThrows(IllegalArgumentException.class, () -> write(',', null, new Object[] {1L}));
  }

  @Test
  void timesHaveMillisecondsOnlyWhenTheyHaveSome() throws IOException {
    final Object[] row = new Object[TYPES.length];
    row[5] = 3_723_000;
    assertEquals(",,,,,01:02:03,,,,\n", write(',', null, row));
    row[5] = 86_399_999;
    assertEquals(",,,,,23:59:59.999,,,,\n", write(',', null, row));
    assertEquals(86_399_999, ValueText.parse(ValueType.TIME, "23:59:59.999"));
  }
}
