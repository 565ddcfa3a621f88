package dev.sorrel.sql.runtime;

import org.apache.calcite.rel.core.TableModify;

import dev.sorrel.engine.table.Table;

/**
 * How a write statement changes a table, fixed when it is planned.
 *
 * @param table the engine table
 * @param operation INSERT, UPDATE or DELETE
 * @param updateColumns for UPDATE, the ordinals of the columns assigned, in
 *     the order their new values follow the old row in each input row
 */
public record ModifyPlan(Table table, TableModify.Operation operation, int[] updateColumns) {
}
