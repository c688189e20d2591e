package io.lakehouse.security;

import io.lakehouse.LakehouseSqlException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * What SQL may reach DuckDB. The driver is read-only and DuckDB may only read the files the table formats
 * planned, so statements other than queries are refused before parsing, and functions that touch files, the
 * network, the environment or settings are refused wherever they appear.
 */
public final class SqlPolicy {
  private SqlPolicy() {}

  /** Table functions that read lakehouse tables; they are bound by the driver, never passed to DuckDB. */
  public static final Set<String> LAKEHOUSE_TABLE_FUNCTIONS = Set.of("delta_scan", "iceberg_scan");

  private static final Set<String> QUERY_WORDS = Set.of("SELECT", "WITH", "VALUES", "EXPLAIN", "TABLE");

  private static final Set<String> REFUSED_STATEMENTS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT",
      "CREATE", "DROP", "ALTER", "TRUNCATE", "COPY", "ATTACH", "DETACH", "SET", "RESET", "PRAGMA", "INSTALL",
      "LOAD", "FORCE", "EXPORT", "IMPORT", "CALL", "CHECKPOINT", "VACUUM", "USE", "GRANT", "REVOKE", "ANALYZE",
      "EXECUTE", "PREPARE", "DEALLOCATE", "BEGIN", "START", "COMMIT", "ROLLBACK", "ABORT", "END", "SUMMARIZE",
      "COMMENT", "UNPIVOT", "PIVOT", "SHOW", "FROM", "UPDATE_EXTENSIONS", "SECRET");

  /** Name prefixes of DuckDB functions that read or write files, reach the network, or expose settings. */
  private static final String[] REFUSED_FUNCTION_PREFIXES = {"read_", "parquet_", "glob", "sniff_", "query",
      "getenv", "current_setting", "duckdb_", "pragma_", "which_secret", "load_", "install_", "iceberg_",
      "delta_", "icu_", "checkpoint", "force_checkpoint", "enable_", "disable_", "set_", "export_", "import_",
      "copy_", "write_", "json_execute_serialized_sql", "sql_auto_complete", "test_", "summary", "repeat_row",
      "range_files", "arrow_scan", "seq_scan", "postgres_", "sqlite_", "mysql_", "httpfs", "azure_", "s3_",
      "gcs_", "file_", "stats", "finalize", "from_substrait", "get_substrait", "tpch", "tpcds", "dbgen", "dsdgen"};

  /**
   * Refuses statements that are not queries, by their first keyword, with SQLState 25006 (read-only).
   *
   * @param firstWord the statement's first keyword, or null when it starts with something else
   */
  public static void checkStatement(String firstWord) throws SQLException {
    if (firstWord == null) {
      return;
    }
    String w = firstWord.toUpperCase(Locale.ROOT);
    if (QUERY_WORDS.contains(w)) {
      return;
    }
    if (w.equals("DESCRIBE") || w.equals("DESC")) {
      throw new LakehouseSqlException("DESCRIBE is not supported yet; use DatabaseMetaData.getColumns, or "
          + "SELECT * FROM <table> LIMIT 0 and its ResultSetMetaData", LakehouseSqlException.NOT_SUPPORTED, 1, 1,
          null);
    }
    if (REFUSED_STATEMENTS.contains(w)) {
      String hint = switch (w) {
        case "BEGIN", "START", "COMMIT", "ROLLBACK", "ABORT", "END" ->
            " Use Connection.setAutoCommit / commit / rollback to control snapshot pinning.";
        case "SET", "RESET", "PRAGMA" -> " Settings are connection properties.";
        default -> "";
      };
      throw new LakehouseSqlException(w + " statements are not allowed: lakehouse-jdbc only runs read queries "
          + "(SELECT, WITH, VALUES, EXPLAIN)." + hint, LakehouseSqlException.READ_ONLY, 1, 1, null);
    }
  }

  /** Refuses a scalar or aggregate function that could reach outside the planned files. */
  public static void checkFunction(String name, int line, int column) throws SQLException {
    String n = name.toLowerCase(Locale.ROOT);
    for (String prefix : REFUSED_FUNCTION_PREFIXES) {
      if (n.startsWith(prefix)) {
        throw new LakehouseSqlException("Function " + name + " is not allowed: it can reach files, settings or "
            + "the environment outside the catalog's tables", "42501", line, column, null);
      }
    }
  }

  /** Refuses a table function in FROM that is not one of the lakehouse scans. */
  public static void checkTableFunction(String name, int line, int column) throws SQLException {
    String n = name.toLowerCase(Locale.ROOT);
    if (!LAKEHOUSE_TABLE_FUNCTIONS.contains(n) && !n.equals("unnest") && !n.equals("range")
        && !n.equals("generate_series")) {
      throw new LakehouseSqlException("Table function " + name + " is not allowed: only the catalog's tables, "
          + "delta_scan, iceberg_scan, unnest, range and generate_series can appear in FROM", "42501", line,
          column, null);
    }
  }
}
