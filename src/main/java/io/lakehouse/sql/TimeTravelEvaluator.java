package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.engine.DuckDbDialect;
import io.lakehouse.engine.DuckDbErrors;
import io.lakehouse.engine.EngineSession;
import io.lakehouse.table.TimeTravel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Evaluates a table reference's time-travel expression at execution time, parameters included, with the engine
 * (so a version, timestamp or ref may be any constant expression in the engine's semantics), into the
 * {@link TimeTravel} the table format resolves: a version / snapshot id, an instant, or a branch / tag name.
 */
final class TimeTravelEvaluator {
  private TimeTravelEvaluator() {}

  /** Evaluates the reference's time-travel expression with DuckDB, parameters included. */
  static TimeTravel evaluate(TableReference ref, TimeTravelSyntax syntax, EngineSession session,
      List<Object> params) throws SQLException {
    if (ref.timeTravel == null) {
      return TimeTravel.LATEST;
    }
    // Number the expression's own parameters $1..$k so that exactly those values are bound.
    List<Object> values = new ArrayList<>();
    SqlNode renumbered = ref.timeTravel.accept(new SqlShuttle() {
      @Override
      public SqlNode visit(SqlDynamicParam param) {
        values.add(params.get(param.getIndex()));
        return new DollarParam(values.size() - 1, param.getParserPosition());
      }
    });
    String expr = renumbered.toSqlString(DuckDbDialect.INSTANCE).getSql();
    SqlParserPos pos = ref.timeTravel.getParserPosition();
    int[] at = syntax.toOriginal(pos.getLineNum(), pos.getColumnNum());
    Object value;
    try {
      value = ref.kind == TimeTravelSyntax.Kind.TIMESTAMP
          ? session.scalar("SELECT CAST((" + expr + ") AS TIMESTAMP WITH TIME ZONE)", values)
          : session.scalar("SELECT (" + expr + ")", values);
    } catch (SQLException e) {
      if (DuckDbErrors.isFatal(e)) {
        throw DuckDbErrors.translate(e, 0, 0);
      }
      throw new LakehouseSqlException("Invalid time-travel " + (ref.kind == TimeTravelSyntax.Kind.TIMESTAMP
          ? "timestamp" : "version") + " for " + ref.displayName + ": " + DuckDbErrors.translate(e, 0, 0)
          .getMessage(), SqlState.INVALID_ARGUMENT, at[0], at[1], e);
    }
    if (value == null) {
      throw new LakehouseSqlException("Time-travel value for " + ref.displayName + " is NULL",
          SqlState.INVALID_ARGUMENT, at[0], at[1], null);
    }
    if (ref.kind == TimeTravelSyntax.Kind.TIMESTAMP) {
      if (value instanceof OffsetDateTime odt) {
        return new TimeTravel.AtTimestamp(odt.toInstant());
      } else if (value instanceof Timestamp ts) {
        return new TimeTravel.AtTimestamp(ts.toInstant());
      } else if (value instanceof Instant i) {
        return new TimeTravel.AtTimestamp(i);
      }
      throw new LakehouseSqlException("Time-travel timestamp for " + ref.displayName + " is not a timestamp",
          SqlState.INVALID_ARGUMENT, at[0], at[1], null);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return new TimeTravel.AtVersion(((Number) value).longValue());
    }
    if (value instanceof BigInteger || value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
      // HUGEINT, UBIGINT, DECIMAL: exact, or refused (the low 64 bits of a larger number are no version).
      BigDecimal exact = value instanceof BigInteger i ? new BigDecimal(i) : (BigDecimal) value;
      try {
        return new TimeTravel.AtVersion(exact.longValueExact());
      } catch (ArithmeticException tooLarge) {
        throw new LakehouseSqlException("Time-travel version for " + ref.displayName + " is out of range: " + value,
            SqlState.INVALID_ARGUMENT, at[0], at[1], null);
      }
    }
    if (value instanceof String s) {
      // Digits are a version / snapshot id (Iceberg's are up to 19 digits), unless too large for one.
      if (s.matches("\\d{1,19}")) {
        try {
          return new TimeTravel.AtVersion(Long.parseLong(s));
        } catch (NumberFormatException tooLarge) {
          return new TimeTravel.AtRef(s);
        }
      }
      return new TimeTravel.AtRef(s);
    }
    throw new LakehouseSqlException("Time-travel version for " + ref.displayName + " must be an integer "
        + "version / snapshot id or a branch / tag name, got " + value.getClass().getSimpleName(),
        SqlState.INVALID_ARGUMENT, at[0], at[1], null);
  }
}
