package dev.sorrel.storage.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sorrel.storage.ValueType;

/** RFC 4180 records and the text forms of values. */
class CsvReaderTest {

  @Test
  void quotesDoubledQuotesLineBreaksNullsAndLineNumbers() throws IOException {
    final CsvReader reader = new CsvReader(new StringReader(
        "a,\"b,c\",\"say \"\"hi\"\"\"\r\n,\"\",x\n\"two\nlines\",1,\n"), ',');
    assertEquals(List.of("a", "b,c", "say \"hi\""), reader.next());
    assertEquals(1, reader.line());
    assertEquals(Arrays.asList(null, "", "x"), reader.next());
    assertEquals(2, reader.line());
    assertEquals(Arrays.asList("two\nlines", "1", null), reader.next());
    assertEquals(3, reader.line());
    assertNull(reader.next());
  }

  @Test
  void otherDelimitersAndAnUnclosedQuote() throws IOException {
    assertEquals(List.of("1", "2"), new CsvReader(new StringReader("1\t2"), '\t').next());
    final CsvReader broken = new CsvReader(new StringReader("\"open,1\n2,3\n"), ',');
    final IOException e = assertThrows(IOException.class, broken::next);
    assertEquals("quoted field starting on line 1 is not closed", e.getMessage());
  }

  @Test
  void valuesParseToStorageForms() {
    assertEquals(42L, ValueText.parse(ValueType.INTEGER, " 42 "));
    assertEquals(new BigDecimal("1.50"), ValueText.parse(ValueType.DECIMAL, "1.50"));
    assertEquals(Boolean.TRUE, ValueText.parse(ValueType.BOOLEAN, "TRUE"));
    assertEquals(20_454, ValueText.parse(ValueType.DATE, "2026-01-01"));
    assertEquals(1_767_225_600_250L, ValueText.parse(ValueType.TIMESTAMP, "2026-01-01 00:00:00.25"));
    assertEquals(1_767_225_600_250L, ValueText.parse(ValueType.TIMESTAMP, "2026-01-01T00:00:00.250Z"));
    assertEquals(3_723_000, ValueText.parse(ValueType.TIME, "01:02:03"));
    assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE},
        (byte[]) ValueText.parse(ValueType.VARBINARY, "cafe"));
    assertEquals("not a valid DOUBLE", assertThrows(IllegalArgumentException.class,
        () -> ValueText.parse(ValueType.DOUBLE, "abc")).getMessage());
    assertEquals("expected true or false", assertThrows(IllegalArgumentException.class,
        () -> ValueText.parse(ValueType.BOOLEAN, "yes")).getMessage());
  }
}
