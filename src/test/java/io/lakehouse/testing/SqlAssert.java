package io.lakehouse.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.sql.SQLException;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * The one way tests check a failure: its {@link SqlState}, and for errors in the user's SQL the line and column of
 * {@link LakehouseSqlException} and fragments of the message. Every assertion returns the exception, so a test can go
 * on checking it; a failed assertion carries the exception as its cause (its message and stack trace are in the
 * report).
 *
 * <ul>
 *   <li>{@link #assertState(SqlState, Executable)}: the call throws an {@link SQLException} (any subclass) with that
 *       state.
 *   <li>{@link #assertSqlError(SqlState, Executable)}: the call throws the driver's own {@link LakehouseSqlException}
 *       with that state; {@link #assertSqlErrorAt} also checks its position in the user's text.
 *   <li>{@link #assertState(SqlState, SQLException)}: an exception the test already holds (from a future, a list).
 *   <li>{@link #assertStateClass}: only the two-character class ({@code "08"} connection, {@code "22"} data), where a
 *       test accepts any state of the class.
 * </ul>
 */
public final class SqlAssert {
  private SqlAssert() {}

  /** The call throws an {@link SQLException} with the state; returns it. */
  public static SQLException assertState(SqlState expected, Executable call) {
    return assertState(expected, call, null);
  }

  /** The call throws an {@link SQLException} with the state; {@code context} (e.g. the SQL) names the case. */
  public static SQLException assertState(SqlState expected, Executable call, String context) {
    return assertState(expected, assertThrows(SQLException.class, call, context), context);
  }

  /** The exception has the state; returns it. */
  public static SQLException assertState(SqlState expected, SQLException e) {
    return assertState(expected, e, null);
  }

  /** The exception has the state; {@code context} names the case. */
  public static SQLException assertState(SqlState expected, SQLException e, String context) {
    if (e == null) {
      throw new AssertionFailedError(prefix(context) + "expected an SQLException with SQLState " + describe(expected)
          + ", but there was none", expected.code(), null);
    }
    if (!expected.code().equals(e.getSQLState())) {
      throw new AssertionFailedError(prefix(context) + "expected SQLState " + describe(expected) + " but was "
          + describe(e.getSQLState()) + ": " + e, expected.code(), e.getSQLState(), e);
    }
    return e;
  }

  /**
   * The call throws the driver's {@link LakehouseSqlException} (not only some {@link SQLException}) with the state;
   * returns it for position and message checks.
   */
  public static LakehouseSqlException assertSqlError(SqlState expected, Executable call) {
    return assertSqlError(expected, call, null);
  }

  /** As {@link #assertSqlError(SqlState, Executable)}; {@code context} (e.g. the SQL) names the case. */
  public static LakehouseSqlException assertSqlError(SqlState expected, Executable call, String context) {
    LakehouseSqlException e = lakehouse(assertThrows(SQLException.class, call, context), context);
    assertState(expected, e, context);
    return e;
  }

  /** The call throws the driver's {@link LakehouseSqlException}, whatever its state; returns it. */
  public static LakehouseSqlException assertSqlError(Executable call) {
    return lakehouse(assertThrows(SQLException.class, call), null);
  }

  /** The call throws a {@link LakehouseSqlException} with the state at the 1-based line and column. */
  public static LakehouseSqlException assertSqlErrorAt(SqlState expected, int line, int column, Executable call) {
    return assertAt(assertSqlError(expected, call), line, column);
  }

  /**
   * The call throws a {@link LakehouseSqlException} with the state, positioned at the first occurrence of
   * {@code marker} in {@code sql} (the text the user sent).
   */
  public static LakehouseSqlException assertSqlErrorAt(SqlState expected, String sql, String marker,
      Executable call) {
    return assertAt(assertSqlError(expected, call, sql), sql, marker);
  }

  /** The call throws an {@link SQLException} whose state is of the two-character class (e.g. "08", "22"). */
  public static SQLException assertStateClass(String stateClass, Executable call) {
    return assertStateClass(stateClass, assertThrows(SQLException.class, call));
  }

  /** The exception's state is of the two-character class (e.g. "08", "22"). */
  public static SQLException assertStateClass(String stateClass, SQLException e) {
    if (stateClass.length() != 2) {
      throw new IllegalArgumentException("a SQLState class has two characters: " + stateClass);
    }
    String state = e.getSQLState();
    if (state == null || !state.startsWith(stateClass)) {
      throw new AssertionFailedError("expected a SQLState of class " + stateClass + " but was " + describe(state)
          + ": " + e, stateClass, state, e);
    }
    return e;
  }

  /** The exception is a {@link LakehouseSqlException} at the 1-based line and column. */
  public static LakehouseSqlException assertAt(SQLException e, int line, int column) {
    LakehouseSqlException l = lakehouse(e, null);
    if (l.getLine() != line || l.getColumn() != column) {
      throw new AssertionFailedError("expected the error at line " + line + ", column " + column + " but it was at line "
          + l.getLine() + ", column " + l.getColumn() + ": " + e, line + ":" + column,
          l.getLine() + ":" + l.getColumn(), e);
    }
    return l;
  }

  /** The exception is a {@link LakehouseSqlException} at the first occurrence of {@code marker} in {@code sql}. */
  public static LakehouseSqlException assertAt(SQLException e, String sql, String marker) {
    int[] at = position(sql, marker);
    return assertAt(e, at[0], at[1]);
  }

  /** The message contains every fragment. */
  public static <E extends SQLException> E assertMessageContains(E e, String... fragments) {
    for (String fragment : fragments) {
      assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
          () -> "expected \"" + fragment + "\" in the message: " + e.getMessage());
    }
    return e;
  }

  /** The message contains none of the fragments. */
  public static <E extends SQLException> E assertMessageLacks(E e, String... fragments) {
    for (String fragment : fragments) {
      if (e.getMessage() != null && e.getMessage().contains(fragment)) {
        throw new AssertionFailedError("did not expect \"" + fragment + "\" in the message: " + e.getMessage(), e);
      }
    }
    return e;
  }

  /**
   * The driver's error of a call as one comparable line: {@code "42000 3:7 message"} (state, line:column, the
   * message without its position suffix).
   */
  public static String failureText(Executable call) {
    LakehouseSqlException e = assertSqlError(call);
    String message = e.getMessage();
    String suffix = " (line " + e.getLine() + ", column " + e.getColumn() + ")";
    if (e.getLine() > 0 && message.endsWith(suffix)) {
      message = message.substring(0, message.length() - suffix.length());
    }
    return e.getSQLState() + " " + e.getLine() + ":" + e.getColumn() + " " + message;
  }

  /** 1-based {line, column} of the first occurrence of {@code marker} in {@code sql}; the marker must occur. */
  public static int[] position(String sql, String marker) {
    int offset = sql.indexOf(marker);
    assertTrue(offset >= 0, () -> "marker \"" + marker + "\" not in: " + sql);
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset; i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new int[] {line, column};
  }

  private static LakehouseSqlException lakehouse(SQLException e, String context) {
    return assertInstanceOf(LakehouseSqlException.class, e,
        () -> prefix(context) + "expected the driver's LakehouseSqlException: " + e);
  }

  private static String prefix(String context) {
    return context == null ? "" : context + " ==> ";
  }

  private static String describe(SqlState state) {
    return state.code() + " (" + state.name() + ")";
  }

  private static String describe(String code) {
    if (code == null) {
      return "null";
    }
    SqlState s = SqlState.of(code);
    return s.code().equals(code) ? describe(s) : code;
  }
}
