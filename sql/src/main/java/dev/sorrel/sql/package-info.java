/**
 * Sorrel's SQL layer over Apache Calcite: the generated parser and its DDL
 * executor, schemas exposing engine tables and system tables, planner rules
 * and operators (key-lookup push-down, batched writes), and the statement
 * preparation that caches plans.
 */
package dev.sorrel.sql;
