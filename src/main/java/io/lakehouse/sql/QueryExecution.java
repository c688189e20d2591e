package io.lakehouse.sql;

import io.lakehouse.engine.EngineSession;
import io.lakehouse.table.TableRead;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A running query: the DuckDB result and the session that owns it (closing this closes both).
 *
 * @param result DuckDB's result set
 * @param tables what each table reference read: snapshot, planned files and bytes
 */
public record QueryExecution(ResultSet result, EngineSession session, List<TableRead> tables)
    implements AutoCloseable {
  @Override
  public void close() throws SQLException {
    session.close();
  }
}
