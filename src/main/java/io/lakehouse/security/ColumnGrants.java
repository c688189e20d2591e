package io.lakehouse.security;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.table.ScanColumn;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A column grant applied to one table reference of a query: the columns the principal may read, and a refusal
 * (42501, at the position of the mention) when the query names any other column of that table anywhere. The scan's
 * projection is what really enforces the grant; this makes the refusal explicit instead of an unknown column.
 */
public final class ColumnGrants {
  private ColumnGrants() {}

  /**
   * @param table the reference's name, for messages
   * @param qualifier the name qualifying the reference's columns (its alias or the table's name)
   * @param otherQualifiers the qualifiers of the query's other table references
   * @param columns the pinned snapshot's columns
   * @param granted the granted column names (lower-cased), or null for all
   * @param mentions every column name the query mentions
   * @param line position of the reference, for a grant that leaves no column
   */
  public static List<ScanColumn> visible(String table, String qualifier, Set<String> otherQualifiers,
      List<ScanColumn> columns, List<String> granted, List<ColumnMention> mentions, int line, int column)
      throws SQLException {
    if (granted == null) {
      return columns;
    }
    List<ScanColumn> visible = columns.stream()
        .filter(c -> granted.contains(c.name().toLowerCase(Locale.ROOT))).toList();
    if (visible.isEmpty()) {
      throw new LakehouseSqlException("Access denied: none of the columns of " + table + " is granted",
          SqlState.ACCESS_DENIED, line, column, null);
    }
    Set<String> hidden = new HashSet<>();
    columns.stream().filter(c -> !visible.contains(c)).forEach(c -> hidden.add(c.name().toLowerCase(Locale.ROOT)));
    for (ColumnMention m : mentions) {
      if (!hidden.contains(m.name())) {
        continue;
      }
      boolean otherTable = m.qualifier() != null && !m.qualifier().equalsIgnoreCase(qualifier)
          && otherQualifiers.stream().anyMatch(q -> q.equalsIgnoreCase(m.qualifier()));
      if (!otherTable) {
        throw new LakehouseSqlException("Access denied: column " + m.name() + " of " + table + " is not granted",
            SqlState.ACCESS_DENIED, m.line(), m.column(), null);
      }
    }
    return visible;
  }
}
