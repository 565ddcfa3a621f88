package dev.sorrel.e2e.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The state a crash-test database must be in, built by applying operations in order: the
 * rows of every table and feature view keyed by id, and the catalog as facts
 * ({@code table/T3}, {@code index/I7 -> T3}, {@code model/MI9/2 -> sha256}, ...). The
 * verifier reads the same shape from the database and compares the two for equality.
 */
final class CrashModel {
  /** The fixed base timestamp of feature view rows. */
  static final String EVENT_TIME = "TIMESTAMP '2026-01-01 00:00:00'";

  final TreeMap<String, TreeMap<Long, String>> rows = new TreeMap<>();
  final TreeMap<String, String> catalog = new TreeMap<>();

  /** A table row as the verifier renders it: v, then s. */
  static String tableRow(long v, String s) {
    return v + "|" + s;
  }

  /** A feature view row as the verifier renders it: x. */
  static String featureRow(double x) {
    return Double.toString(x);
  }

  void apply(CrashOp op) {
    final long seq = op.seq();
    switch (op.kind()) {
      case INS -> {
        for (long id : op.ids()) {
          table(op.arg(0)).put(id, tableRow(id, "i" + seq));
        }
      }
      case UPD -> table(op.arg(0)).subMap(op.longArg(1), true, op.longArg(2), true)
          .replaceAll((id, row) -> tableRow(Long.parseLong(row.substring(0, row.indexOf('|'))) + 1,
              "u" + seq));
      case DEL -> table(op.arg(0)).subMap(op.longArg(1), true, op.longArg(2), true).clear();
      case TX -> {
        if (op.arg(0).equals("C")) {
          op.parts().forEach(this::apply);
        }
      }
      case SPTX -> {
        if (op.arg(0).equals("C")) {
          op.parts().subList(0, Integer.parseInt(op.arg(1))).forEach(this::apply);
        }
      }
      case MERGE, UPSERT -> {
        final String mark = (op.kind() == CrashOp.Kind.MERGE ? "m" : "p") + seq;
        final TreeMap<Long, String> t = table(op.arg(0));
        for (long id : op.ids()) {
          final String row = t.get(id);
          t.put(id, row == null ? tableRow(id, mark)
              : tableRow(Long.parseLong(row.substring(0, row.indexOf('|'))) + 1, mark));
        }
      }
      case BATCH -> {
        for (long id : op.ids()) {
          table(op.arg(0)).put(id, tableRow(id, "b" + seq));
        }
      }
      case COPYCSV, COPYPQ, COPYAR -> {
        final TreeMap<Long, String> t = table(op.arg(0));
        for (long id = op.longArg(1); id < op.longArg(2); id++) {
          t.put(id, tableRow(id, "c" + seq));
        }
      }
      case CTAB -> {
        catalog.put("table/" + op.arg(0), "");
        rows.put(op.arg(0), new TreeMap<>());
      }
      case DTAB -> {
        catalog.remove("table/" + op.arg(0));
        rows.remove(op.arg(0));
        catalog.entrySet().removeIf(e -> e.getKey().startsWith("index/")
            && e.getValue().equals(op.arg(0)));
      }
      case COMPACT, FVCOMPACT, REFRESHI -> {
        // compaction and the segment it writes change no row and no catalog fact; an
        // incremental refresh of a loaded derived view finds no newer event time (they are
        // all EVENT_TIME)
      }
      case RSTART -> catalog.put("run/" + op.arg(0), "RUNNING 0");
      case RPARAM -> {
        final String[] run = catalog.get("run/" + op.arg(0)).split(" ");
        catalog.put("run/" + op.arg(0), run[0] + " " + (Long.parseLong(run[1]) + 1));
      }
      case REND -> {
        final String[] run = catalog.get("run/" + op.arg(0)).split(" ");
        catalog.put("run/" + op.arg(0), "FINISHED " + run[1]);
      }
      case CIDX -> catalog.put("index/" + op.arg(0), op.arg(1));
      case DIDX -> catalog.remove("index/" + op.arg(0));
      case CVIEW -> catalog.put("view/" + op.arg(0), op.arg(1));
      case DVIEW -> catalog.remove("view/" + op.arg(0));
      case CENT -> catalog.put("entity/" + op.arg(0), "");
      case DENT -> catalog.remove("entity/" + op.arg(0));
      case CFV -> {
        catalog.put("fv/" + op.arg(0), op.arg(1));
        rows.put(op.arg(0), new TreeMap<>());
      }
      case FVINS -> {
        for (long id : op.ids()) {
          rows.get(op.arg(0)).put(id, featureRow(seq));
        }
      }
      case CDFV -> {
        catalog.put("fv/" + op.arg(0), op.arg(1));
        catalog.put("dfv/" + op.arg(0), op.arg(2));
        rows.put(op.arg(0), new TreeMap<>());
      }
      case REFRESH -> {
        final TreeMap<Long, String> fv = rows.get(op.arg(0));
        fv.clear();
        table(catalog.get("dfv/" + op.arg(0))).forEach((id, row) -> fv.put(id,
            featureRow(Long.parseLong(row.substring(0, row.indexOf('|'))))));
      }
      case DFV -> {
        catalog.remove("fv/" + op.arg(0));
        catalog.remove("ttl/" + op.arg(0));
        catalog.remove("dfv/" + op.arg(0));
        rows.remove(op.arg(0));
      }
      case CMODEL -> catalog.put("model/" + op.arg(0) + "/1", op.arg(2));
      case AMODEL -> catalog.put("model/" + op.arg(0) + "/" + (modelVersions(op.arg(0)) + 1),
          op.arg(2));
      case DMODEL -> catalog.keySet().removeIf(k -> k.startsWith("model/" + op.arg(0) + "/")
          || k.startsWith("alias/" + op.arg(0) + "/"));
      case ALIAS -> catalog.put("alias/" + op.arg(0) + "/" + op.arg(1), op.arg(2));
      case FVTTL -> catalog.put("ttl/" + op.arg(0),
          Long.toString(Long.parseLong(op.arg(1)) * 86_400));
      case CEXP -> catalog.put("experiment/" + op.arg(0), "draft");
      case XSTART -> catalog.put("experiment/" + op.arg(0), "running");
      case XSTOP -> catalog.put("experiment/" + op.arg(0), "stopped");
      case DEXP -> catalog.remove("experiment/" + op.arg(0));
      case CMON -> catalog.put("monitor/" + op.arg(0), "0");
      case CHECK -> catalog.merge("monitor/" + op.arg(0), "1",
          (a, b) -> Long.toString(Long.parseLong(a) + 1));
      case DMON -> catalog.remove("monitor/" + op.arg(0));
    }
  }

  private TreeMap<Long, String> table(String name) {
    return Objects.requireNonNull(rows.get(name), () -> "no table " + name + " in the model");
  }

  int modelVersions(String model) {
    int n = 0;
    for (String k : catalog.keySet()) {
      if (k.startsWith("model/" + model + "/")) {
        n = Math.max(n, Integer.parseInt(k.substring(k.lastIndexOf('/') + 1)));
      }
    }
    return n;
  }

  /** Names of the catalog facts under a prefix such as {@code table/}. */
  List<String> names(String kind) {
    final List<String> names = new ArrayList<>();
    for (String k : catalog.subMap(kind + "/", kind + "/\uffff").keySet()) {
      final String rest = k.substring(kind.length() + 1);
      final int slash = rest.indexOf('/');
      final String name = slash < 0 ? rest : rest.substring(0, slash);
      if (names.isEmpty() || !names.get(names.size() - 1).equals(name)) {
        names.add(name);
      }
    }
    return names;
  }

  boolean sameAs(CrashModel other) {
    return rows.equals(other.rows) && catalog.equals(other.catalog);
  }

  /** The first differences from another state, for a failure message. */
  String diff(CrashModel actual, int max) {
    final List<String> out = new ArrayList<>();
    diffMaps("", catalog, actual.catalog, out, max);
    final TreeMap<String, Object> names = new TreeMap<>(rows);
    names.putAll(actual.rows);
    for (String name : names.keySet()) {
      diffMaps(name + " row ", rows.getOrDefault(name, new TreeMap<>()),
          actual.rows.getOrDefault(name, new TreeMap<>()), out, max);
    }
    return String.join("; ", out);
  }

  private static <K> void diffMaps(String what, Map<K, String> expected, Map<K, String> actual,
      List<String> out, int max) {
    final TreeMap<K, Object> keys = new TreeMap<>(expected);
    keys.putAll(actual);
    for (K k : keys.keySet()) {
      if (out.size() >= max) {
        return;
      }
      final String e = expected.get(k);
      final String a = actual.get(k);
      if (!Objects.equals(e, a)) {
        out.add(what + k + ": expected " + (e == null ? "nothing" : "'" + e + "'") + ", found "
            + (a == null ? "nothing" : "'" + a + "'"));
      }
    }
  }
}
