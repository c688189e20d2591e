package io.lakehouse.jdbc;

import io.lakehouse.engine.EngineSession;
import io.lakehouse.engine.ScanRenderer;
import io.lakehouse.sql.QueryExecution;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Builds result sets from rows computed in Java (DatabaseMetaData, EXPLAIN) by handing typed arrays to DuckDB,
 * so every result set the driver returns is the same kind of object with the same type mapping.
 */
final class MetadataResults {
  private MetadataResults() {}

  /**
   * @param names column names
   * @param duckdbTypes DuckDB type of each column (VARCHAR, INTEGER, BIGINT, SMALLINT, BOOLEAN)
   * @param rows row values, each array in column order
   */
  static ResultSet of(LakehouseConnection connection, List<String> names, List<String> duckdbTypes,
      List<Object[]> rows) throws SQLException {
    EngineSession session = connection.engine().newSession();
    try {
      StringJoiner select = new StringJoiner(", ");
      List<Object> params = new ArrayList<>();
      for (int c = 0; c < names.size(); c++) {
        String type = duckdbTypes.get(c);
        if (rows.isEmpty()) {
          select.add("CAST(NULL AS " + type + ") AS " + ScanRenderer.quote(names.get(c)));
        } else {
          Object[] column = new Object[rows.size()];
          for (int r = 0; r < rows.size(); r++) {
            column[r] = rows.get(r)[c];
          }
          params.add(session.array(type, column));
          select.add("unnest(CAST($" + params.size() + " AS " + type + "[])) AS " + ScanRenderer.quote(names.get(c)));
        }
      }
      String sql = "SELECT " + select + (rows.isEmpty() ? " WHERE false" : "");
      ResultSet rs = session.query(sql, params);
      return new LakehouseResultSet(new QueryExecution(rs, session, List.of()), null, 0, connection.zone());
    } catch (SQLException | RuntimeException e) {
      session.close();
      throw e;
    }
  }
}
