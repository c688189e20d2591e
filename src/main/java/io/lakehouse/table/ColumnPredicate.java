package io.lakehouse.table;

import java.util.List;

/**
 * A simple predicate on one top-level column, used only to skip files (partition pruning, column statistics).
 * The engine still evaluates the whole WHERE clause, so a format may ignore any predicate it cannot translate
 * exactly; it must never skip a file that could hold a matching row.
 *
 * @param column logical column name, as in {@link ScanColumn#name()}
 * @param op the comparison
 * @param values constants: {@code Long}, {@code BigDecimal}, {@code Double}, {@code String}, {@code Boolean},
 *     {@code LocalDate}, {@code LocalDateTime} (for columns without time zone), {@code Instant} (with time zone);
 *     one value for comparisons, several for {@code IN}, none for the null tests
 */
public record ColumnPredicate(String column, Op op, List<Object> values) {
  /** Comparisons a format can use for skipping. */
  public enum Op { EQ, LT, LE, GT, GE, IN, IS_NULL, IS_NOT_NULL }
}
