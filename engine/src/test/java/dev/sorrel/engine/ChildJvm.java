package dev.sorrel.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test sources in a separate JVM, for things that may crash one. */
final class ChildJvm {
  private ChildJvm() {
  }

  /** The outcome of a finished child. */
  record Result(int exitCode, String stdout, String stderr) {
    String describe() {
      return "exit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr (head):\n"
          + stderr.substring(0, Math.min(stderr.length(), 3000));
    }
  }

  static Result run(Path workDir, Class<?> mainClass, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    final List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:-CreateCoredumpOnCrash");
    command.add("-XX:ErrorFile=" + workDir.resolve("hs_err_pid%p.log"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    final Path out = workDir.resolve(mainClass.getSimpleName() + "-stdout.txt");
    final Path err = workDir.resolve(mainClass.getSimpleName() + "-stderr.txt");
    final Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new AssertionError(mainClass.getSimpleName() + " did not finish within "
            + timeoutSeconds + " s");
      }
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
