/**
 * Benchmarks that run Sorrel side by side with its peers in one JVM on the
 * same data, launched by {@code bin/bench}: {@link dev.sorrel.bench.CoreBenchmark}
 * (against H2), {@link dev.sorrel.bench.ModelBenchmark} (PREDICT against raw
 * ONNX Runtime), {@link dev.sorrel.bench.FeatureBenchmark} (feature views
 * against DuckDB and H2) and {@link dev.sorrel.bench.ExperimentBenchmark}
 * (variant assignment against a bare Java loop, A/B analysis against DuckDB).
 */
package dev.sorrel.bench;
