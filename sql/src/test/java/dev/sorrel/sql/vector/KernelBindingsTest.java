package dev.sorrel.sql.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The compilations of one batch aggregate, on the statement's thread and on
 * a worker, bind the same resolved model version or experiment definition:
 * it is resolved once, by the first, and a change after that (an alias
 * moved) reaches neither.
 */
class KernelBindingsTest {
  @Test void bothPartsReceiveWhatTheFirstResolved() throws Exception {
    final Object call = new Object();
    final Object other = new Object();
    final AtomicInteger resolutions = new AtomicInteger();
    final KernelBindings bindings = new KernelBindings();
    // The statement's thread compiles first and resolves each call once.
    final Object version = bindings.resolve(call, () -> "v" + resolutions.incrementAndGet());
    assertSame(version, bindings.resolve(call, () -> "v" + resolutions.incrementAndGet()));
    final Object otherVersion = bindings.resolve(other, () -> "w" + resolutions.incrementAndGet());
    bindings.freeze();
    // The alias moves; the worker's compilation still gets the same version object.
    final Object onWorker = CompletableFuture.supplyAsync(
        () -> bindings.resolve(call, () -> "v" + resolutions.incrementAndGet())).get();
    assertSame(version, onWorker);
    assertSame(otherVersion, bindings.resolve(other, () -> "moved"));
    assertEquals(2, resolutions.get());
  }

  @Test void aCallTheFirstCompilationDidNotResolveIsABug() {
    final KernelBindings bindings = new KernelBindings();
    bindings.freeze();
    assertThrows(IllegalStateException.class, () -> bindings.resolve(new Object(), () -> "v"));
  }
}
