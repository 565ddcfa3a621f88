package dev.sorrel.engine.table;

import static dev.sorrel.engine.EngineTestSupport.assertSorrel;
import static dev.sorrel.engine.EngineTestSupport.createTable;
import static dev.sorrel.engine.EngineTestSupport.decimal;
import static dev.sorrel.engine.EngineTestSupport.insertAll;
import static dev.sorrel.engine.EngineTestSupport.notNull;
import static dev.sorrel.engine.EngineTestSupport.nullable;
import static dev.sorrel.engine.EngineTestSupport.scan;
import static dev.sorrel.engine.EngineTestSupport.uniqueMemoryName;
import static dev.sorrel.engine.EngineTestSupport.varchar;
import static dev.sorrel.engine.table.KeyPredicate.Operator.EQUAL;
import static dev.sorrel.engine.table.KeyPredicate.Operator.GREATER;
import static dev.sorrel.engine.table.KeyPredicate.Operator.GREATER_OR_EQUAL;
import static dev.sorrel.engine.table.KeyPredicate.Operator.LESS;
import static dev.sorrel.engine.table.KeyPredicate.Operator.LESS_OR_EQUAL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.table.AccessPath.Kind;
import dev.sorrel.engine.table.KeyPredicate.Constant;
import dev.sorrel.engine.table.KeyPredicate.Operand;
import dev.sorrel.engine.table.KeyPredicate.Operator;
import dev.sorrel.engine.table.KeyPredicate.Parameter;
import dev.sorrel.storage.ValueType;

/**
 * The access paths a table chooses for key predicates, and what they read:
 * a path may read more rows than the predicates keep, never fewer.
 */
class AccessPathTest {
  private static final IntFunction<Object> NO_PARAMETERS = i -> {
    throw new AssertionError("parameter ?" + i + " read by a path without parameters");
  };

  private Database db;
  /** (G VARCHAR(5), N INTEGER, V INTEGER), key (G, N). */
  private Table composite;
  /** (ID BIGINT, S SMALLINT, V VARCHAR), key (ID). */
  private Table numbers;
  /** (K VARCHAR, V INTEGER), key (K). */
  private Table strings;

  @BeforeEach
  void createTables() {
    db = Database.openInMemory(uniqueMemoryName("access"));
    composite = createTable(db, "CK", List.of(varchar("G", 5, false), notNull("N",
        ValueType.INTEGER), nullable("V", ValueType.INTEGER)), List.of(0, 1));
    numbers = createTable(db, "K", List.of(notNull("ID", ValueType.BIGINT),
        nullable("S", ValueType.SMALLINT), nullable("V", ValueType.VARCHAR)), List.of(0));
    strings = createTable(db, "S", List.of(notNull("K", ValueType.VARCHAR),
        nullable("V", ValueType.INTEGER)), List.of(0));
  }

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  private static KeyPredicate p(int column, Operator operator, Object value) {
    return KeyPredicate.of(column, operator, new Constant(value));
  }

  private static KeyPredicate param(int column, Operator operator, int index) {
    return KeyPredicate.of(column, operator, new Parameter(index));
  }

  private static IntFunction<Object> params(Object... values) {
    return i -> values[i];
  }

  // ------------------------------------------------------------------ shapes

  @Test void equalityOnEveryKeyColumnIsOnePoint() {
    final KeyPredicate g = p(0, EQUAL, "a");
    final KeyPredicate n = p(1, EQUAL, 2L);
    final AccessPath path = composite.accessPath(List.of(p(2, EQUAL, 7), n, g));
    assertEquals(Kind.POINTS, path.kind());
    assertEquals("point lookup (G, N) = ('a', 2)", path.describe());
    assertEquals(List.of(g, n), path.used());
    final List<KeyRange> ranges = path.ranges(NO_PARAMETERS);
    assertEquals(1, ranges.size());
    assertArrayEquals(new Object[] {"a", 2}, ranges.get(0).lower(), "converted to INTEGER");
    assertEquals(1d, path.estimatedRows(10_000));
  }

  @Test void equalityOnLeadingColumnReadsItsPrefix() {
    insertAll(db, composite, List.of(new Object[] {"a", 1, 11}, new Object[] {"a", 10, 110},
        new Object[] {"ab", 1, 31}, new Object[] {"", 1, 41}, new Object[] {"b", 1, 21}));
    final KeyPredicate g = p(0, EQUAL, "a");
    final AccessPath path = composite.accessPath(List.of(p(1, GREATER, 1), g));
    assertEquals(Kind.PREFIX, path.kind());
    assertEquals("key range 'a' <= G <= 'a'", path.describe());
    assertEquals(List.of(g), path.used());
    assertEquals(List.of(11, 110), read(composite, path, NO_PARAMETERS, 2));
    assertEquals(List.of(41), read(composite,
        composite.accessPath(List.of(p(0, EQUAL, ""))), NO_PARAMETERS, 2));
  }

  @Test void inListOnOneColumnKeyIsPoints() {
    final KeyPredicate in = KeyPredicate.in(0,
        List.of(new Constant(3L), new Constant(1L), new Parameter(0)));
    final AccessPath path = numbers.accessPath(List.of(p(0, GREATER, 0L), in));
    assertEquals(Kind.POINTS, path.kind());
    assertEquals("point lookups ID = [3, 1, ?0]", path.describe());
    assertEquals(List.of(in), path.used());
    assertEquals(3, path.ranges(params(7)).size());
    assertEquals(2, path.ranges(params((Object) null)).size(),
        "NULL in an IN list matches nothing");
  }

  @Test void inListOnCompositeKeyIsNotUsed() {
    final AccessPath path = composite.accessPath(List.of(
        KeyPredicate.in(0, List.of(new Constant("a"), new Constant("b")))));
    assertTrue(path.isFull(), path.describe());
    assertEquals(List.of(), path.used());
  }

  @Test void rangeTakesTheFirstUsableBoundOfEachSide() {
    final KeyPredicate lower = p(0, GREATER, 1L);
    final KeyPredicate upper = p(0, LESS_OR_EQUAL, 3L);
    final AccessPath path = numbers.accessPath(List.of(p(1, LESS, 0), p(0, GREATER, 1.5),
        lower, upper, p(0, GREATER_OR_EQUAL, 2L)));
    assertEquals(Kind.RANGE, path.kind());
    assertEquals("key range 1 < ID <= 3", path.describe());
    assertEquals(List.of(lower, upper), path.used());
    assertEquals(500d, path.estimatedRows(10_000));
    final AccessPath open = numbers.accessPath(List.of(p(0, LESS, 0L)));
    assertEquals("key range ID < 0", open.describe());
    assertEquals(2_500d, open.estimatedRows(10_000));
    assertEquals("key range ?0 <= ID",
        numbers.accessPath(List.of(param(0, GREATER_OR_EQUAL, 0))).describe());
  }

  @Test void predicatesTheKeyCannotServeLeaveAFullScan() {
    assertTrue(numbers.accessPath(List.of()).isFull());
    assertTrue(numbers.accessPath(List.of(p(1, EQUAL, 3), p(2, LESS, "x"))).isFull());
    assertTrue(composite.accessPath(List.of(p(1, EQUAL, 3))).isFull(), "second key column only");
    final Table keyless = createTable(db, "NK", List.of(nullable("A", ValueType.INTEGER)),
        List.of());
    final AccessPath path = keyless.accessPath(List.of(p(0, EQUAL, 1)));
    assertTrue(path.isFull());
    assertEquals("full scan", path.describe());
    assertEquals(List.of(KeyRange.ALL), path.ranges(NO_PARAMETERS));
  }

  // ------------------------------------------------------------------ strings

  /** Key order is code point order; SQL compares strings by UTF-16 code units. */
  @Test void stringBoundsTheKeyOrderDisagreesOnAreNotUsed() {
    final String emoji = "\uD83D\uDE00";
    assertTrue(strings.accessPath(List.of(p(0, GREATER, emoji))).isFull());
    assertTrue(strings.accessPath(List.of(p(0, LESS, "\uE000"))).isFull());
    assertEquals("key range 'a' < K", strings.accessPath(List.of(p(0, GREATER, emoji),
        p(0, GREATER, "a"))).describe());
    // Equality is exact whatever the order.
    assertEquals(Kind.POINTS, strings.accessPath(List.of(p(0, EQUAL, emoji))).kind());
  }

  @Test void stringParameterTheKeyOrderDisagreesOnLeavesItsSideUnbounded() {
    insertAll(db, strings, List.of(new Object[] {"\uFFFC", 1}, new Object[] {"a", 2},
        new Object[] {"\uD83D\uDE00x", 3}));
    final AccessPath path = strings.accessPath(List.of(param(0, GREATER, 0)));
    assertReadsAll(path.ranges(params("\uD83D\uDE00")));
    // Every row with k > '😀' in UTF-16 order is read.
    assertTrue(read(strings, path, params("\uD83D\uDE00"), 1).containsAll(List.of(1, 3)));
    assertEquals(List.of(1, 3), read(strings, path, params("b"), 1), "in code point order");
  }

  /** The key encoding refuses unpaired surrogates, so no stored key equals such a string. */
  @Test void stringWithUnpairedSurrogateMatchesNoKey() {
    assertTrue(strings.accessPath(List.of(p(0, EQUAL, "a\uD800"))).isFull());
    final AccessPath path = strings.accessPath(List.of(param(0, EQUAL, 0)));
    assertEquals(List.of(), path.ranges(params("a\uD800")));
    assertEquals(List.of(), path.ranges(params("\uDC00b")));
  }

  // ------------------------------------------------------------------ numbers

  @Test void integralKeyUsesOnlyExactlyIntegralConstants() {
    assertTrue(numbers.accessPath(List.of(p(0, EQUAL, new BigDecimal("1.5")))).isFull());
    assertTrue(numbers.accessPath(List.of(p(0, GREATER, new BigDecimal("1.5")))).isFull());
    assertTrue(numbers.accessPath(List.of(p(0, EQUAL, 2.5d))).isFull());
    final AccessPath two = numbers.accessPath(List.of(p(0, EQUAL, new BigDecimal("2.00"))));
    assertEquals("point lookup ID = 2", two.describe());
    assertArrayEquals(new Object[] {2L}, two.ranges(NO_PARAMETERS).get(0).lower());
    assertEquals("point lookup ID = 2", numbers.accessPath(List.of(p(0, EQUAL, 2d))).describe());
  }

  @Test void integralParameterThatIsNotExactMatchesNothingOrNarrowsLess() {
    final AccessPath point = numbers.accessPath(List.of(param(0, EQUAL, 0)));
    assertEquals(List.of(), point.ranges(params(new BigDecimal("1.5"))));
    assertEquals(List.of(), point.ranges(params(2.5d)));
    assertArrayEquals(new Object[] {2L},
        point.ranges(params(new BigDecimal("2.0"))).get(0).lower());
    final AccessPath bound = numbers.accessPath(List.of(param(0, GREATER, 0)));
    assertReadsAll(bound.ranges(params(new BigDecimal("1.5"))));
  }

  @Test void valuesBeyondTheColumnRangeMatchNothingOrNarrowLess() {
    final Table small = createTable(db, "SK", List.of(notNull("ID", ValueType.SMALLINT)),
        List.of(0));
    insertAll(db, small, List.of(new Object[] {(short) -300}, new Object[] {(short) 3}));
    assertTrue(small.accessPath(List.of(p(0, EQUAL, 40_000))).isFull());
    assertTrue(small.accessPath(List.of(p(0, GREATER, -100_000))).isFull());
    assertTrue(numbers.accessPath(List.of(p(0, EQUAL,
        new BigDecimal("9999999999999999999")))).isFull());
    final AccessPath point = small.accessPath(List.of(param(0, EQUAL, 0)));
    assertEquals(List.of(), point.ranges(params(40_000)));
    final AccessPath bound = small.accessPath(List.of(param(0, GREATER, 0),
        param(0, LESS, 1)));
    assertEquals(List.of(-300, 3).toString(),
        read(small, bound, params(-100_000, 100_000), 0).toString());
    assertEquals(List.of(-300).toString(),
        read(small, bound, params(-100_000, 0), 0).toString());
  }

  /** A bound is compared, not stored: it keeps its digits beyond the column's scale. */
  @Test void decimalParameterIsNotRoundedToTheColumnScale() {
    final Table dc = createTable(db, "DC", List.of(decimal("K", 10, 2, false)), List.of(0));
    insertAll(db, dc, List.of(new Object[] {new BigDecimal("1.25")},
        new Object[] {new BigDecimal("1.26")}));
    final AccessPath path = dc.accessPath(List.of(param(0, GREATER, 0)));
    assertEquals(List.of(new BigDecimal("1.26")),
        read(dc, path, params(new BigDecimal("1.255")), 0));
    assertEquals("key range 1.255 < K", dc.accessPath(List.of(p(0, GREATER,
        new BigDecimal("1.255")))).describe());
  }

  // ------------------------------------------------------------------ parameters

  @Test void nullParameterMatchesNothing() {
    assertEquals(List.of(), numbers.accessPath(List.of(param(0, EQUAL, 0)))
        .ranges(params((Object) null)));
    assertEquals(List.of(), numbers.accessPath(List.of(param(0, LESS, 0)))
        .ranges(params((Object) null)));
    assertEquals(List.of(), composite.accessPath(List.of(param(0, EQUAL, 0)))
        .ranges(params((Object) null)));
  }

  @Test void parameterOfTheWrongTypeIsAnError() {
    final AccessPath path = numbers.accessPath(List.of(param(0, EQUAL, 0)));
    assertSorrel(ErrorCode.TYPE_MISMATCH, () -> path.ranges(params("x")));
    // A constant of the wrong type is left to the filter.
    assertTrue(numbers.accessPath(List.of(p(0, EQUAL, "x"))).isFull());
  }

  @Test void parametersAreResolvedPerExecution() {
    final AccessPath path = composite.accessPath(List.of(param(1, EQUAL, 1),
        param(0, EQUAL, 0)));
    assertEquals("point lookup (G, N) = (?0, ?1)", path.describe());
    assertArrayEquals(new Object[] {"a", 2}, path.ranges(params("a", 2L)).get(0).lower());
    assertArrayEquals(new Object[] {"b", 3}, path.ranges(params("b", 3)).get(0).lower());
    assertEquals(List.of(), path.ranges(params("b", 3_000_000_000L)));
  }

  @Test void predicatesCheckTheirOperands() {
    assertThrows(IllegalArgumentException.class,
        () -> new KeyPredicate(0, EQUAL, List.of(new Constant(1), new Constant(2))));
    assertThrows(IllegalArgumentException.class, () -> KeyPredicate.in(0, List.of()));
    assertThrows(NullPointerException.class, () -> new Constant(null));
    assertEquals(GREATER, LESS.reverse());
    assertEquals(LESS_OR_EQUAL, GREATER_OR_EQUAL.reverse());
    assertThrows(IllegalArgumentException.class, () -> Operator.IN.reverse());
    assertEquals("$1 IN ('a', ?0)",
        KeyPredicate.in(1, List.of(new Constant("a"), new Parameter(0))).toString());
  }

  // ------------------------------------------------------------------ oracle

  /**
   * Random predicates with constants and parameters over integer and string
   * keys: every row the predicates keep (compared as SQL does: numbers by
   * value, strings by UTF-16 code units) is among the rows the path reads.
   */
  @Test void pathsNeverDropARowThePredicatesKeep() {
    final String[] texts = {"", "a", "ab", "b", "z", "\u00E9", "\uE000", "\uFFFC",
        "\uD83D\uDE00", "\uD83D\uDE00x", "a\uD83D\uDE00", "\u00E9\uFFFF"};
    final List<Object[]> stringRows = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      stringRows.add(new Object[] {texts[i], i});
    }
    insertAll(db, strings, stringRows);
    final List<Object[]> numberRows = new ArrayList<>();
    for (long id = -5; id <= 5; id++) {
      numberRows.add(new Object[] {id, null, null});
    }
    numberRows.add(new Object[] {Long.MAX_VALUE, null, null});
    numberRows.add(new Object[] {Long.MIN_VALUE, null, null});
    insertAll(db, numbers, numberRows);
    final Object[] numberValues = {-6L, -5L, 0L, 3L, 5L, 6, new BigDecimal("2.5"),
        new BigDecimal("-0.5"), new BigDecimal("3.0"), 1.5d, 4d,
        new BigDecimal("9223372036854775808"), new BigDecimal("-9223372036854775809")};
    final Operator[] operators = Operator.values();
    final Random random = new Random(42);
    for (int round = 0; round < 2_000; round++) {
      final boolean text = random.nextBoolean();
      final Table table = text ? strings : numbers;
      final List<KeyPredicate> predicates = new ArrayList<>();
      final Map<Integer, Object> parameters = new HashMap<>();
      final int count = 1 + random.nextInt(3);
      for (int i = 0; i < count; i++) {
        final Operator operator = operators[random.nextInt(operators.length)];
        final int size = operator == Operator.IN ? 1 + random.nextInt(3) : 1;
        final List<Operand> operands = new ArrayList<>();
        for (int j = 0; j < size; j++) {
          final Object value = text ? texts[random.nextInt(texts.length)]
              : numberValues[random.nextInt(numberValues.length)];
          if (random.nextBoolean()) {
            operands.add(new Constant(value));
          } else {
            parameters.put(parameters.size(), value);
            operands.add(new Parameter(parameters.size() - 1));
          }
        }
        predicates.add(new KeyPredicate(0, operator, operands));
      }
      final AccessPath path = table.accessPath(predicates);
      final List<Object> read = new ArrayList<>();
      for (KeyRange range : path.ranges(parameters::get)) {
        for (Object[] row : scan(db, table, range)) {
          read.add(row[0]);
        }
      }
      for (Object[] row : text ? stringRows : numberRows) {
        if (keeps(predicates, row[0], parameters) && !read.contains(row[0])) {
          throw new AssertionError("path " + path + " for " + predicates + " with "
              + parameters + " drops key " + row[0]);
        }
      }
    }
  }

  private static boolean keeps(List<KeyPredicate> predicates, Object key,
      Map<Integer, Object> parameters) {
    for (KeyPredicate p : predicates) {
      boolean any = false;
      for (Operand operand : p.operands()) {
        final Object value = operand instanceof Constant c ? c.value()
            : parameters.get(((Parameter) operand).index());
        final int cmp = key instanceof String s ? s.compareTo((String) value)
            : new BigDecimal(key.toString()).compareTo(new BigDecimal(value.toString()));
        any |= switch (p.operator()) {
          case EQUAL, IN -> cmp == 0;
          case LESS -> cmp < 0;
          case LESS_OR_EQUAL -> cmp <= 0;
          case GREATER -> cmp > 0;
          case GREATER_OR_EQUAL -> cmp >= 0;
        };
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  /** Column {@code column} of the rows a path reads, in the order read. */
  private List<Object> read(Table table, AccessPath path, IntFunction<Object> parameters,
      int column) {
    final List<Object> values = new ArrayList<>();
    for (KeyRange range : path.ranges(parameters)) {
      for (Object[] row : scan(db, table, range)) {
        values.add(row[column]);
      }
    }
    return values;
  }

  private static void assertReadsAll(List<KeyRange> ranges) {
    assertEquals(1, ranges.size(), ranges::toString);
    assertTrue(ranges.get(0).isAll(), ranges::toString);
  }
}
