/**
 * File formats for import and export: reading CSV records and the text forms
 * of values. Knows storage value types, not tables or statements.
 */
package dev.sorrel.storage.files;
