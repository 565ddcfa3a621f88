/**
 * {@code COPY}: loading tables from files and exporting tables or query
 * results to files. A load is one transaction: a bad row anywhere in the file
 * leaves the table as it was.
 */
package dev.sorrel.sql.copy;
