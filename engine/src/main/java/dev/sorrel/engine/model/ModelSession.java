package dev.sorrel.engine.model;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * A loaded model version: one ONNX Runtime session, shared by every query
 * that scores with it (ONNX Runtime sessions are safe to run concurrently).
 * Closing waits for runs in progress, so dropping a model never frees a
 * session under a running query.
 */
public final class ModelSession implements AutoCloseable {
  private final String model;
  private final ModelVersion version;
  private final OrtSession session;
  private final OrtSession.SessionOptions options;
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final PredictionCache cache;
  /** ONNX Runtime calls made and rows they scored, since the session was loaded. */
  private final LongAdder runs = new LongAdder();
  private final LongAdder rows = new LongAdder();
  private boolean closed;

  ModelSession(String model, ModelVersion version, OrtSession session,
      OrtSession.SessionOptions options, int cacheSize) {
    this.cache = cacheSize > 0 ? new PredictionCache(cacheSize) : null;
    this.model = model;
    this.version = version;
    this.session = session;
    this.options = options;
  }

  public String model() {
    return model;
  }

  public ModelVersion version() {
    return version;
  }

  /** The prediction cache, or null if the model has none. */
  public PredictionCache cache() {
    return cache;
  }

  /** Names the model and version, e.g. {@code fraud:2}. */
  public String reference() {
    return model + ":" + version.version();
  }

  /**
   * ONNX Runtime calls made with this session since it was loaded: one per
   * batch a query scores, so a test or an operator can see how a query
   * batched its rows.
   */
  public long runs() {
    return runs.sum();
  }

  /** Rows scored by {@link #runs()}: the batch dimensions of their inputs, summed. */
  public long rowsScored() {
    return rows.sum();
  }

  /**
   * Runs the model once on a batch. The caller owns and closes the inputs
   * and the result.
   */
  public OrtSession.Result run(Map<String, OnnxTensor> inputs) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND,
            "model " + reference() + " has been dropped");
      }
      final OrtSession.Result result = session.run(inputs);
      runs.increment();
      if (!inputs.isEmpty()) {
        final long[] shape = inputs.values().iterator().next().getInfo().getShape();
        rows.add(shape.length == 0 ? 1 : shape[0]);
      }
      return result;
    } catch (OrtException e) {
      throw new SorrelException(ErrorCode.DATA_EXCEPTION,
          "model " + reference() + " failed: " + e.getMessage(), e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override public void close() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        session.close();
        options.close();
      }
    } catch (OrtException e) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR,
          "cannot close model " + reference() + ": " + e.getMessage(), e);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
