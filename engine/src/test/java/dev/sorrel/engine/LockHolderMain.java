package dev.sorrel.engine;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.storage.ValueType;

/**
 * Run in a child JVM by {@link ProcessLockTest}: opens the database in
 * {@code args[0]}, commits one row to table {@code CHILD}, prints {@code OPEN}
 * and holds the database until its stdin closes or 60 seconds pass.
 */
public final class LockHolderMain {
  private LockHolderMain() {
  }

  public static void main(String[] args) throws Exception {
    final CountDownLatch release = new CountDownLatch(1);
    final Thread stdinWatcher = new Thread(() -> {
      try (InputStream in = System.in) {
        while (in.read() >= 0) {
          // Drain until the parent closes our stdin.
        }
      } catch (Exception ignored) {
        // Treat a broken stdin as closed.
      }
      release.countDown();
    }, "stdin-watcher");
    stdinWatcher.setDaemon(true);

    try (Database db = Database.open(Path.of(args[0]), DatabaseOptions.DEFAULT)) {
      if (db.catalog().table("CHILD") == null) {
        try (Transaction tx = db.begin()) {
          db.catalog().createTable(tx, "CHILD",
              List.of(new ColumnDef("K", ValueType.BIGINT, -1, 0, false, null)), List.of(0));
          tx.commit();
        }
      }
      try (Transaction tx = db.begin()) {
        db.catalog().table("CHILD").insert(tx, new Object[] {ProcessHandle.current().pid()});
        tx.commit();
      }
      System.out.println("OPEN");
      System.out.flush();
      stdinWatcher.start();
      release.await(60, TimeUnit.SECONDS);
    }
    System.out.println("CLOSED");
    System.out.flush();
  }
}
