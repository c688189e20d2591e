package io.lakehouse.testing;

import static io.lakehouse.testing.SqlAssert.assertAt;
import static io.lakehouse.testing.SqlAssert.assertMessageContains;
import static io.lakehouse.testing.SqlAssert.assertMessageLacks;
import static io.lakehouse.testing.SqlAssert.assertSqlError;
import static io.lakehouse.testing.SqlAssert.assertSqlErrorAt;
import static io.lakehouse.testing.SqlAssert.assertState;
import static io.lakehouse.testing.SqlAssert.assertStateClass;
import static io.lakehouse.testing.SqlAssert.position;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The shared assertions fail when they should: a helper that always passes would hide every bug behind it. */
class SqlAssertTest {
  private static final String SQL = "SELECT a,\n  nope FROM t";
  private static final LakehouseSqlException AT_NOPE =
      new LakehouseSqlException("unknown column nope", SqlState.UNKNOWN_COLUMN, 2, 3, null);

  @Test
  void stateOfAThrownException() {
    SQLException plain = new SQLException("x", "42000");
    assertSame(plain, assertState(SqlState.SYNTAX, () -> {
      throw plain;
    }));
    AssertionFailedError wrong = assertThrows(AssertionFailedError.class,
        () -> assertState(SqlState.UNKNOWN_TABLE, () -> {
          throw plain;
        }, "the case"));
    assertTrue(wrong.getMessage().contains("the case") && wrong.getMessage().contains("42S02 (UNKNOWN_TABLE)")
        && wrong.getMessage().contains("42000 (SYNTAX)"), wrong.getMessage());
    assertSame(plain, wrong.getCause());
    assertThrows(AssertionFailedError.class, () -> assertState(SqlState.SYNTAX, () -> { }));
    assertThrows(AssertionFailedError.class, () -> assertState(SqlState.SYNTAX, () -> {
      throw new IllegalStateException("not an SQLException");
    }));
    assertThrows(AssertionFailedError.class, () -> assertState(SqlState.GENERAL, new SQLException("no state")));
    assertThrows(AssertionFailedError.class, () -> assertState(SqlState.SYNTAX, (SQLException) null));
  }

  @Test
  void driverExceptionsAndPositions() {
    assertSame(AT_NOPE, assertSqlError(SqlState.UNKNOWN_COLUMN, () -> {
      throw AT_NOPE;
    }));
    assertSame(AT_NOPE, assertSqlErrorAt(SqlState.UNKNOWN_COLUMN, SQL, "nope", () -> {
      throw AT_NOPE;
    }));
    assertSame(AT_NOPE, assertSqlErrorAt(SqlState.UNKNOWN_COLUMN, 2, 3, () -> {
      throw AT_NOPE;
    }));
    assertThrows(AssertionFailedError.class, () -> assertSqlError(SqlState.SYNTAX, () -> {
      throw new SQLException("not the driver's", "42000");
    }));
    assertThrows(AssertionFailedError.class, () -> assertAt(AT_NOPE, SQL, "SELECT"));
    assertThrows(AssertionFailedError.class, () -> assertAt(AT_NOPE, 2, 4));
    assertThrows(AssertionFailedError.class, () -> assertAt(new SQLException("x", "42000"), 1, 1));
    assertThrows(AssertionFailedError.class, () -> position(SQL, "absent"), "a marker that is not there");
    assertArrayEquals(new int[] {1, 1}, position(SQL, "SELECT"));
    assertArrayEquals(new int[] {2, 3}, position(SQL, "nope"));
  }

  @Test
  void classesAndMessages() {
    SQLException storage = new SQLException("bucket gone", "08006");
    assertSame(storage, assertStateClass("08", storage));
    assertThrows(AssertionFailedError.class, () -> assertStateClass("22", storage));
    assertThrows(AssertionFailedError.class, () -> assertStateClass("22", new SQLException("no state")));
    assertThrows(IllegalArgumentException.class, () -> assertStateClass("080", storage));
    assertMessageContains(storage, "bucket", "gone");
    assertThrows(AssertionFailedError.class, () -> assertMessageContains(storage, "bucket", "here"));
    assertMessageLacks(storage, "secret");
    assertThrows(AssertionFailedError.class, () -> assertMessageLacks(storage, "secret", "gone"));
  }
}
