package dev.sorrel.e2e.fuzz;

import dev.sorrel.e2e.fuzz.FuzzRunner.Attempt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * COPY from corrupted files: CSV, Parquet and Arrow files written by COPY from the table of
 * every type (and files of the wrong shape: the wrong types, too few columns), then truncated,
 * bit-flipped, overwritten, emptied, grown; CSV files also edited line by line (a field
 * dropped or added, a huge field, bad UTF-8, an open quote, a number where a date goes, a
 * line repeated). Each load must succeed or fail with a data, file or schema error (SQLState
 * class 22, 58, 42, 23 or 0A), and a failed load must leave the table as it was.
 */
final class FileFuzzer {
  private static final Set<String> CLASSES = Set.of("22", "58", "42", "23", "0A", "53", "54");
  private static final String[] FORMATS = {"csv", "parquet", "arrow"};

  private final FuzzRunner runner;
  private final Random random;
  private final Connection connection;
  private final Path tmp;
  private final List<Path> bases = new ArrayList<>();
  private long namingTheFile;

  FileFuzzer(FuzzRunner runner, Random random, Connection connection, Path tmp) {
    this.runner = runner;
    this.random = random;
    this.connection = connection;
    this.tmp = tmp;
  }

  private void writeBases() throws SQLException {
    final String[] queries = {"SELECT * FROM t0", "SELECT * FROM t1 WHERE id < 20",
        "SELECT CAST(id AS VARCHAR(10)) AS id, s AS ti, si, i, bi, ts AS d, r, dc, s, c, b,"
            + " dt, t, ts, vb FROM t0", "SELECT id, i FROM t1"};
    try (var s = connection.createStatement()) {
      for (int q = 0; q < queries.length; q++) {
        for (String format : FORMATS) {
          final Path file = tmp.resolve("base" + q + "." + format);
          s.execute("COPY (" + queries[q] + ") TO '" + file + "'");
          bases.add(file);
        }
      }
    }
  }

  void run() throws IOException, SQLException {
    if (bases.isEmpty()) {
      writeBases();
    }
    final Path base = bases.get(random.nextInt(bases.size()) % (random.nextInt(3) == 0
        ? bases.size() : 6));
    final String name = base.getFileName().toString();
    final String ext = name.substring(name.indexOf('.') + 1);
    final Path file = tmp.resolve("case." + ext);
    final byte[] original = Files.readAllBytes(base);
    final StringBuilder how = new StringBuilder();
    final byte[] bytes = ext.equals("csv") && random.nextBoolean()
        ? editLines(original, how) : corrupt(original, how);
    Files.write(file, bytes);
    final long before = count();
    final String sql = "COPY f0 FROM '" + file + "'" + (ext.equals("csv") && random.nextInt(5)
        == 0 ? " WITH (header = false)" : "");
    final String what = sql + " (" + name + ", " + how + ")";
    final Attempt<List<String>> load = runner.attempt(FuzzClass.FILE, what,
        () -> Rows.execute(runner, connection, sql));
    final long after = count();
    if (load.failed()) {
      return;
    }
    if (load.error() instanceof SQLException e) {
      if (after != before) {
        runner.fail(FuzzClass.FILE, what, "a failed COPY left " + (after - before)
            + " rows behind (" + e.getSQLState() + " " + e.getMessage() + ")", null);
      }
      final String state = String.valueOf(e.getSQLState());
      if (!CLASSES.contains(state.substring(0, 2))) {
        runner.fail(FuzzClass.FILE, what, "a bad file gave SQLState " + state + " (not a data,"
            + " file or schema error): " + e.getMessage(), null);
      }
      if (String.valueOf(e.getMessage()).contains(file.getFileName().toString())) {
        namingTheFile++;
      }
      runner.tally(FuzzClass.FILE).states.put("(errors naming the file)", namingTheFile);
    } else if (load.succeeded()) {
      final long loaded = Long.parseLong(load.value().get(0).substring("count ".length()));
      if (after - before != loaded) {
        runner.fail(FuzzClass.FILE, what, "COPY said " + loaded + " rows, the table grew by "
            + (after - before), null);
      }
      if (after > 0) {
        connection.createStatement().execute("DELETE FROM f0");
      }
    }
  }

  private long count() throws SQLException {
    try (var s = connection.createStatement(); var rs = s.executeQuery(
        "SELECT COUNT(*) FROM f0")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private byte[] corrupt(byte[] in, StringBuilder how) {
    switch (random.nextInt(6)) {
      case 0 -> {
        final int len = random.nextInt(Math.max(1, in.length));
        how.append("truncated to ").append(len);
        return Arrays.copyOf(in, len);
      }
      case 1, 2 -> {
        final byte[] out = in.clone();
        final int flips = 1 + random.nextInt(16);
        how.append(flips).append(" bits flipped");
        for (int i = 0; i < flips && out.length > 0; i++) {
          final int at = random.nextInt(out.length);
          out[at] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
      }
      case 3 -> {
        final byte[] out = in.clone();
        final int at = random.nextInt(Math.max(1, out.length));
        final int len = Math.min(out.length - at, 1 + random.nextInt(64));
        how.append(len).append(" bytes overwritten at ").append(at);
        for (int i = 0; i < len; i++) {
          out[at + i] = (byte) random.nextInt(256);
        }
        return out;
      }
      case 4 -> {
        how.append("empty");
        return new byte[0];
      }
      default -> {
        final int at = random.nextInt(in.length + 1);
        final byte[] junk = new byte[1 + random.nextInt(100)];
        random.nextBytes(junk);
        how.append(junk.length).append(" bytes inserted at ").append(at);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, at);
        out.writeBytes(junk);
        out.write(in, at, in.length - at);
        return out.toByteArray();
      }
    }
  }

  private byte[] editLines(byte[] in, StringBuilder how) {
    final List<String> lines = new ArrayList<>(List.of(new String(in, StandardCharsets.UTF_8)
        .split("\n", -1)));
    final int at = 1 + random.nextInt(Math.max(1, lines.size() - 2));
    if (at >= lines.size()) {
      how.append("unchanged");
      return in;
    }
    final List<String> fields = new ArrayList<>(List.of(lines.get(at).split(",", -1)));
    final int f = random.nextInt(fields.size());
    byte[] badUtf8 = null;
    switch (random.nextInt(9)) {
      case 0 -> {
        fields.remove(f);
        how.append("line ").append(at + 1).append(": a field dropped");
      }
      case 1 -> {
        fields.add(f, "extra");
        how.append("line ").append(at + 1).append(": a field added");
      }
      case 2 -> {
        fields.set(f, "x".repeat(1 + random.nextInt(2_000_000)));
        how.append("line ").append(at + 1).append(": a huge field");
      }
      case 3 -> {
        fields.set(f, "\u0001BADUTF8\u0001");
        badUtf8 = new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};
        how.append("line ").append(at + 1).append(": bad UTF-8");
      }
      case 4 -> {
        fields.set(f, "\"open quote");
        how.append("line ").append(at + 1).append(": an open quote");
      }
      case 5 -> {
        fields.set(f, new String[] {"NaN", "-0.0", "1e999", "99999999999999999999", "2026-13-45",
            "25:61:00", "maybe", "", "NULL", "\\N", "0x1F"}[random.nextInt(11)]);
        how.append("line ").append(at + 1).append(": field ").append(f + 1).append(" = ")
            .append(fields.get(f));
      }
      case 6 -> {
        lines.add(at, lines.get(at));
        how.append("line ").append(at + 1).append(" repeated");
      }
      case 7 -> {
        lines.remove(0);
        how.append("header removed");
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        lines.set(at, lines.get(at) + "\r");
        how.append("line ").append(at + 1).append(": a carriage return");
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
      }
    }
    lines.set(at, String.join(",", fields));
    final byte[] text = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    if (badUtf8 == null) {
      return text;
    }
    final String joined = new String(text, StandardCharsets.ISO_8859_1);
    final int mark = joined.indexOf("\u0001BADUTF8\u0001");
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(text, 0, mark);
    out.writeBytes(badUtf8);
    final int end = mark + "\u0001BADUTF8\u0001".length();
    out.write(text, end, text.length - end);
    return out.toByteArray();
  }
}
