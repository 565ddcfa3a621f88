package dev.sorrel.e2e.slt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.sorrel.e2e.slt.SltFileResult.Problem;

/**
 * Totals of a run over many files, written as Markdown: the counts, every file's line, and
 * the failures grouped by message with an example of each.
 */
final class SltSummary {
  private static final int EXAMPLES_PER_GROUP = 3;

  private final SltEngine engine;
  private final int queryStride;
  private final List<SltFileResult> files = new ArrayList<>();

  SltSummary(SltEngine engine, int queryStride) {
    this.engine = engine;
    this.queryStride = queryStride;
  }

  void add(SltFileResult result) {
    files.add(result);
  }

  private long sum(java.util.function.ToLongFunction<SltFileResult> f) {
    return files.stream().mapToLong(f).sum();
  }

  /** One line: files, queries passed of all, failed, skipped, statements failed. */
  String headline() {
    final long queries = sum(SltFileResult::queries);
    final long passed = sum(SltFileResult::passed);
    return String.format(Locale.ROOT,
        "%s: %d files, %d of %d queries passed (%.2f%%), %d failed, %d skipped;"
            + " %d of %d statements failed; %.0f s",
        engine.lowerName(), files.size(), passed, queries,
        queries == 0 ? 0.0 : 100.0 * passed / queries, sum(SltFileResult::failed),
        sum(SltFileResult::skipped), sum(SltFileResult::statementsFailed),
        sum(SltFileResult::statements), sum(SltFileResult::millis) / 1000.0);
  }

  /** Writes {@code <engine>-summary.md} into a directory and returns its path. */
  Path write(Path directory) {
    final StringBuilder out = new StringBuilder();
    out.append("# sqllogictest on ").append(engine.lowerName()).append("\n\n");
    out.append(headline()).append("\n\n");
    if (queryStride > 1) {
      out.append("Every ").append(queryStride).append("th query of each file ran (and all its"
          + " statements).\n\n");
    }
    out.append("## Failures by message\n\n");
    final Map<String, List<Problem>> groups = new LinkedHashMap<>();
    final Map<String, Integer> groupFiles = new LinkedHashMap<>();
    for (SltFileResult file : files) {
      final Map<String, Boolean> seen = new LinkedHashMap<>();
      for (Problem p : file.problems()) {
        groups.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p);
        if (seen.put(p.group(), true) == null) {
          groupFiles.merge(p.group(), 1, Integer::sum);
        }
      }
    }
    final List<Map.Entry<String, List<Problem>>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort(Comparator.comparing((Map.Entry<String, List<Problem>> e) -> -e.getValue().size())
        .thenComparing(Map.Entry::getKey));
    if (sorted.isEmpty()) {
      out.append("None.\n");
    }
    for (Map.Entry<String, List<Problem>> group : sorted) {
      out.append(String.format(Locale.ROOT, "- **%d** in %d files: `%s`%n",
          group.getValue().size(), groupFiles.get(group.getKey()),
          group.getKey().replace('`', '\'')));
      group.getValue().stream().limit(EXAMPLES_PER_GROUP).forEach(p ->
          out.append("  - `").append(oneLine(p.sql())).append("`\n"));
    }
    out.append("\n## Files\n\n");
    out.append("| file | queries | passed | failed | skipped | statements | failed statements"
        + " | seconds |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (SltFileResult f : files) {
      out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %.1f |%n",
          f.file(), f.queries(), f.passed(), f.failed(), f.skipped(), f.statements(),
          f.statementsFailed(), f.millis() / 1000.0));
    }
    try {
      Files.createDirectories(directory);
      final Path file = directory.resolve(engine.lowerName() + "-summary.md");
      Files.writeString(file, out, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the summary to " + directory, e);
    }
  }

  private static String oneLine(String sql) {
    final String s = sql.replaceAll("\\s+", " ").replace('`', '\'');
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
