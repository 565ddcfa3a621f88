package dev.sorrel.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Facts about the machine a benchmark runs on, for its report header. */
final class Machine {
  private Machine() {
  }

  static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }

  static String physicalMemory() {
    try {
      final var os = (com.sun.management.OperatingSystemMXBean)
          ManagementFactory.getOperatingSystemMXBean();
      return (os.getTotalMemorySize() >> 30) + " GiB";
    } catch (RuntimeException | LinkageError e) {
      return "? GiB";
    }
  }

  /**
   * Prints a report's title and the machine, operating system and JVM it
   * ran on (every figure depends on them).
   */
  static void printHeader(java.io.PrintStream out, String title) {
    final Runtime rt = Runtime.getRuntime();
    out.println(title);
    out.println("=".repeat(title.length()));
    out.printf(java.util.Locale.ROOT, "machine : %d cores (%s), %s RAM%n",
        rt.availableProcessors(), cpuModel(), physicalMemory());
    out.printf(java.util.Locale.ROOT, "os      : %s %s %s%n", System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("os.arch"));
    out.printf(java.util.Locale.ROOT, "java    : %s (%s %s), max heap (-Xmx) %d MiB, args %s%n",
        System.getProperty("java.version"), System.getProperty("java.vm.name"),
        System.getProperty("java.vm.version"), rt.maxMemory() >> 20,
        ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  /** The one-minute load average: other work on the machine skews every figure. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
