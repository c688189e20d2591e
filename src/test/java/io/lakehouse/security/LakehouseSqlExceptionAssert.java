package io.lakehouse.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakehouse.LakehouseSqlException;
import org.junit.jupiter.api.function.Executable;

/** Asserts a policy refusal: SQLState 42501 at the given position. */
final class LakehouseSqlExceptionAssert {
  private LakehouseSqlExceptionAssert() {}

  static LakehouseSqlException refused(Executable check, int line, int column) {
    LakehouseSqlException e = assertInstanceOf(LakehouseSqlException.class, assertThrows(Exception.class, check));
    assertEquals("42501", e.getSQLState(), e.getMessage());
    assertEquals(line, e.getLine());
    assertEquals(column, e.getColumn());
    return e;
  }
}
