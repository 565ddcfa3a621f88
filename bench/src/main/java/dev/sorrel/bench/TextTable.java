package dev.sorrel.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with right-aligned columns (the first column left-aligned). */
public final class TextTable {
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) {
    rows.add(header);
  }

  TextTable row(String... cells) {
    rows.add(cells);
    return this;
  }

  void print(PrintStream out) {
    int columns = 0;
    for (String[] r : rows) {
      columns = Math.max(columns, r.length);
    }
    final int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (int k = 0; k < rows.size(); k++) {
      final String[] r = rows.get(k);
      final StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < r.length; i++) {
        if (i > 0) {
          line.append("  ");
        }
        final String pad = " ".repeat(width[i] - r[i].length());
        line.append(i == 0 ? r[i] + pad : pad + r[i]);
      }
      out.println(line.toString().stripTrailing());
      if (k == 0) {
        final StringBuilder rule = new StringBuilder("  ");
        for (int i = 0; i < columns; i++) {
          rule.append(i > 0 ? "  " : "").append("-".repeat(width[i]));
        }
        out.println(rule);
      }
    }
  }
}
