/**
 * The persisted catalog: definitions of tables, views, entities and feature
 * views, stored in the database's META space and published to readers only
 * once the transaction that changed them has committed.
 */
package dev.sorrel.engine.catalog;
