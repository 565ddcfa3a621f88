package dev.sorrel.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A parsed SQL script: a list of statements, each with the line it starts on and
 * what it is expected to do. The format is described in
 * {@code src/test/resources/sql/README.md}.
 */
final class SqlScript {

  /** What a statement is expected to do. */
  enum Kind {
    /** No expectation: the statement must succeed; any result is ignored. */
    SUCCESS,
    /** A result set: header line plus rows. */
    RESULT,
    /** An update count: {@code > N rows}. */
    COUNT,
    /** An error: {@code > ERROR sqlstate [message part]}. */
    ERROR,
    /** A result set whose rendering contains each given line: {@code > (contains)}. */
    CONTAINS
  }

  /** The expectation attached to one statement. */
  record Expectation(
      Kind kind,
      boolean unordered,
      String header,
      List<String> rows,
      long count,
      String sqlState,
      String messagePart,
      List<String> lines) {

    static final Expectation SUCCESS =
        new Expectation(Kind.SUCCESS, false, null, List.of(), 0, null, null, List.of());

    /** This expectation with {@code f} applied to each of its text parts. */
    Expectation map(UnaryOperator<String> f) {
      return new Expectation(kind, unordered, header == null ? null : f.apply(header),
          rows.stream().map(f).collect(Collectors.toList()), count, sqlState,
          messagePart == null ? null : f.apply(messagePart),
          lines.stream().map(f).collect(Collectors.toList()));
    }
  }

  /** One statement of a script. */
  record Case(String file, int line, String sql, Expectation expectation) {

    /** A one-line summary for test names. */
    String summary() {
      String oneLine = sql.replaceAll("\\s+", " ").trim();
      if (oneLine.length() > 90) {
        oneLine = oneLine.substring(0, 87) + "...";
      }
      return file + ":" + line + " " + oneLine;
    }
  }

  private static final Pattern COUNT = Pattern.compile("(\\d+) rows?");
  private static final Pattern ERROR = Pattern.compile("ERROR ([0-9A-Z]{5})(?: (.*))?");
  static final String UNORDERED = "(unordered)";
  static final String CONTAINS = "(contains)";

  private SqlScript() {}

  static List<Case> parse(Path path, String displayName) throws IOException {
    return parse(Files.readAllLines(path, StandardCharsets.UTF_8), displayName);
  }

  static List<Case> parse(List<String> lines, String file) {
    List<Case> cases = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    int startLine = 0;
    // Statement waiting for its expectation lines.
    String pendingSql = null;
    int pendingLine = 0;
    List<String> expectLines = new ArrayList<>();

    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = stripTrailing(lines.get(i));
      if (line.startsWith(">")) {
        if (sql.length() > 0) {
          throw new IllegalArgumentException(
              file + ":" + lineNo + ": expectation inside a statement that has no ';' yet");
        }
        if (pendingSql == null) {
          throw new IllegalArgumentException(
              file + ":" + lineNo + ": expectation without a preceding statement");
        }
        if (!line.equals(">") && !line.startsWith("> ")) {
          throw new IllegalArgumentException(
              file + ":" + lineNo + ": expectation lines start with '> '");
        }
        expectLines.add(line.length() <= 2 ? "" : line.substring(2));
        continue;
      }
      // Any other line ends the expectation of the pending statement.
      if (pendingSql != null) {
        cases.add(new Case(file, pendingLine, pendingSql, expectation(file, pendingLine, expectLines)));
        pendingSql = null;
        expectLines = new ArrayList<>();
      }
      String trimmed = line.trim();
      if (trimmed.startsWith("--") || (trimmed.isEmpty() && sql.length() == 0)) {
        continue;
      }
      if (sql.length() == 0) {
        startLine = lineNo;
      } else {
        sql.append('\n');
      }
      sql.append(line);
      if (trimmed.endsWith(";")) {
        String text = sql.toString().trim();
        pendingSql = text.substring(0, text.length() - 1).trim();
        pendingLine = startLine;
        sql.setLength(0);
      }
    }
    if (sql.length() > 0) {
      throw new IllegalArgumentException(
          file + ":" + startLine + ": statement not terminated by ';' at the end of a line");
    }
    if (pendingSql != null) {
      cases.add(new Case(file, pendingLine, pendingSql, expectation(file, pendingLine, expectLines)));
    }
    return cases;
  }

  private static Expectation expectation(String file, int line, List<String> lines) {
    if (lines.isEmpty()) {
      return Expectation.SUCCESS;
    }
    String first = lines.get(0);
    Matcher m = ERROR.matcher(first);
    if (m.matches()) {
      if (lines.size() > 1) {
        throw new IllegalArgumentException(file + ":" + line + ": extra lines after ERROR");
      }
      String part = m.group(2) == null || m.group(2).isBlank() ? null : m.group(2).trim();
      return new Expectation(Kind.ERROR, false, null, List.of(), 0, m.group(1), part, lines);
    }
    m = COUNT.matcher(first);
    if (m.matches() && lines.size() == 1) {
      return new Expectation(
          Kind.COUNT, false, null, List.of(), Long.parseLong(m.group(1)), null, null, lines);
    }
    if (first.equals(CONTAINS)) {
      if (lines.size() < 2) {
        throw new IllegalArgumentException(file + ":" + line + ": (contains) without text");
      }
      return new Expectation(Kind.CONTAINS, false, null, List.copyOf(lines.subList(1, lines.size())),
          0, null, null, lines);
    }
    boolean unordered = false;
    int at = 0;
    if (first.equals(UNORDERED)) {
      unordered = true;
      at = 1;
    }
    if (at >= lines.size()) {
      throw new IllegalArgumentException(file + ":" + line + ": (unordered) without a header");
    }
    String header = lines.get(at);
    List<String> rows = List.copyOf(lines.subList(at + 1, lines.size()));
    return new Expectation(Kind.RESULT, unordered, header, rows, 0, null, null, lines);
  }

  static String stripTrailing(String s) {
    return s.stripTrailing();
  }
}
