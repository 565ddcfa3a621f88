package dev.sorrel.e2e.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The side log of a crash test, next to the database: one line per event, each forced to disk
 * before the child goes on, so that it survives the child's SIGKILL exactly as far as the
 * child got.
 * <ul>
 *   <li>{@code S seq op}: the child is about to run the operation (written before it starts);
 *   <li>{@code A seq}: the database acknowledged it (the JDBC call returned);
 *   <li>{@code E seq message}: it failed (a bug of the workload or of the database);
 *   <li>{@code R seq 1|0}: the verifier found the operation that was in flight at the kill
 *       applied (1) or not applied (0);
 *   <li>{@code K round}: a child of that round started.
 * </ul>
 * A line cut by the kill has no newline; it is ignored and cut off before the next append.
 */
final class CrashLog implements AutoCloseable {
  private final FileChannel channel;

  CrashLog(Path file) throws IOException {
    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.READ);
    // drop a line the last kill cut in half
    final long size = channel.size();
    long end = size;
    final ByteBuffer one = ByteBuffer.allocate(1);
    while (end > 0) {
      one.clear();
      channel.read(one, end - 1);
      if (one.get(0) == '\n') {
        break;
      }
      end--;
    }
    if (end < size) {
      channel.truncate(end);
    }
    channel.position(end);
  }

  /** Appends a line and forces it (data and size) to the device. */
  void append(String line) throws IOException {
    final ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    channel.force(true);
  }

  @Override public void close() throws IOException {
    channel.close();
  }

  /** What a side log says: the operations in order and what became of each. */
  static final class Replay {
    final List<CrashOp> ops = new ArrayList<>();
    final Set<Long> acked = new HashSet<>();
    final Map<Long, Boolean> resolved = new HashMap<>();
    final Map<Long, String> errors = new HashMap<>();
    long nextSeq = 1;
    long nextId = 1;
    int rounds;

    /** The last operation neither acknowledged, failed nor resolved: the one in flight. */
    CrashOp pending() {
      if (ops.isEmpty()) {
        return null;
      }
      final CrashOp last = ops.get(ops.size() - 1);
      final long seq = last.seq();
      return acked.contains(seq) || resolved.containsKey(seq) || errors.containsKey(seq)
          ? null : last;
    }

    /** The state after every acknowledged operation and every one found applied. */
    CrashModel model() {
      final CrashModel model = new CrashModel();
      for (CrashOp op : ops) {
        if (acked.contains(op.seq()) || resolved.getOrDefault(op.seq(), false)) {
          model.apply(op);
        }
      }
      return model;
    }
  }

  static Replay read(Path file) throws IOException {
    final Replay replay = new Replay();
    if (!Files.exists(file)) {
      return replay;
    }
    final String text = Files.readString(file, StandardCharsets.UTF_8);
    final int end = text.lastIndexOf('\n');
    if (end < 0) {
      return replay;
    }
    for (String line : text.substring(0, end).split("\n")) {
      final String[] head = line.split(" ", 3);
      switch (head[0]) {
        case "S" -> {
          final CrashOp op = CrashOp.parse(Long.parseLong(head[1]), head[2]);
          replay.ops.add(op);
          replay.nextSeq = Math.max(replay.nextSeq, op.seq() + 1);
          replay.nextId = Math.max(replay.nextId, maxId(op) + 1);
        }
        case "A" -> replay.acked.add(Long.parseLong(head[1]));
        case "E" -> replay.errors.put(Long.parseLong(head[1]), head.length > 2 ? head[2] : "");
        case "R" -> replay.resolved.put(Long.parseLong(head[1]), head[2].equals("1"));
        case "K" -> replay.rounds++;
        default -> throw new IllegalStateException("bad side log line: " + line);
      }
    }
    return replay;
  }

  /** The highest row id an operation uses, so that later inserts never reuse one. */
  private static long maxId(CrashOp op) {
    long max = 0;
    switch (op.kind()) {
      case INS, BATCH, FVINS, MERGE, UPSERT -> {
        for (long id : op.ids()) {
          max = Math.max(max, id);
        }
      }
      case COPYCSV, COPYPQ, COPYAR -> max = op.longArg(2);
      case TX, SPTX -> {
        for (CrashOp part : op.parts()) {
          max = Math.max(max, maxId(part));
        }
      }
      case UPD, DEL, CTAB, DTAB, COMPACT, CIDX, DIDX, CVIEW, DVIEW, CENT, DENT, CFV, CDFV,
          REFRESH, DFV, CMODEL, AMODEL, DMODEL, CEXP, XSTART, XSTOP, DEXP, CMON, CHECK, DMON,
          RSTART, RPARAM, REND, ALIAS, FVTTL, FVCOMPACT, REFRESHI -> {
        // no new row ids
      }
    }
    return max;
  }
}
