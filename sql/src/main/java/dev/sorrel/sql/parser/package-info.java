/**
 * Parse-tree nodes of Sorrel's own statements; the grammar that builds them is
 * generated into {@code dev.sorrel.sql.parser.impl}.
 */
package dev.sorrel.sql.parser;
