/**
 * What generated query code calls at run time: scans and writes over engine
 * tables, with their plans (key bounds, projections) fixed at planning time
 * and parameter values bound per execution.
 */
package dev.sorrel.sql.runtime;
