package dev.sorrel.sql.aggregate;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.apache.calcite.adapter.enumerable.AggAddContext;
import org.apache.calcite.adapter.enumerable.AggContext;
import org.apache.calcite.adapter.enumerable.AggImplementor;
import org.apache.calcite.adapter.enumerable.AggResetContext;
import org.apache.calcite.adapter.enumerable.AggResultContext;
import org.apache.calcite.adapter.enumerable.StrictAggImplementor;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableAggFunction;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One overload of an aggregate whose work is done by a Java state object:
 * the generated code creates the state per group (with its public
 * constructor that takes the function's name, for its messages, if it has
 * one, else its public no-argument constructor), calls its {@code add} method for each row whose arguments
 * are all not NULL (rows with a NULL argument are left out), with each
 * argument converted as its {@link ArgumentKind} says, and returns
 * {@code result(name)} as a nullable DOUBLE. The state class thus holds the
 * meaning; this class holds the Calcite plumbing the drift, A/B and model
 * metric aggregates share.
 *
 * <p>With {@link #withContext()}, {@code add} also receives the query's
 * {@link org.apache.calcite.DataContext} first, for aggregates that read
 * the catalog.
 */
public final class StateAggregate implements ImplementableAggFunction {
  /** A named argument of an aggregate. */
  public record Argument(String name, ArgumentKind kind) {
    public Argument {
      Objects.requireNonNull(name);
      Objects.requireNonNull(kind);
    }
  }

  private final String name;
  private final Class<?> state;
  private final List<Argument> arguments;
  private final boolean context;
  private final boolean named;

  private StateAggregate(String name, Class<?> state, List<Argument> arguments,
      boolean context) {
    this.name = name;
    this.state = state;
    this.arguments = List.copyOf(arguments);
    this.context = context;
    this.named = takesName(state);
  }

  private static boolean takesName(Class<?> state) {
    try {
      state.getConstructor(String.class);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** An aggregate {@code name(arguments...)} whose rows fold into a new {@code state} per group. */
  public static StateAggregate of(String name, Class<?> state, Argument... arguments) {
    return new StateAggregate(name, state, List.of(arguments), false);
  }

  /** This aggregate with {@code argument} appended. */
  public StateAggregate with(Argument argument) {
    final List<Argument> longer = new ArrayList<>(arguments);
    longer.add(argument);
    return new StateAggregate(name, state, longer, context);
  }

  /** This aggregate with the query's DataContext passed to {@code add} before the arguments. */
  public StateAggregate withContext() {
    return new StateAggregate(name, state, arguments, true);
  }

  /** The SQL name, also what the state's {@code result} method is told. */
  public String name() {
    return name;
  }

  public List<Argument> arguments() {
    return arguments;
  }

  /** The form as error messages show it, e.g. {@code DRIFT_KS(<NUMERIC>, <BOOLEAN>)}. */
  public String form() {
    return name + arguments.stream().map(a -> a.kind().label())
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /** Whether arguments of these types fit this overload. */
  public boolean accepts(List<RelDataType> types) {
    if (types.size() != arguments.size()) {
      return false;
    }
    for (int i = 0; i < types.size(); i++) {
      if (!arguments.get(i).kind().accepts(types.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    return typeFactory.createTypeWithNullability(
        typeFactory.createSqlType(SqlTypeName.DOUBLE), true);
  }

  @Override public List<FunctionParameter> getParameters() {
    final List<FunctionParameter> parameters = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      parameters.add(parameter(i, arguments.get(i)));
    }
    return parameters;
  }

  private static FunctionParameter parameter(int ordinal, Argument argument) {
    return new FunctionParameter() {
      @Override public int getOrdinal() {
        return ordinal;
      }

      @Override public String getName() {
        return argument.name();
      }

      @Override public RelDataType getType(RelDataTypeFactory typeFactory) {
        return typeFactory.createSqlType(argument.kind().parameterType());
      }

      @Override public boolean isOptional() {
        return false;
      }
    };
  }

  @Override public AggImplementor getImplementor(boolean windowContext) {
    return new StrictAggImplementor() {
      @Override public List<Type> getNotNullState(AggContext info) {
        return List.of(state);
      }

      @Override protected void implementNotNullReset(AggContext info, AggResetContext reset) {
        reset.currentBlock().add(Expressions.statement(Expressions.assign(
            reset.accumulator().get(0), named
                ? Expressions.new_(state, Expressions.constant(name))
                : Expressions.new_(state))));
      }

      @Override protected void implementNotNullAdd(AggContext info, AggAddContext add) {
        final List<Expression> values = add.arguments();
        final List<? extends RelDataType> types = info.parameterRelTypes();
        final List<Expression> converted = new ArrayList<>();
        if (context) {
          converted.add(add.rowTranslator().getRoot());
        }
        for (int i = 0; i < arguments.size(); i++) {
          converted.add(arguments.get(i).kind().convert(values.get(i), types.get(i)));
        }
        add.currentBlock().add(Expressions.statement(Expressions.call(
            add.accumulator().get(0), "add", converted)));
      }

      @Override protected Expression implementNotNullResult(AggContext info,
          AggResultContext result) {
        return Expressions.call(result.accumulator().get(0), "result",
            Expressions.constant(name));
      }
    };
  }
}
