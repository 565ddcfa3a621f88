package dev.sorrel.engine.catalog;

/**
 * A comment on a table or view, or on one of its columns, as the catalog
 * stores it ({@code COMMENT ON}). A feature view's own comment is part of
 * its definition ({@link FeatureViewDef#comment()}); comments on its
 * columns are stored here.
 *
 * @param object name of the table, view or feature view
 * @param column name of the column, or null for a comment on the object
 * @param text the comment, never empty
 */
public record CommentDef(String object, String column, String text) {
}
