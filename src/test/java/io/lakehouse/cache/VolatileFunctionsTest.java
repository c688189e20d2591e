package io.lakehouse.cache;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The list of non-deterministic functions covers every function the bundled DuckDB marks VOLATILE or
 * CONSISTENT_WITHIN_QUERY, and every macro built on one of them: a DuckDB upgrade that adds one fails here.
 */
class VolatileFunctionsTest {
  @Test
  void coversDuckDbsOwnStabilityMetadata() throws Exception {
    Set<String> derived = new TreeSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT DISTINCT lower(function_name) FROM duckdb_functions() "
          + "WHERE stability IS NOT NULL AND stability <> 'CONSISTENT'")) {
        while (r.next()) {
          derived.add(r.getString(1));
        }
      }
      assertTrue(derived.contains("random") && derived.contains("now"), derived.toString());
      boolean grew = true;
      while (grew) {
        grew = false;
        try (ResultSet r = s.executeQuery("SELECT DISTINCT lower(function_name), lower(macro_definition) "
            + "FROM duckdb_functions() WHERE macro_definition IS NOT NULL")) {
          while (r.next()) {
            String def = r.getString(2);
            boolean usesVolatile = def.matches("(?s).*\\bcurrent_(timestamp|date|time)\\b.*")
                || derived.stream().anyMatch(f -> Pattern.compile("\\b" + Pattern.quote(f) + "\\s*\\(")
                    .matcher(def).find());
            if (usesVolatile && derived.add(r.getString(1))) {
              grew = true;
            }
          }
        }
      }
    }
    Set<String> missing = new TreeSet<>(derived);
    missing.removeIf(VolatileFunctions::contains);
    assertTrue(missing.isEmpty(), "add to volatile-functions.txt: " + missing);
    for (String keyword : new String[] {"current_timestamp", "CURRENT_DATE", "localtimestamp", "setseed", "uuid",
        "gen_random_uuid"}) {
      assertTrue(VolatileFunctions.contains(keyword.toLowerCase(Locale.ROOT)), keyword);
    }
  }
}
