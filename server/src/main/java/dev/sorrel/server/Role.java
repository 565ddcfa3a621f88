package dev.sorrel.server;

import java.util.Locale;

import dev.sorrel.sql.StatementAccess;

/**
 * What a server user may do. Each role includes the one before it:
 * {@code read} runs queries, {@code write} also changes rows (DML, COPY,
 * tracking, CHECK MONITOR), {@code admin} also changes the schema and the
 * model, experiment and monitor registries.
 */
public enum Role {
  READ,
  WRITE,
  ADMIN;

  /** Whether this role may run statements of the given class. */
  public boolean allows(StatementAccess access) {
    return switch (access) {
      case READ -> true;
      case WRITE -> this != READ;
      case ADMIN -> this == ADMIN;
    };
  }

  /** The least role that may run statements of the given class. */
  public static Role needed(StatementAccess access) {
    return switch (access) {
      case READ -> READ;
      case WRITE -> WRITE;
      case ADMIN -> ADMIN;
    };
  }

  /** The role's name as the users file and the user command write it. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code text} (any case); IllegalArgumentException naming the roles if none. */
  public static Role of(String text) {
    for (Role role : values()) {
      if (role.name().equalsIgnoreCase(text.trim())) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role '" + text
        + "'; the roles are read, write and admin");
  }
}
