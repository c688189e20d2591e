package io.lakehouse.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.lakehouse.jdbc.LakehouseConnection;
import io.lakehouse.security.PasswordHash;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key holds each reference's effective grant (columns, row filter as applied) and the organisation: principals
 * with different grants, or of different organisations, never get each other's cached results; principals with
 * the same grants in the same organisation may share (the result is the same by construction). Expected answers
 * are the writer's rows, filtered as the grant says.
 */
class ResultCacheGrantsTest {
  @TempDir
  static Path dir;
  static Path catalog;
  static List<Object[]> rows;

  @BeforeAll
  static void write() throws Exception {
    DeltaTestWriter sales = DeltaTestWriter.create(dir.resolve("sales"),
        List.of(Col.of("id", "long"), Col.of("region", "string"), Col.of("amount", "int")));
    List<Object[]> written = new ArrayList<>();
    String[] regions = {"eu", "us", "apac"};
    for (long i = 0; i < 30; i++) {
      written.add(new Object[] {i, regions[(int) (i % 3)], (int) i});
    }
    sales.append(written);
    rows = sales.readRows(sales.latestVersion());
    DeltaTestWriter.create(dir.resolve("shared"), List.of(Col.of("n", "long")))
        .append(List.<Object[]>of(new Object[] {1L}, new Object[] {2L}));
    catalog = dir.resolve("catalog.yaml");
    String pw = PasswordHash.create("pw".toCharArray(), 1_000);
    Files.writeString(catalog, """
        tables:
          sales: { format: delta, location: sales }
        organizations:
          acme: { tables: [sales], scan_roots: [shared] }
          globex: { tables: [], scan_roots: [shared] }
        roles:
          all_sales: { grants: [ { select: sales } ], table_functions: true }
          eu_only: { grants: [ { select: sales, row_filter: "region = 'eu'" } ] }
          two_columns: { grants: [ { select: sales, columns: [id, amount] } ] }
          shared_reader: { table_functions: true }
          own_region: { grants: [ { select: sales, row_filter: "region = ${principal}" } ] }
        principals:
          alice: { organization: acme, roles: [all_sales], password_hash: "%1$s" }
          frank: { organization: acme, roles: [all_sales], password_hash: "%1$s" }
          erin: { organization: acme, roles: [eu_only], password_hash: "%1$s" }
          tom: { organization: acme, roles: [two_columns], password_hash: "%1$s" }
          bob: { organization: globex, roles: [shared_reader], password_hash: "%1$s" }
          eu: { organization: acme, roles: [own_region], password_hash: "%1$s" }
          us: { organization: acme, roles: [own_region], password_hash: "%1$s" }
        """.formatted(pw));
  }

  static Connection connect(String user) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", "pw");
    return DriverManager.getConnection("jdbc:lakehouse:" + catalog, p);
  }

  static ResultCacheStats stats(Connection c) throws SQLException {
    return c.unwrap(LakehouseConnection.class).resultCacheStats();
  }

  /** One role, a row filter naming ${principal}: the filter as applied differs, so does the key. */
  @Test
  void aFilterWithThePrincipalIsKeyedAsApplied() throws Exception {
    String sql = "SELECT count(*), min(id) FROM sales";
    try (Connection eu = connect("eu"); Connection us = connect("us")) {
      for (int round = 0; round < 2; round++) {
        for (Connection c : List.of(eu, us)) {
          String region = c == eu ? "eu" : "us";
          List<List<Object>> got = ResultCacheTest.rows(c, sql);
          assertEquals(rows.stream().filter(r -> region.equals(r[1])).count(),
              ((Number) got.get(0).get(0)).longValue(), region + " round " + round);
          assertEquals(rows.stream().filter(r -> region.equals(r[1])).mapToLong(r -> (Long) r[0]).min()
              .orElseThrow(), ((Number) got.get(0).get(1)).longValue());
        }
      }
      assertEquals(2, stats(eu).hits(), stats(eu).toString());
    }
  }

  @Test
  void differentGrantsAndOrganisationsNeverShare() throws Exception {
    String count = "SELECT count(*), sum(amount) FROM sales";
    String star = "SELECT * FROM sales ORDER BY id";
    try (Connection alice = connect("alice"); Connection erin = connect("erin"); Connection tom = connect("tom");
        Connection frank = connect("frank"); Connection bob = connect("bob")) {
      List<List<Object>> all = ResultCacheTest.rows(alice, count);
      assertEquals((long) rows.size(), ((Number) all.get(0).get(0)).longValue());
      long hits = stats(alice).hits();
      List<List<Object>> eu = ResultCacheTest.rows(erin, count);
      assertEquals(rows.stream().filter(r -> "eu".equals(r[1])).count(), ((Number) eu.get(0).get(0)).longValue());
      assertEquals(hits, stats(erin).hits(), "erin's row filter is another key");
      assertEquals(eu, ResultCacheTest.rows(erin, count));
      assertEquals(all, ResultCacheTest.rows(alice, count));
      assertEquals(hits + 2, stats(alice).hits());

      List<List<Object>> aliceRows = ResultCacheTest.rows(alice, star);
      assertEquals(3, aliceRows.get(0).size());
      hits = stats(alice).hits();
      List<List<Object>> tomRows = ResultCacheTest.rows(tom, star);
      assertEquals(2, tomRows.get(0).size(), "tom's grant has two columns");
      assertNotEquals(aliceRows, tomRows);
      assertEquals(hits, stats(tom).hits());
      // the same organisation and the same grants: the same result, which may be shared
      assertEquals(aliceRows, ResultCacheTest.rows(frank, star));
      assertEquals(hits + 1, stats(frank).hits());

      // both organisations may read this location with a table function: the same statement, the same data
      String shared = "SELECT sum(n) FROM delta_scan('" + dir.resolve("shared") + "')";
      List<List<Object>> acme = ResultCacheTest.rows(alice, shared);
      hits = stats(alice).hits();
      List<List<Object>> globex = ResultCacheTest.rows(bob, shared);
      assertEquals(acme, globex);
      assertEquals(hits, stats(bob).hits(), "another organisation never gets acme's entry");
      assertEquals(globex, ResultCacheTest.rows(bob, shared));
      assertEquals(hits + 1, stats(bob).hits());
    }
  }
}
