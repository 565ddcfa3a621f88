/** The meaning of Sorrel's DDL statements: one executor method per statement node. */
package dev.sorrel.sql.ddl;
