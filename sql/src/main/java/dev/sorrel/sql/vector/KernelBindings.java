package dev.sorrel.sql.vector;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the kernel calls of one statement's execution resolved to: the model
 * version a PREDICT reference names, the definition of an experiment
 * ASSIGN_VARIANT reads. An aggregate over a table segment compiles its
 * expressions once per thread (kernels hold buffers, so each thread binds
 * its own), but all of them must see the same version, or a concurrent
 * {@code ALTER MODEL ... SET ALIAS} or experiment stop would send part of the
 * rows to another one. The first compilation, on the statement's thread,
 * resolves each call; {@link #freeze} then makes later ones only reuse what
 * it resolved.
 */
final class KernelBindings {
  /** By call object: a plan holds each call once, shared by every compilation of it. */
  private final Map<Object, Object> resolved = new IdentityHashMap<>();
  private boolean frozen;

  /**
   * What {@code call} resolved to in this execution, resolving it with
   * {@code resolve} the first time.
   *
   * @throws IllegalStateException if frozen and the call was not resolved before
   */
  @SuppressWarnings("unchecked")
  synchronized <T> T resolve(Object call, Supplier<T> resolve) {
    Object value = resolved.get(call);
    if (value == null) {
      if (frozen) {
        throw new IllegalStateException("resolved after the first compilation: " + call);
      }
      value = resolve.get();
      resolved.put(call, value);
    }
    return (T) value;
  }

  /** Ends resolving: later compilations bind what the first one resolved. */
  synchronized void freeze() {
    frozen = true;
  }
}
