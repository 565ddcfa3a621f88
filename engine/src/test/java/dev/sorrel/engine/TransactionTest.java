package dev.sorrel.engine;

import static dev.sorrel.engine.EngineTestSupport.assertSorrel;
import static dev.sorrel.engine.EngineTestSupport.createTable;
import static dev.sorrel.engine.EngineTestSupport.notNull;
import static dev.sorrel.engine.EngineTestSupport.nullable;
import static dev.sorrel.engine.EngineTestSupport.scanAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ValueType;

/** Write transactions: one writer at a time, atomic commit, clean release. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionTest {
  @TempDir Path dir;

  private Database db;
  private Table table;
  private ExecutorService executor;

  @BeforeEach
  void setUp() {
    // A short writer timeout keeps the contention tests fast.
    db = Database.open(dir, DatabaseOptions.DEFAULT.withSyncCommits(true).withLockTimeoutMillis(300));
    table = createTable(db, "T", List.of(notNull("K", ValueType.BIGINT),
        nullable("V", ValueType.VARCHAR)), List.of(0));
    executor = Executors.newCachedThreadPool();
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (db != null) {
        closeWithin(db, 10);
      }
    } finally {
      executor.shutdownNow();
      executor.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** Closes a database on a helper thread, failing instead of hanging if it blocks. */
  private static void closeWithin(Database database, int seconds) throws Exception {
    final Thread closer = new Thread(database::close, "closer");
    closer.setDaemon(true);
    closer.start();
    closer.join(TimeUnit.SECONDS.toMillis(seconds));
    if (closer.isAlive()) {
      fail("Database.close() blocked for " + seconds + " s: the writer lock is still held");
    }
  }

  private <T> T onOtherThread(java.util.concurrent.Callable<T> task) throws Exception {
    final Future<T> future = executor.submit(task);
    try {
      return future.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Test
  void writersOnDifferentThreadsWaitForEachOther() throws Exception {
    final Transaction first = db.begin();
    table.insert(first, new Object[] {1L, "first"});

    final SorrelException busy = assertSorrel(ErrorCode.OBJECT_IN_USE,
        () -> onOtherThread(db::begin));
    assertTrue(busy.getMessage().contains("busy"), busy.getMessage());
    assertEquals("55006", busy.sqlState());

    // Once the first commits, a waiting writer gets in and sees its row as a duplicate.
    final CountDownLatch started = new CountDownLatch(1);
    final CompletableFuture<ErrorCode> second = CompletableFuture.supplyAsync(() -> {
      started.countDown();
      try (Transaction tx = db.begin()) {
        table.insert(tx, new Object[] {1L, "second"});
        tx.commit();
        return null;
      } catch (SorrelException e) {
        return e.code();
      }
    }, executor);
    assertTrue(started.await(10, TimeUnit.SECONDS));
    first.commit();
    final ErrorCode outcome = second.get(20, TimeUnit.SECONDS);
    // The second writer either timed out waiting (slow machine) or saw the duplicate.
    assertTrue(outcome == ErrorCode.DUPLICATE_KEY || outcome == ErrorCode.OBJECT_IN_USE,
        "second writer: " + outcome);
    assertEquals("first", scanAll(db, table).get(0)[1]);
  }

  @Test
  void commitIsAtomicAndDurableAcrossReopen() {
    try (Transaction tx = db.begin()) {
      for (long k = 0; k < 50; k++) {
        table.insert(tx, new Object[] {k, "v" + k});
      }
      assertTrue(scanAll(db, table).isEmpty(), "nothing visible before commit");
      tx.commit();
      assertTrue(tx.isEnded());
    }
    assertEquals(50, scanAll(db, table).size());
    db.close();
    db = Database.open(dir, DatabaseOptions.DEFAULT);
    table = db.catalog().table("T");
    assertEquals(50, scanAll(db, table).size());
  }

  @Test
  void committingTwiceIsAnInvalidTransactionState() {
    final Transaction tx = db.begin();
    tx.commit();
    assertSorrel(ErrorCode.INVALID_TRANSACTION_STATE, tx::commit);
    tx.close(); // harmless
    tx.rollback(); // harmless
    try (Transaction next = db.begin()) {
      next.commit();
    }
  }

  /**
   * Two write transactions open at once on one thread (two connections used
   * by one thread) must not both commit the same primary key: either the
   * second cannot start while the first is open, or it sees the duplicate.
   */
  @Test
  void overlappingTransactionsOnOneThreadCannotBothInsertTheSameKey() {
    final Transaction first = db.begin();
    Transaction second = null;
    try {
      table.insert(first, new Object[] {1L, "first"});
      try {
        second = db.begin();
        table.insert(second, new Object[] {1L, "second"});
        first.commit();
        second.commit();
      } catch (SorrelException e) {
        assertTrue(e.code() == ErrorCode.OBJECT_IN_USE || e.code() == ErrorCode.DUPLICATE_KEY
            || e.code() == ErrorCode.INVALID_TRANSACTION_STATE,
            e.code() + ": " + e.getMessage());
        return;
      }
      fail("two overlapping transactions on one thread both committed key 1; the row is now "
          + java.util.Arrays.toString(scanAll(db, table).get(0))
          + " and the first transaction's insert was silently overwritten");
    } finally {
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }

  /**
   * A transaction may be ended by another thread than the one that began it
   * (a pool or a cancel closing a connection); that must release the writer
   * lock rather than fail and leave the database unwritable.
   */
  @Test
  void transactionEndedOnAnotherThreadReleasesTheWriterLock() throws Exception {
    final ExecutorService owner = Executors.newSingleThreadExecutor();
    try {
      final Transaction tx = owner.submit(() -> {
        final Transaction t = db.begin();
        table.insert(t, new Object[] {1L, "rolled back elsewhere"});
        return t;
      }).get(20, TimeUnit.SECONDS);
      Throwable failure = null;
      try {
        tx.rollback();
      } catch (IllegalMonitorStateException e) {
        failure = e;
      }
      assertTrue(tx.isEnded());
      if (failure == null) {
        // The lock is free: another thread can write.
        onOtherThread(() -> {
          try (Transaction t = db.begin()) {
            table.insert(t, new Object[] {2L, "later"});
            t.commit();
          }
          return null;
        });
        assertEquals(List.of(2L), scanAll(db, table).stream().map(r -> r[0]).toList());
      } else {
        // The writer lock is stuck with the owner thread: close the database there, where
        // the reentrant lock can be taken, so that the test does not hang.
        final Database stuck = db;
        db = null;
        owner.submit(stuck::close).get(20, TimeUnit.SECONDS);
        throw new AssertionError("rolling back on another thread than begin() threw " + failure
            + "; the writer lock stays held by the thread that began the transaction", failure);
      }
    } finally {
      owner.shutdownNow();
      owner.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
