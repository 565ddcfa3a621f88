/**
 * Tables at run time: typed rows stored under an order-preserving primary
 * key, point reads, key-range scans and checked writes. A query layer asks a
 * table how to read the rows its filter keeps, in {@link
 * dev.sorrel.engine.table.KeyPredicate}s, and gets an {@link
 * dev.sorrel.engine.table.AccessPath}: the table alone knows which values
 * its key order can serve. A {@link dev.sorrel.engine.table.WriteObserver}
 * lets the owner of a table (a feature view) take part in its writes without
 * the table knowing it.
 */
package dev.sorrel.engine.table;
