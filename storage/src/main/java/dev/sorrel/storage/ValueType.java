package dev.sorrel.storage;

import java.math.BigDecimal;

/**
 * The value types the storage layer understands, together with the one Java class each type is
 * represented by when values cross the storage API (both as input and as output).
 *
 * <p>The representations match Apache Calcite's internal ones, so the engine can hand values to
 * and from storage without conversion:
 *
 * <ul>
 *   <li>{@link #BOOLEAN} &rarr; {@link Boolean}
 *   <li>{@link #TINYINT} &rarr; {@link Byte}
 *   <li>{@link #SMALLINT} &rarr; {@link Short}
 *   <li>{@link #INTEGER} &rarr; {@link Integer}
 *   <li>{@link #BIGINT} &rarr; {@link Long}
 *   <li>{@link #REAL} &rarr; {@link Float}
 *   <li>{@link #DOUBLE} &rarr; {@link Double}
 *   <li>{@link #DECIMAL} &rarr; {@link BigDecimal}
 *   <li>{@link #VARCHAR} &rarr; {@link String}
 *   <li>{@link #VARBINARY} &rarr; {@code byte[]}
 *   <li>{@link #DATE} &rarr; {@link Integer}, days since 1970-01-01
 *   <li>{@link #TIME} &rarr; {@link Integer}, milliseconds since midnight
 *   <li>{@link #TIMESTAMP} &rarr; {@link Long}, milliseconds since the epoch, UTC
 * </ul>
 *
 * <p>Storage is strict: a value handed to it must be an instance of exactly the class above (or
 * {@code null}); other {@link Number} subclasses are rejected rather than silently converted,
 * because a silent narrowing would corrupt keys.
 */
public enum ValueType {
  BOOLEAN(Boolean.class, 1),
  TINYINT(Byte.class, 1),
  SMALLINT(Short.class, 2),
  INTEGER(Integer.class, 4),
  BIGINT(Long.class, 8),
  REAL(Float.class, 4),
  DOUBLE(Double.class, 8),
  DECIMAL(BigDecimal.class, -1),
  VARCHAR(String.class, -1),
  VARBINARY(byte[].class, -1),
  DATE(Integer.class, 4),
  TIME(Integer.class, 4),
  TIMESTAMP(Long.class, 8);

  private final Class<?> javaClass;
  private final int fixedWidth;

  ValueType(Class<?> javaClass, int fixedWidth) {
    this.javaClass = javaClass;
    this.fixedWidth = fixedWidth;
  }

  /** The Java class values of this type are represented by. */
  public Class<?> javaClass() {
    return javaClass;
  }

  /** Whether every value of this type occupies the same number of bytes in the row format. */
  public boolean isFixedWidth() {
    return fixedWidth > 0;
  }

  /**
   * The number of bytes a value of this type occupies in the row format.
   *
   * @throws IllegalStateException if this type is variable-width
   */
  public int fixedWidth() {
    if (fixedWidth <= 0) {
      throw new IllegalStateException(name() + " is not a fixed-width type");
    }
    return fixedWidth;
  }

  /**
   * Checks that {@code value} is {@code null} or of this type's representation class.
   *
   * @return {@code value}, for chaining
   * @throws IllegalArgumentException naming this type and the offending class otherwise
   */
  public Object checkValue(Object value) {
    if (value != null && value.getClass() != javaClass) {
      throw new IllegalArgumentException(
          "a " + name() + " value must be a " + javaClass.getSimpleName()
              + " but was a " + value.getClass().getName());
    }
    return value;
  }
}
