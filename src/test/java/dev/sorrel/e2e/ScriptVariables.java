package dev.sorrel.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code ${name}} variables of one script's run, so that scripts can name files
 * without knowing where the build put them:
 *
 * <ul>
 *   <li>{@code ${resources}}: the test resources directory (fixture models are in
 *       {@code ${resources}/models}, data files for scripts in {@code ${resources}/sql/data});
 *   <li>{@code ${tmp}}: an empty directory of this run only, created on first use and
 *       deleted with everything in it when the script ends.
 * </ul>
 *
 * <p>Variables are expanded in statements and in expectation lines. In a statement they
 * stand inside string literals, so a quote in a value is doubled there.
 */
final class ScriptVariables implements AutoCloseable {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_]+)}");

  private final Path resources;
  private final String tmpPrefix;
  private Path tmp;

  ScriptVariables(Path resources, String tmpPrefix) {
    this.resources = resources;
    this.tmpPrefix = tmpPrefix;
  }

  /**
   * The test resources directory: the classpath directory that holds the fixture models,
   * else the source folder (the module directory is src/test).
   */
  static Path resourcesDirectory() {
    URL url = ScriptVariables.class.getClassLoader().getResource("models");
    if (url != null && "file".equals(url.getProtocol())) {
      try {
        return Path.of(url.toURI()).getParent();
      } catch (URISyntaxException e) {
        throw new IllegalStateException("test resources at " + url, e);
      }
    }
    return Path.of("resources").toAbsolutePath();
  }

  /** A statement with its variables replaced, quotes in the values doubled. */
  String inStatement(String sql) {
    return expand(sql, true);
  }

  /** An expectation line with its variables replaced as they are. */
  String inText(String text) {
    return expand(text, false);
  }

  /** Actual output with the values of the variables used so far written as references. */
  String unexpand(String text) {
    String out = text;
    for (Map.Entry<String, String> e : resolved().entrySet()) {
      out = out.replace(e.getValue(), "${" + e.getKey() + "}");
    }
    return out;
  }

  private String expand(String text, boolean quoted) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = value(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(quoted ? value.replace("'", "''") : value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private String value(String name) {
    switch (name) {
      case "resources":
        return resources.toString();
      case "tmp":
        return tmp().toString();
      default:
        throw new IllegalArgumentException(
            "unknown variable ${" + name + "}; scripts may use ${resources} and ${tmp}");
    }
  }

  /** The values known without creating anything, longest first so that none hides another. */
  private Map<String, String> resolved() {
    Map<String, String> values = new LinkedHashMap<>();
    Stream.of(Map.entry("tmp", tmp == null ? "" : tmp.toString()),
            Map.entry("resources", resources.toString()))
        .filter(e -> !e.getValue().isEmpty())
        .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getValue().length())
            .reversed())
        .forEach(e -> values.put(e.getKey(), e.getValue()));
    return values;
  }

  private Path tmp() {
    if (tmp == null) {
      try {
        tmp = Files.createTempDirectory(tmpPrefix).toRealPath();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return tmp;
  }

  /** Deletes the temporary directory, if one was made. */
  @Override
  public void close() throws IOException {
    if (tmp == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(tmp)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
    tmp = null;
  }
}
