package io.lakehouse.security;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.table.TableFormats;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What SQL may reach DuckDB. The driver is read-only and DuckDB may only read the files the table formats
 * planned, so statements other than queries are refused before parsing, and functions that touch files, the
 * network, the environment or settings are refused wherever they appear.
 */
public final class SqlPolicy {
  private SqlPolicy() {}

  /** Table functions that only generate rows. */
  private static final List<String> ROW_GENERATORS = List.of("unnest", "range", "generate_series");

  private static final Set<String> QUERY_WORDS = Set.of("SELECT", "WITH", "VALUES", "EXPLAIN", "TABLE",
      "DESCRIBE", "DESC", "SHOW", "FROM");

  private static final Set<String> REFUSED_STATEMENTS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT",
      "CREATE", "DROP", "ALTER", "TRUNCATE", "COPY", "ATTACH", "DETACH", "SET", "RESET", "PRAGMA", "INSTALL",
      "LOAD", "FORCE", "EXPORT", "IMPORT", "CALL", "CHECKPOINT", "VACUUM", "USE", "GRANT", "REVOKE", "ANALYZE",
      "EXECUTE", "PREPARE", "DEALLOCATE", "BEGIN", "START", "COMMIT", "ROLLBACK", "ABORT", "END", "SUMMARIZE",
      "COMMENT", "UNPIVOT", "PIVOT", "UPDATE_EXTENSIONS", "SECRET");

  /**
   * Names Calcite gives to standard syntax that are not DuckDB function names (CAST, EXTRACT, COALESCE, ...), and
   * DuckDB expressions that parse as calls (COLUMNS, UNNEST in a select list, the WITHIN GROUP percentiles,
   * IFNULL, TRY), which DuckDB's own parser handles and duckdb_functions() does not list. They compute on their
   * arguments.
   */
  private static final Set<String> SYNTAX_FUNCTIONS = Set.of("cast", "try_cast", "extract", "coalesce",
      "current_timestamp", "current_time", "localtime", "localtimestamp", "grouping", "grouping_id", "columns",
      "unnest", "percentile_cont", "percentile_disc", "ifnull", "try");

  private static final Set<String> ALLOWED_FUNCTIONS = AllowedFunctions.load();

  /** The reviewed allow-list (lower case) from {@code allowed-functions.txt}, without the syntax names. */
  public static Set<String> allowedFunctions() {
    return ALLOWED_FUNCTIONS;
  }

  /** Names Calcite produces for standard syntax, allowed besides {@link #allowedFunctions()}. */
  public static Set<String> syntaxFunctions() {
    return SYNTAX_FUNCTIONS;
  }

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
    if (REFUSED_STATEMENTS.contains(w)) {
      String hint = switch (w) {
        case "BEGIN", "START", "COMMIT", "ROLLBACK", "ABORT", "END" ->
            " Use Connection.setAutoCommit / commit / rollback to control snapshot pinning.";
        case "SET", "RESET", "PRAGMA" -> " Settings are connection properties.";
        default -> "";
      };
      throw new LakehouseSqlException(w + " statements are not allowed: lakehouse-jdbc only runs read "
          + "statements (SELECT, WITH, VALUES, EXPLAIN, DESCRIBE, SHOW)." + hint, SqlState.READ_ONLY, 1, 1, null);
    }
  }

  /**
   * Refuses a scalar, aggregate or window function that is not on the reviewed allow-list: anything else might
   * reach files, the network, settings or the catalog (and a new DuckDB version may add such functions).
   *
   * @param qualified whether the name was written with a schema ({@code main.abs}): refused, because the
   *     allow-list vouches for DuckDB's built-in functions only
   */
  public static void checkFunction(String name, boolean qualified, int line, int column) throws SQLException {
    String n = name.toLowerCase(Locale.ROOT);
    if (qualified) {
      throw new LakehouseSqlException("Function " + name + " is not allowed: write functions without a schema",
          SqlState.ACCESS_DENIED, line, column, null);
    }
    if (!ALLOWED_FUNCTIONS.contains(n) && !SYNTAX_FUNCTIONS.contains(n)) {
      throw new LakehouseSqlException("Function " + name + " is not allowed: only pure computation functions "
          + "may run (none that reads files, settings, the environment or the catalog); see the allow-list in "
          + "docs/security.md", SqlState.ACCESS_DENIED, line, column, null);
    }
  }

  /** Checks an unqualified function name; see {@link #checkFunction(String, boolean, int, int)}. */
  public static void checkFunction(String name, int line, int column) throws SQLException {
    checkFunction(name, false, line, column);
  }

  /**
   * Refuses a table function in FROM that is not one of the table formats' scans (bound by the driver, never
   * passed to DuckDB) or a pure row generator.
   */
  public static void checkTableFunction(String name, int line, int column) throws SQLException {
    String n = name.toLowerCase(Locale.ROOT);
    if (TableFormats.byTableFunction(n).isEmpty() && !ROW_GENERATORS.contains(n)) {
      List<String> allowed = new ArrayList<>();
      TableFormats.all().forEach(f -> allowed.add(f.tableFunction()));
      allowed.addAll(ROW_GENERATORS);
      throw new LakehouseSqlException("Table function " + name + " is not allowed: only the catalog's tables, "
          + String.join(", ", allowed) + " can appear in FROM", SqlState.ACCESS_DENIED, line, column, null);
    }
  }
}
