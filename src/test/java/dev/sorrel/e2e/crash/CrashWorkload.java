package dev.sorrel.e2e.crash;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import dev.sorrel.e2e.crash.CrashOp.Kind;

/**
 * Picks the next operation of the crash workload from a seeded random source and the state
 * the database is known to be in, so that every operation is valid (no statement of the
 * workload is meant to fail): base objects first, then a weighted mix of every write path,
 * with at most a few objects of each kind so that verification stays quick.
 */
final class CrashWorkload {
  /** Rows of a large COPY: at least the default {@code bulk_load_min_rows}. */
  static final int BULK_ROWS = 50_000;
  private static final int MAX_OBJECTS = 5;
  /** Rows of the monitors' reference table. */
  private static final int REFERENCE_ROWS = 200;

  private final Random random;
  private final CrashModel model;
  private long nextSeq;
  private long nextId;
  /** The run START RUN opened on this child's connection, if any. */
  private String currentRun;

  CrashWorkload(long seed, CrashModel model, long nextSeq, long nextId) {
    this.random = new Random(seed);
    this.model = model;
    this.nextSeq = nextSeq;
    this.nextId = nextId;
  }

  /** The next operation; the caller applies it to the model once it is acknowledged. */
  CrashOp next() {
    final long seq = nextSeq++;
    for (String base : List.of("T0", "T1", "REFT")) {
      if (!model.catalog.containsKey("table/" + base)) {
        return CrashOp.of(seq, Kind.CTAB, base);
      }
    }
    if (model.rows.get("REFT").isEmpty()) {
      return insert(seq, Kind.INS, "REFT", REFERENCE_ROWS);
    }
    if (!model.catalog.containsKey("entity/ENT")) {
      return CrashOp.of(seq, Kind.CENT, "ENT");
    }
    while (true) {
      final int dice = random.nextInt(125);
      final CrashOp op = dice < 100 ? pick(seq, dice) : pickMore(seq, dice - 100);
      if (op != null) {
        switch (op.kind()) {
          case RSTART -> currentRun = op.arg(0);
          case REND -> currentRun = null;
          case INS, UPD, DEL, TX, BATCH, COPYCSV, COPYPQ, CTAB, DTAB, COMPACT, CIDX, DIDX, CVIEW,
              DVIEW, CENT, DENT, CFV, FVINS, CDFV, REFRESH, DFV, CMODEL, AMODEL, DMODEL, CEXP,
              XSTART, XSTOP, DEXP, CMON, CHECK, DMON, RPARAM, COPYAR, SPTX, MERGE, UPSERT,
              ALIAS, FVTTL, FVCOMPACT, REFRESHI -> {
            // no state of this child's connection
          }
        }
        return op;
      }
    }
  }

  /** One weighted choice; null when its precondition does not hold (then the caller redraws). */
  private CrashOp pick(long seq, int dice) {
    final List<String> tables = tables();
    if (dice < 18) {
      return insert(seq, Kind.INS, any(tables), 1 + random.nextInt(5));
    } else if (dice < 25) {
      return range(seq, Kind.UPD, any(tables), 20);
    } else if (dice < 30) {
      return range(seq, Kind.DEL, any(tables), 5);
    } else if (dice < 39) {
      final List<CrashOp> parts = new ArrayList<>();
      final int n = 2 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        final String table = any(tables);
        final CrashOp part = random.nextInt(3) == 0 ? range(seq, Kind.UPD, table, 10)
            : insert(seq, Kind.INS, table, 1 + random.nextInt(4));
        if (part != null) {
          parts.add(part);
        }
      }
      return parts.isEmpty() ? null : new CrashOp(seq, Kind.TX,
          List.of(random.nextInt(10) < 7 ? "C" : "R"), parts);
    } else if (dice < 45) {
      return insert(seq, Kind.BATCH, any(tables), 2 + random.nextInt(50));
    } else if (dice < 51) {
      final long from = nextId;
      nextId += 10 + random.nextInt(500);
      return CrashOp.of(seq, random.nextBoolean() ? Kind.COPYCSV : Kind.COPYPQ, any(tables),
          from, nextId);
    } else if (dice < 53) {
      // oldest first: by the sequence number in the name, not its text
      final List<String> bulk = model.names("table").stream().filter(t -> t.startsWith("B"))
          .sorted(Comparator.comparingLong(t -> Long.parseLong(t.substring(1))))
          .toList();
      if (bulk.size() > 1) {
        return CrashOp.of(seq, Kind.DTAB, bulk.get(0));
      }
      // a new bulk table after two loads keeps verification time flat over long runs
      if (bulk.isEmpty() || model.rows.get(bulk.get(bulk.size() - 1)).size() >= 2 * BULK_ROWS) {
        return CrashOp.of(seq, Kind.CTAB, "B" + seq);
      }
      final long from = nextId;
      nextId += BULK_ROWS + random.nextInt(1000);
      return CrashOp.of(seq, random.nextBoolean() ? Kind.COPYCSV : Kind.COPYPQ, bulk.get(0),
          from, nextId);
    } else if (dice < 55) {
      return tables.size() < MAX_OBJECTS + 3 ? CrashOp.of(seq, Kind.CTAB, "T" + seq) : null;
    } else if (dice < 57) {
      final List<String> droppable = tables.stream().filter(t -> !t.equals("T0")
          && !t.equals("T1") && !readBy(t)).toList();
      return droppable.isEmpty() ? null : CrashOp.of(seq, Kind.DTAB, any(droppable));
    } else if (dice < 59) {
      return CrashOp.of(seq, Kind.COMPACT, any(model.names("table")));
    } else if (dice < 61) {
      return create(seq, "index", Kind.CIDX, "I" + seq, any(tables));
    } else if (dice < 62) {
      return drop(seq, "index", Kind.DIDX);
    } else if (dice < 64) {
      return create(seq, "view", Kind.CVIEW, "V" + seq, any(tables));
    } else if (dice < 65) {
      return drop(seq, "view", Kind.DVIEW);
    } else if (dice < 66) {
      return create(seq, "entity", Kind.CENT, "E" + seq);
    } else if (dice < 67) {
      final List<String> unused = model.names("entity").stream().filter(e -> !e.equals("ENT")
          && !model.catalog.containsValue(e)).toList();
      return unused.isEmpty() ? null : CrashOp.of(seq, Kind.DENT, any(unused));
    } else if (dice < 69) {
      return create(seq, "fv", Kind.CFV, "F" + seq, any(model.names("entity")));
    } else if (dice < 73) {
      final List<String> declared = model.names("fv").stream().filter(f -> f.startsWith("F"))
          .toList();
      return declared.isEmpty() ? null : insert(seq, Kind.FVINS, any(declared),
          1 + random.nextInt(20));
    } else if (dice < 75) {
      return create(seq, "fv", Kind.CDFV, "D" + seq, "ENT", random.nextBoolean() ? "T0" : "T1");
    } else if (dice < 78) {
      return drop(seq, "dfv", Kind.REFRESH);
    } else if (dice < 79) {
      return drop(seq, "fv", Kind.DFV);
    } else if (dice < 81) {
      final boolean iris = random.nextBoolean();
      final String file = iris ? CrashFixtures.IRIS : CrashFixtures.DIABETES;
      return create(seq, "model", Kind.CMODEL, (iris ? "MI" : "MD") + seq, file,
          CrashFixtures.sha256(file));
    } else if (dice < 83) {
      final List<String> models = model.names("model");
      if (models.isEmpty()) {
        return null;
      }
      final String name = any(models);
      return CrashOp.of(seq, Kind.AMODEL, name, CrashFixtures.fileOf(name),
          CrashFixtures.sha256(CrashFixtures.fileOf(name)));
    } else if (dice < 84) {
      return drop(seq, "model", Kind.DMODEL);
    } else if (dice < 86) {
      return create(seq, "experiment", Kind.CEXP, "X" + seq);
    } else if (dice < 87) {
      return withState(seq, "experiment", "draft", Kind.XSTART);
    } else if (dice < 88) {
      return withState(seq, "experiment", "running", Kind.XSTOP);
    } else if (dice < 89) {
      return drop(seq, "experiment", Kind.DEXP);
    } else if (dice < 91) {
      return create(seq, "monitor", Kind.CMON, "MON" + seq);
    } else if (dice < 94) {
      final List<String> monitors = model.names("monitor");
      return monitors.isEmpty() ? null : CrashOp.of(seq, Kind.CHECK, any(monitors),
          model.rows.get("REFT").firstKey() + REFERENCE_ROWS / 2);
    } else if (dice < 95) {
      return drop(seq, "monitor", Kind.DMON);
    } else if (currentRun == null) {
      return model.names("run").size() < 40 ? CrashOp.of(seq, Kind.RSTART, "R" + seq) : null;
    } else if (dice < 98) {
      return CrashOp.of(seq, Kind.RPARAM, currentRun, "p" + seq);
    } else {
      return CrashOp.of(seq, Kind.REND, currentRun);
    }
  }

  /**
   * One weighted choice among the write paths added later (COPY of Arrow files, savepoints,
   * MERGE and upserts, model aliases, feature view TTLs, history segment builds, incremental
   * refreshes) and more table compactions, so that kills land inside segment builds more
   * often; null when its precondition does not hold.
   */
  private CrashOp pickMore(long seq, int dice) {
    final List<String> tables = tables();
    if (dice < 3) {
      final long from = nextId;
      nextId += 10 + random.nextInt(500);
      return CrashOp.of(seq, Kind.COPYAR, any(tables), from, nextId);
    } else if (dice < 7) {
      final List<CrashOp> parts = new ArrayList<>();
      final int n = 2 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        final String table = any(tables);
        final int kind = random.nextInt(4);
        final CrashOp part = kind == 0 ? range(seq, Kind.UPD, table, 10)
            : kind == 1 ? merge(seq, random.nextBoolean() ? Kind.MERGE : Kind.UPSERT, table)
            : insert(seq, Kind.INS, table, 1 + random.nextInt(4));
        if (part != null) {
          parts.add(part);
        }
      }
      return parts.isEmpty() ? null : new CrashOp(seq, Kind.SPTX,
          List.of(random.nextInt(10) < 8 ? "C" : "R",
              String.valueOf(random.nextInt(parts.size() + 1))), parts);
    } else if (dice < 10) {
      return merge(seq, Kind.MERGE, any(tables));
    } else if (dice < 13) {
      return merge(seq, Kind.UPSERT, any(tables));
    } else if (dice < 15) {
      final List<String> models = model.names("model");
      if (models.isEmpty()) {
        return null;
      }
      final String name = any(models);
      return CrashOp.of(seq, Kind.ALIAS, name, random.nextBoolean() ? "production" : "staging",
          1 + random.nextInt(model.modelVersions(name)));
    } else if (dice < 16) {
      final List<String> views = model.names("fv");
      return views.isEmpty() ? null : CrashOp.of(seq, Kind.FVTTL, any(views),
          1 + random.nextInt(30));
    } else if (dice < 19) {
      final List<String> views = model.names("fv");
      return views.isEmpty() ? null : CrashOp.of(seq, Kind.FVCOMPACT, any(views));
    } else if (dice < 21) {
      final List<String> loaded = model.names("dfv").stream()
          .filter(v -> !model.rows.get(v).isEmpty()).toList();
      return loaded.isEmpty() ? null : CrashOp.of(seq, Kind.REFRESHI, any(loaded));
    } else {
      return CrashOp.of(seq, Kind.COMPACT, any(model.names("table")));
    }
  }

  /** A MERGE or an upsert of up to 3 stored ids and 1 to 3 fresh ones, in a random order. */
  private CrashOp merge(long seq, Kind kind, String table) {
    final TreeMap<Long, String> rows = model.rows.get(table);
    final List<Object> args = new ArrayList<>();
    args.add(table);
    final java.util.Set<Long> ids = new java.util.LinkedHashSet<>();
    if (!rows.isEmpty()) {
      final List<Long> stored = new ArrayList<>(rows.keySet().size() > 4096
          ? rows.headMap(rows.firstKey() + 4096).keySet() : rows.keySet());
      for (int i = random.nextInt(4); i > 0; i--) {
        ids.add(stored.get(random.nextInt(stored.size())));
      }
    }
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      ids.add(nextId++);
    }
    final List<Long> shuffled = new ArrayList<>(ids);
    java.util.Collections.shuffle(shuffled, random);
    args.addAll(shuffled);
    return CrashOp.of(seq, kind, args.toArray());
  }

  /** Whether a view or a derived feature view reads the table (then it is not dropped). */
  private boolean readBy(String table) {
    for (Map.Entry<String, String> e : model.catalog.entrySet()) {
      if ((e.getKey().startsWith("view/") || e.getKey().startsWith("dfv/"))
          && e.getValue().equals(table)) {
        return true;
      }
    }
    return false;
  }

  private List<String> tables() {
    return model.names("table").stream().filter(t -> t.startsWith("T")).toList();
  }

  private String any(List<String> names) {
    return names.get(random.nextInt(names.size()));
  }

  private CrashOp insert(long seq, Kind kind, String target, int rows) {
    final List<Object> args = new ArrayList<>();
    args.add(target);
    for (int i = 0; i < rows; i++) {
      args.add(nextId++);
    }
    return CrashOp.of(seq, kind, args.toArray());
  }

  /** An UPDATE or DELETE of up to {@code width + 1} ids from a stored one, or null. */
  private CrashOp range(long seq, Kind kind, String table, int width) {
    final TreeMap<Long, String> rows = model.rows.get(table);
    if (rows.isEmpty()) {
      return null;
    }
    final List<Long> ids = new ArrayList<>(rows.keySet().size() > 4096
        ? rows.headMap(rows.firstKey() + 4096).keySet() : rows.keySet());
    final long from = ids.get(random.nextInt(ids.size()));
    return CrashOp.of(seq, kind, table, from, from + random.nextInt(width + 1));
  }

  private CrashOp create(long seq, String kind, Kind op, Object... args) {
    return model.names(kind).size() < MAX_OBJECTS ? CrashOp.of(seq, op, args) : null;
  }

  private CrashOp drop(long seq, String kind, Kind op) {
    final List<String> names = model.names(kind);
    return names.isEmpty() ? null : CrashOp.of(seq, op, any(names));
  }

  private CrashOp withState(long seq, String kind, String state, Kind op) {
    final List<String> names = new ArrayList<>();
    for (Map.Entry<String, String> e : model.catalog.subMap(kind + "/", kind + "/\uffff")
        .entrySet()) {
      if (e.getValue().equals(state)) {
        names.add(e.getKey().substring(kind.length() + 1));
      }
    }
    return names.isEmpty() ? null : CrashOp.of(seq, op, any(names));
  }
}
