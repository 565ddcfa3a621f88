package dev.sorrel.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * The generated data of the feature-store suite, produced as a stream from a
 * seed (nothing is held in memory, so the heap a run needs is the engines'),
 * identical on every pass.
 *
 * <p>Feature rows: {@code features} rows over {@code entities} drivers,
 * event times spread over 30 days from 2024-01-01. Row {@code i} belongs to
 * driver {@code perm[i % entities]} (a fixed random permutation), in time
 * slot {@code i / entities} of the driver's 30 days, at a random millisecond
 * within the slot: each driver gets {@code features / entities} rows (plus
 * one for some), evenly spread and never two at the same time, so the
 * point-in-time match is unambiguous in every engine. The file is in time
 * order, as an event log is. Values: {@code conv_rate} and {@code acc_rate}
 * in [0, 1] with four decimals, {@code trips} in [0, 5000).
 *
 * <p>Entity rows (orders): ids 1..rows, a uniformly random driver and a
 * uniformly random time in the same 30 days.
 */
final class FeatureRows {
  /** 2024-01-01T00:00:00Z. */
  static final long BASE_MILLIS = 1_704_067_200_000L;
  static final long SPAN_MILLIS = 30L * 24 * 3600 * 1000;
  static final String FEATURE_HEADER = "driver_id,event_timestamp,conv_rate,acc_rate,trips";
  static final String ORDER_HEADER = "id,driver_id,ts";

  final int entities;
  final int features;
  final int rows;
  final long seed;
  private final int[] perm;
  private final long slotMillis;

  FeatureRows(int entities, int features, int rows, long seed) {
    this.entities = entities;
    this.features = features;
    this.rows = rows;
    this.seed = seed;
    final SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    perm = new int[entities];
    for (int i = 0; i < entities; i++) {
      perm[i] = i + 1;
    }
    for (int i = entities - 1; i > 0; i--) {
      final int j = random.nextInt(i + 1);
      final int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    final long slots = (features + (long) entities - 1) / entities;
    slotMillis = Math.max(1, SPAN_MILLIS / Math.max(1, slots));
  }

  /** A cursor over the feature rows, from the first. */
  Features features() {
    return new Features();
  }

  /** A cursor over the entity rows (orders), from the first. */
  Orders orders() {
    return new Orders();
  }

  /** The current feature row in public fields; {@link #next()} moves on. */
  final class Features {
    private final SplittableRandom random = new SplittableRandom(seed);
    private long index = -1;
    long driver;
    long event;
    /** conv_rate and acc_rate in ten-thousandths: the value is exactly {@code k / 10000.0}. */
    int convK;
    int accK;
    double conv;
    double acc;
    long trips;

    boolean next() {
      if (++index >= features) {
        return false;
      }
      driver = perm[(int) (index % entities)];
      event = BASE_MILLIS + (index / entities) * slotMillis + random.nextLong(slotMillis);
      convK = random.nextInt(10_001);
      accK = random.nextInt(10_001);
      conv = convK / 10_000.0;
      acc = accK / 10_000.0;
      trips = random.nextInt(5_000);
      return true;
    }
  }

  /** The current entity row in public fields; {@link #next()} moves on. */
  final class Orders {
    private final SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    private long index = -1;
    long id;
    long driver;
    long ts;

    boolean next() {
      if (++index >= rows) {
        return false;
      }
      id = index + 1;
      driver = 1 + random.nextInt(entities);
      ts = BASE_MILLIS + random.nextLong(SPAN_MILLIS);
      return true;
    }
  }

  /** Writes the first {@code limit} feature rows as CSV with a header; returns the file size. */
  long writeFeatures(Path file, long limit) throws IOException {
    final Features f = features();
    final StringBuilder line = new StringBuilder(64);
    final TimestampText text = new TimestampText();
    try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8),
        1 << 20)) {
      w.write(FEATURE_HEADER);
      w.write('\n');
      for (long n = 0; n < limit && f.next(); n++) {
        line.setLength(0);
        line.append(f.driver).append(',');
        text.append(line, f.event);
        line.append(',');
        decimal(line, f.convK).append(',');
        decimal(line, f.accK).append(',').append(f.trips).append('\n');
        w.append(line);
      }
    }
    return Files.size(file);
  }

  /**
   * Ten-thousandths as a plain decimal ({@code 0.0042}, never {@code 4.2E-3}):
   * both engines parse it to the double nearest to {@code k / 10000}, which is
   * what the division gives.
   */
  private static StringBuilder decimal(StringBuilder sb, int k) {
    sb.append(k / 10_000).append('.');
    final int frac = k % 10_000;
    return sb.append((char) ('0' + frac / 1000)).append((char) ('0' + frac / 100 % 10))
        .append((char) ('0' + frac / 10 % 10)).append((char) ('0' + frac % 10));
  }

  /** Writes the entity rows as CSV with a header; returns the file size. */
  long writeOrders(Path file) throws IOException {
    final Orders o = orders();
    final StringBuilder line = new StringBuilder(48);
    final TimestampText text = new TimestampText();
    try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8),
        1 << 20)) {
      w.write(ORDER_HEADER);
      w.write('\n');
      while (o.next()) {
        line.setLength(0);
        line.append(o.id).append(',').append(o.driver).append(',');
        text.append(line, o.ts);
        line.append('\n');
        w.append(line);
      }
    }
    return Files.size(file);
  }

  /** Epoch milliseconds as {@code yyyy-MM-dd HH:mm:ss.SSS} in UTC, the day text cached. */
  static final class TimestampText {
    private static final long DAY = 86_400_000L;
    private long day = Long.MIN_VALUE;
    private String dayText;

    void append(StringBuilder sb, long millis) {
      final long d = Math.floorDiv(millis, DAY);
      if (d != day) {
        day = d;
        dayText = LocalDate.ofEpochDay(d).toString();
      }
      int ms = (int) (millis - d * DAY);
      final int hour = ms / 3_600_000;
      ms -= hour * 3_600_000;
      final int minute = ms / 60_000;
      ms -= minute * 60_000;
      final int second = ms / 1000;
      ms -= second * 1000;
      sb.append(dayText).append(' ');
      two(sb, hour).append(':');
      two(sb, minute).append(':');
      two(sb, second).append('.');
      sb.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
          .append((char) ('0' + ms % 10));
    }

    private static StringBuilder two(StringBuilder sb, int v) {
      return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
  }
}
