package dev.sorrel.sql.ddl;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.experiment.ExperimentDef;
import dev.sorrel.sql.parser.SqlAlterExperiment;
import dev.sorrel.sql.parser.SqlCreateExperiment;
import dev.sorrel.sql.parser.SqlDropExperiment;
import dev.sorrel.sql.runtime.TransactionState;

/**
 * The meaning of {@code CREATE EXPERIMENT}, {@code ALTER EXPERIMENT} and
 * {@code DROP EXPERIMENT}: changes to the engine's experiments, each one
 * transaction. Errors carry the position of the part of the statement they
 * concern where there is one (a variant, its model).
 */
final class ExperimentDdl {
  private ExperimentDdl() {
  }

  static void create(Database database, TransactionState transactions,
      SqlCreateExperiment create) {
    final String name = name(create.name);
    if (create.getReplace()) {
      throw new PositionedException(dev.sorrel.engine.ErrorCode.FEATURE_NOT_SUPPORTED,
          create.getParserPosition(), "CREATE OR REPLACE EXPERIMENT is not supported; drop"
              + " the experiment and create it again");
    }
    if (create.ifNotExists && database.experiments().experiment(name) != null) {
      return;
    }
    final List<ExperimentDef.Variant> variants = new ArrayList<>();
    for (SqlCreateExperiment.Variant v : create.variants) {
      final String model = text(v.model());
      if (model != null) {
        try {
          database.models().resolve(model);
        } catch (SorrelException e) {
          throw new PositionedException(e.code(), v.model().getParserPosition(),
              "variant " + v.name() + ": " + e.getMessage());
        }
      }
      variants.add(new ExperimentDef.Variant(v.name(), model,
          v.weight().getValueAs(BigDecimal.class)));
    }
    try {
      Conditional.ddl(transactions, database, "CREATE EXPERIMENT", create.ifNotExists,
          () -> database.experiments().experiment(name) != null,
          tx -> database.experiments().create(tx, name,
          text(create.salt), text(create.hash), variants, text(create.comment),
          ModelDdl.options(create.options)));
    } catch (SorrelException e) {
      throw positioned(e, create);
    }
  }

  static void alter(Database database, TransactionState transactions,
      SqlAlterExperiment alter) {
    final String name = name(alter.name);
    try {
      TransactionState.ddl(transactions, database, "ALTER EXPERIMENT",
          tx -> switch (alter.action) {
        case START -> database.experiments().start(tx, name);
        case STOP -> database.experiments().stop(tx, name, alter.winner);
        case SET_COMMENT -> database.experiments().setComment(tx, name, text(alter.comment));
      });
    } catch (SorrelException e) {
      throw positioned(e, alter);
    }
  }

  static void drop(Database database, TransactionState transactions,
      SqlDropExperiment drop) {
    final String name = name(drop.name);
    try {
      Conditional.ddl(transactions, database, "DROP EXPERIMENT", drop.ifExists,
          () -> database.experiments().experiment(name) == null, tx -> {
        database.experiments().drop(tx, name);
        return null;
      });
    } catch (SorrelException e) {
      throw positioned(e, drop);
    }
  }

  private static SorrelException positioned(SorrelException e, SqlNode node) {
    return e instanceof PositionedException ? e
        : new PositionedException(e.code(), node.getParserPosition(), e.getMessage());
  }

  private static String name(SqlIdentifier id) {
    return id.names.get(id.names.size() - 1);
  }

  private static String text(SqlNode literal) {
    return literal == null ? null : ((SqlLiteral) literal).getValueAs(String.class);
  }
}
