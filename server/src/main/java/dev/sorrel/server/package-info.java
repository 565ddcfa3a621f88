/**
 * Sorrel's network server: an Apache Arrow Flight SQL service over a Sorrel
 * {@link dev.sorrel.engine.Database}, which BI tools and JDBC programs reach
 * through Arrow's Flight SQL JDBC driver and Python through ADBC. Each client
 * session runs its statements on embedded Sorrel connections; results stream
 * back as Arrow record batches. Keeps gRPC and Netty out of the embedded
 * driver's dependencies.
 */
package dev.sorrel.server;
