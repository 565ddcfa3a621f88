package dev.sorrel.sql;

import static org.apache.calcite.util.Static.RESOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.sorrel.engine.ErrorCode;

/** Validation errors are coded by the Calcite resource that raised them, not by their text. */
class SorrelValidatorTest {
  @Test void resourcesHaveTheirCodes() {
    assertEquals(ErrorCode.COLUMN_NOT_FOUND, SorrelValidator.codeOf(RESOURCE.columnNotFound("X")));
    assertEquals(ErrorCode.OBJECT_NOT_FOUND, SorrelValidator.codeOf(RESOURCE.objectNotFound("T")));
    assertEquals(ErrorCode.NOT_NULL_VIOLATION,
        SorrelValidator.codeOf(RESOURCE.columnNotNullable("A")));
    assertEquals(ErrorCode.TYPE_MISMATCH,
        SorrelValidator.codeOf(RESOURCE.canNotApplyOp2Type("=", "<DATE> = <INTEGER>", "")));
    assertEquals(ErrorCode.SYNTAX_ERROR,
        SorrelValidator.codeOf(RESOURCE.unmatchInsertColumn(3, 2)));
  }

  @Test void namesInTheMessageDoNotChangeTheCode() {
    // A missing table named like a column is still a missing table.
    assertEquals(ErrorCode.OBJECT_NOT_FOUND,
        SorrelValidator.codeOfMessage(RESOURCE.objectNotFound("COLUMN_STATS").ex().getMessage()));
    assertEquals(ErrorCode.OBJECT_NOT_FOUND, SorrelValidator.codeOfMessage(
        RESOURCE.objectNotFoundWithin("COLUMNZ", "SYS").ex().getMessage()));
    // A missing column named like "not found" things is still a missing column.
    assertEquals(ErrorCode.COLUMN_NOT_FOUND, SorrelValidator.codeOfMessage(
        RESOURCE.columnNotFoundInTable("TABLE_NOT_FOUND", "T").ex().getMessage()));
  }

  @Test void messagesOfNoKnownResourceAreStatementErrors() {
    assertEquals(ErrorCode.SYNTAX_ERROR, SorrelValidator.codeOfMessage("something else"));
    assertEquals(ErrorCode.SYNTAX_ERROR, SorrelValidator.codeOfMessage(null));
    // A known template's text with more after it is not that resource.
    assertEquals(ErrorCode.SYNTAX_ERROR,
        SorrelValidator.codeOfMessage("Object 'T' not found, and more"));
  }
}
