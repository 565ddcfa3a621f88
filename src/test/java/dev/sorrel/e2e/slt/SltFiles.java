package dev.sorrel.e2e.slt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.hydromatic.sqllogictest.SltTestFile;

/**
 * The {@code .test} files of SQLite's sqllogictest as {@code net.hydromatic:sql-logic-test}
 * ships them, found by listing its jar, named by their path under its {@code test/} folder
 * ({@code select1.test}, {@code index/between/10/slt_good_0.test}).
 */
final class SltFiles {
  /** The folder of the jar that holds the files. */
  static final String RESOURCE_ROOT = "test/";

  private SltFiles() {
  }

  /** Every file of the suite, sorted by name. */
  static List<String> all() {
    final Path jar;
    try {
      jar = Path.of(SltTestFile.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the sql-logic-test jar", e);
    }
    try (FileSystem zip = FileSystems.newFileSystem(jar);
         Stream<Path> walk = Files.walk(zip.getPath(RESOURCE_ROOT))) {
      final Path root = zip.getPath(RESOURCE_ROOT);
      return walk.filter(p -> p.toString().endsWith(".test"))
          .map(p -> root.relativize(p).toString())
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + jar, e);
    }
  }

  /**
   * The files whose name matches a glob ({@code *} within a folder, {@code **} across
   * folders, e.g. {@code select*.test}, {@code index/**}, {@code random/expr/*}), or all of
   * them for a null or empty pattern.
   */
  static List<String> matching(String glob) {
    if (glob == null || glob.isEmpty()) {
      return all();
    }
    final Pattern pattern = globPattern(glob);
    return all().stream().filter(f -> pattern.matcher(f).matches())
        .collect(Collectors.toList());
  }

  static Pattern globPattern(String glob) {
    final StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      final char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
