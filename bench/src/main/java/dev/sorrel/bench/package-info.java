/**
 * Benchmarks that run Sorrel side by side with H2 in one JVM on the same data.
 * The entry point is {@link dev.sorrel.bench.CoreBenchmark}, launched by
 * {@code bin/bench}.
 */
package dev.sorrel.bench;
