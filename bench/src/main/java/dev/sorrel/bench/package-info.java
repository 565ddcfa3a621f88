/**
 * Benchmarks that run Sorrel side by side with its peers in one JVM on the
 * same data, launched by {@code bin/bench}: {@link dev.sorrel.bench.CoreBenchmark}
 * (against H2), {@link dev.sorrel.bench.ModelBenchmark} (PREDICT against raw
 * ONNX Runtime) and {@link dev.sorrel.bench.FeatureBenchmark} (feature views
 * against DuckDB and H2).
 */
package dev.sorrel.bench;
