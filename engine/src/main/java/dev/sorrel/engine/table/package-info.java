/**
 * Tables at run time: typed rows stored under an order-preserving primary
 * key, point reads, key-range scans and checked writes. A
 * {@link dev.sorrel.engine.table.WriteObserver} lets the owner of a table
 * (a feature view) take part in its writes without the table knowing it.
 */
package dev.sorrel.engine.table;
