/**
 * File formats for import and export: reading CSV records, reading and
 * writing Parquet files, and the text forms of values. Knows storage value types, not tables or statements.
 */
package dev.sorrel.storage.files;
