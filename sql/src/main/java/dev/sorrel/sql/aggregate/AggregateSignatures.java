package dev.sorrel.sql.aggregate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The argument check of {@link StateAggregate}s, made by the validator
 * before Calcite's implicit coercion would turn a string into a number row
 * by row (failing at the first bad row, with no position) or a string into
 * a BOOLEAN: a call fits when its argument types fit one overload's kinds.
 */
public final class AggregateSignatures {
  private AggregateSignatures() {
  }

  /**
   * The overloads a call may be to: its resolved aggregate, or, while the
   * validator has not yet chosen among several overloads, every
   * {@link StateAggregate} of its name. Empty for any other call.
   */
  public static List<StateAggregate> overloads(SqlCall call, SqlOperatorTable operators,
      SqlNameMatcher nameMatcher) {
    final SqlOperator operator = call.getOperator();
    final List<StateAggregate> overloads = new ArrayList<>();
    if (operator instanceof SqlUserDefinedAggFunction f) {
      if (f.function instanceof StateAggregate a) {
        overloads.add(a);
      }
    } else if (operator instanceof SqlUnresolvedFunction f) {
      final List<SqlOperator> found = new ArrayList<>();
      operators.lookupOperatorOverloads(f.getNameAsId(), null, SqlSyntax.FUNCTION, found,
          nameMatcher);
      for (SqlOperator o : found) {
        if (o instanceof SqlUserDefinedAggFunction u && u.function instanceof StateAggregate a) {
          overloads.add(a);
        }
      }
    }
    return overloads;
  }

  /**
   * The supported forms, to name in an error, when the argument types fit
   * none of the overloads; null when they fit one, or when no overload takes
   * this many arguments (Calcite reports a wrong count itself).
   */
  public static @Nullable String mismatch(List<StateAggregate> overloads,
      List<RelDataType> types) {
    boolean arity = false;
    for (StateAggregate a : overloads) {
      if (a.accepts(types)) {
        return null;
      }
      arity |= a.arguments().size() == types.size();
    }
    if (!arity) {
      return null;
    }
    final Set<String> forms = new LinkedHashSet<>();
    overloads.stream().sorted(Comparator.comparingInt(a -> a.arguments().size()))
        .forEach(a -> forms.add("'" + a.form() + "'"));
    return String.join(", ", forms);
  }
}
