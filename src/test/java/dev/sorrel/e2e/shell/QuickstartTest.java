package dev.sorrel.e2e.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.shell.Main;
import dev.sorrel.shell.ScriptStatement;
import dev.sorrel.shell.StatementSplitter;

/**
 * The README's quickstart script runs through the shell without an error, twice on the same
 * database (as {@code bin/quickstart} does when run again), and shows what it promises.
 */
class QuickstartTest {
  @TempDir Path dir;

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("examples/quickstart.sql"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new AssertionError("examples/quickstart.sql not found above "
          + Path.of("").toAbsolutePath());
    }
    return p;
  }

  @Test void quickstartRunsTwice() throws IOException {
    final Path root = repositoryRoot();
    // The script names its files relative to the repository root, where bin/quickstart runs.
    final String text = Files.readString(root.resolve("examples/quickstart.sql"))
        .replace("'examples/", "'" + root.resolve("examples") + "/");
    final Path script = dir.resolve("quickstart.sql");
    Files.writeString(script, text);
    for (int run = 1; run <= 2; run++) {
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      final ByteArrayOutputStream err = new ByteArrayOutputStream();
      final int status = Main.run(new String[] {"--no-timing", "--format=csv", "-f",
          script.toString(), "jdbc:sorrel:" + dir.resolve("demo.db")},
          new ByteArrayInputStream(new byte[0]), out, err, false);
      final String output = out.toString(StandardCharsets.UTF_8)
          .replace(System.lineSeparator(), "\n");
      assertEquals(0, status, "run " + run + ": " + err.toString(StandardCharsets.UTF_8)
          + "\n" + output);
      assertTrue(output.contains("EXPERIMENT_NAME,STATUS,WINNER,VARIANTS\n"
          + "checkout_v2,stopped,treatment,\"control 50, treatment 50\"\n"), output);
      // PREDICT_VARIANT scores each visit with its variant's model (the challenger's
      // score for visit 1 is challenger_tips.csv's model on the same inputs).
      assertTrue(output.contains("ID,VARIANT,P_TIP,P_CONTROL,P_CHALLENGER\n"
          + "1,challenger,0.6383,0.6699,0.6383\n"), output);
      assertTrue(output.contains("VARIANT,N,MEAN,LIFT,LIFT_LO,LIFT_HI,P_VALUE,SRM_P,"
          + "CUPED_LIFT_LO,CUPED_LIFT_HI,CUPED_P,VAR_REDUCTION\ncontrol,"), output);
      // scipy.stats.ks_2samp(week 0, week 1): D = 6/7, p = 0.004662004662004661
      assertTrue(output.contains("KS_P,KS_D,PSI,COUNTRY_P\n0.00466200466200466"), output);
      // The monitor's check of the same week gives the same KS test, and records an alert.
      assertTrue(output.contains("MODEL_INPUTS_DRIFT,AMOUNT,ks,0.8571428571428571,"
          + "0.004662004662004661,0.05,true,8,7,1,"), output);
      assertTrue(output.contains("MONITOR_NAME,COLUMN_NAME,METHOD,SCORE,THRESHOLD\n"
          + "MODEL_INPUTS_DRIFT,AMOUNT,ks,0.8571,0.05\n"), output);
      // Week 1's AUC and accuracy (scikit-learn: 0.666667 and 0.5 on the same predictions)
      // fell from week 0's 1.0 by more than 0.1: both degraded.
      assertTrue(output.contains("TIPPER_QUALITY,AUC,roc_auc,0.6666666666666666,"), output);
      assertTrue(output.contains("TIPPER_QUALITY,ACCURACY,accuracy,0.5,"), output);
    }
  }

  /**
   * As bin/quickstart runs it, the script reads as a tour: every statement is printed before
   * its result under a comment of one line that says what the step shows, the start-over
   * statements print nothing, and there is no timing to tell runs apart.
   */
  @Test void quickstartEchoesEachStepWithItsComment() throws IOException {
    final Path root = repositoryRoot();
    final String text = Files.readString(root.resolve("examples/quickstart.sql"))
        .replace("'examples/", "'" + root.resolve("examples") + "/");
    final Path script = dir.resolve("quickstart.sql");
    Files.writeString(script, text);
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final int status = Main.run(new String[] {"--echo", "--no-timing", "-f", script.toString(),
        "jdbc:sorrel:" + dir.resolve("demo.db")},
        new ByteArrayInputStream(new byte[0]), out, err, false);
    final String output = out.toString(StandardCharsets.UTF_8)
        .replace(System.lineSeparator(), "\n");
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8) + "\n" + output);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    assertTrue(output.startsWith("\n-- Tables live in RocksDB, keyed by their primary key.\n"
        + "CREATE TABLE users (\n"), output);
    assertFalse(output.contains("DROP "), output);
    assertFalse(output.contains("Time: "), output);
    boolean quiet = false;
    int steps = 0;
    int from = 0;
    for (ScriptStatement statement : StatementSplitter.split(text)) {
      if (statement.isMeta()) {
        quiet = statement.text().equals("\\quiet on");
        continue;
      }
      if (quiet) {
        continue;
      }
      // Each statement is echoed, in order, with its step's comment right above it.
      final String echoed = (statement.comment().isEmpty() ? "" : statement.comment() + "\n")
          + statement.text() + ";\n";
      final int at = output.indexOf(echoed, from);
      assertTrue(at >= 0, "not echoed in order: " + echoed);
      from = at + echoed.length();
      assertFalse(statement.comment().contains("\n"),
          "a step's comment is one line: " + statement.comment());
      steps += statement.comment().isEmpty() ? 0 : 1;
    }
    assertTrue(steps >= 40, "steps: " + steps);
    // A step's result follows its statement.
    assertTrue(output.contains("-- Joins and aggregates: spend per country.\n"
        + "SELECT u.country, COUNT(*) AS n, SUM(t.amount) AS total\n"
        + "FROM tx t JOIN users u ON t.user_id = u.user_id\nGROUP BY u.country\n"
        + "ORDER BY total DESC;\n COUNTRY | N | TOTAL\n"), output);
  }
}
