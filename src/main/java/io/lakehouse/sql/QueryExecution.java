package io.lakehouse.sql;

import io.lakehouse.engine.EngineSession;
import io.lakehouse.table.TableRead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A running query: the DuckDB result and the session that owns it (closing this closes both).
 *
 * @param result DuckDB's result set
 * @param tables what each table reference read: snapshot, planned files and bytes
 * @param cacheHit whether the result came from the result cache (no data file was read)
 * @param resultFile the result's Parquet file in the engine's private temp directory (result cache), deleted on
 *     close; or null
 */
public record QueryExecution(ResultSet result, EngineSession session, List<TableRead> tables, boolean cacheHit,
    Path resultFile) implements AutoCloseable {

  public QueryExecution(ResultSet result, EngineSession session, List<TableRead> tables) {
    this(result, session, tables, false, null);
  }

  @Override
  public void close() throws SQLException {
    try {
      session.close();
    } finally {
      if (resultFile != null) {
        try {
          Files.deleteIfExists(resultFile);
        } catch (IOException e) {
          // a private temp file; the connection's temp directory is removed on close anyway
        }
      }
    }
  }
}
