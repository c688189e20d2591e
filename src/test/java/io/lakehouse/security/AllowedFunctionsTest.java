package io.lakehouse.security;

import static io.lakehouse.testing.SqlAssert.assertSqlErrorAt;
import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The function allow-list against the DuckDB actually bundled: computed from its {@code duckdb_functions()}, so
 * a DuckDB upgrade that renames a listed function, or adds e.g. a new {@code read_xyz}, is caught here.
 */
class AllowedFunctionsTest {
  /**
   * Names of functions that read or write files, reach the network, the environment, settings, secrets,
   * extensions, sequences, logs or the database catalog, or stall the engine. None may be allowed.
   */
  static final Pattern DANGEROUS = Pattern.compile("(read_|parquet_|glob|sniff_|query|getenv|duckdb_|pragma_"
      + "|which_secret|pg_|inet_|txid_|test_|write_|copy_|export_|import_|install|load|checkpoint|force_checkpoint"
      + "|enable_|disable_|register_|deregister_|create_|destroy_|arrow_|seq_scan|summary|repeat_row"
      + "|parse_dir|parse_file|parse_path|path_join|hive_partition|json_(serialize|deserialize|execute)).*"
      + "|current_(setting|catalog|database|schema|schemas|query|query_id|role|user|connection_id|transaction_id)"
      + "|(session_)?user|version|nextval|currval|setval|setseed|getvariable|in_search_path"
      + "|.*(_scan|_description)|.*(secret|setting|extension|privilege|pg_|file|sleep|block_size|_logs?_|logging"
      + "|profil|resource).*|.*_logs?");

  /** name (lower case) → DuckDB function types, e.g. {@code read_csv → [table]}. */
  private static final Map<String, Set<String>> DUCKDB = new TreeMap<>();

  @BeforeAll
  static void readBundledDuckDb() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT function_name, function_type FROM duckdb_functions()")) {
      while (rs.next()) {
        DUCKDB.computeIfAbsent(rs.getString(1).toLowerCase(Locale.ROOT), k -> new TreeSet<>()).add(rs.getString(2));
      }
    }
  }

  @Test
  void everyListedNameExistsInTheBundledDuckDb() {
    Set<String> missing = new TreeSet<>(SqlPolicy.allowedFunctions());
    missing.removeAll(DUCKDB.keySet());
    assertEquals(Set.of(), missing, "allow-listed names the bundled DuckDB does not have");
  }

  @Test
  void listedNamesAreScalarAggregateWindowOrMacro() {
    Set<String> computing = Set.of("scalar", "aggregate", "window", "macro");
    for (String name : SqlPolicy.allowedFunctions()) {
      assertTrue(DUCKDB.get(name).stream().anyMatch(computing::contains), name + " is " + DUCKDB.get(name));
    }
  }

  @Test
  void noFunctionReachingOutsideIsAllowed() {
    Set<String> dangerous = new TreeSet<>();
    for (String name : DUCKDB.keySet()) {
      if (DANGEROUS.matcher(name).matches()) {
        dangerous.add(name);
        assertFalse(SqlPolicy.allowedFunctions().contains(name), name + " is on the allow-list");
        assertFalse(SqlPolicy.syntaxFunctions().contains(name), name + " is a syntax name");
        assertState(SqlState.ACCESS_DENIED, () -> SqlPolicy.checkFunction(name, 1, 8), name);
      }
    }
    // The pattern really finds the known dangerous functions of this DuckDB (else it checks nothing).
    assertTrue(dangerous.containsAll(Set.of("read_csv", "read_text", "glob", "current_setting",
        "query_table", "duckdb_settings", "which_secret", "pragma_version", "parquet_metadata", "write_log",
        "nextval", "pg_sleep", "sleep_ms")), dangerous.toString());
  }

  @Test
  void onlyTheLakehouseAndGeneratorTableFunctionsAreAllowedInFrom() throws SQLException {
    Set<String> allowed = new TreeSet<>();
    for (Map.Entry<String, Set<String>> f : DUCKDB.entrySet()) {
      if (f.getValue().contains("table") || f.getValue().contains("table_macro")) {
        try {
          SqlPolicy.checkTableFunction(f.getKey(), 1, 15);
          allowed.add(f.getKey());
        } catch (SQLException e) {
          assertState(SqlState.ACCESS_DENIED, e);
        }
      }
    }
    assertEquals(Set.of("generate_series", "range", "unnest"), allowed);
    SqlPolicy.checkTableFunction("delta_scan", 1, 15);
    SqlPolicy.checkTableFunction("iceberg_scan", 1, 15);
  }

  @Test
  void unlistedNamesAndQualifiedNamesAreRefusedWithTheirPosition() {
    assertSqlErrorAt(SqlState.ACCESS_DENIED, 3, 9, () -> SqlPolicy.checkFunction("no_such_function", 3, 9));
    assertSqlErrorAt(SqlState.ACCESS_DENIED, 2, 4, () -> SqlPolicy.checkFunction("abs", true, 2, 4));
  }

  /**
   * Not an assertion: what the bundled DuckDB offers beyond the list and the dangerous pattern, i.e. the
   * candidates a reviewer may add after reading what they do (see docs/security.md).
   */
  @Test
  void printUnreviewedCandidates() {
    Set<String> candidates = new TreeSet<>();
    for (Map.Entry<String, Set<String>> f : DUCKDB.entrySet()) {
      String n = f.getKey();
      boolean computing = f.getValue().stream().anyMatch(Set.of("scalar", "aggregate", "window", "macro")::contains);
      if (computing && n.matches("[a-z_][a-z0-9_]*") && !SqlPolicy.allowedFunctions().contains(n)
          && !DANGEROUS.matcher(n).matches() && !n.startsWith("__") && !n.contains("collate_")) {
        candidates.add(n);
      }
    }
    System.out.println("DuckDB functions neither allowed nor matching the dangerous pattern: " + candidates);
  }
}
