/**
 * The parts of planning that are Sorrel's choices rather than operators: the
 * cost Sorrel gives a sort, and the heuristic join ordering that keeps
 * queries of many joins planning in bounded time.
 */
package dev.sorrel.sql.plan;
