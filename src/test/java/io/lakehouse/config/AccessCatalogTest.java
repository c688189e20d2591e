package io.lakehouse.config;

import static io.lakehouse.testing.SqlAssert.assertMessageContains;
import static io.lakehouse.testing.SqlAssert.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.SqlState;
import io.lakehouse.security.AccessScope;
import io.lakehouse.security.PasswordHash;
import io.lakehouse.security.Principal;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in a catalog's access section stop it from loading, with the key path; never a silent grant. */
class AccessCatalogTest {
  @TempDir
  static Path dir;
  static String hash;

  @BeforeAll
  static void tables() {
    DeltaTestWriter.create(dir.resolve("a/sales"), List.of(Col.of("id", "long"), Col.of("region", "string")))
        .append(List.<Object[]>of(new Object[] {1L, "eu"}));
    DeltaTestWriter.create(dir.resolve("b/orders"), List.of(Col.of("id", "long"))).append(
        List.<Object[]>of(new Object[] {1L}));
    hash = PasswordHash.create("pw".toCharArray(), 1_000);
  }

  private static final String TABLES = """
      storage:
        a_s3: { type: s3, region: us-east-1, credentials: { type: static, access_key_id: AKIA, secret_access_key: x } }
        b_s3: { type: s3, region: us-east-1, credentials: { type: static, access_key_id: AKIB, secret_access_key: y } }
      tables:
        sales: { format: delta, location: a/sales }
        b.orders: { format: delta, location: b/orders }
      """;

  private static String loadError(String access) throws Exception {
    Path f = Files.createTempFile(dir, "catalog", ".yaml");
    Files.writeString(f, TABLES + access);
    SQLException e = assertThrows(SQLException.class, () -> CatalogLoader.load(f.toString()), access);
    return e.getMessage();
  }

  @Test
  void mistakesNameTheKeyPath() throws Exception {
    String orgs = "organizations:\n  a: { tables: [sales], storage: [a_s3] }\n  b: { tables: [\"b.*\"], storage: [b_s3] }\n";
    assertTrue(loadError("organizations:\n  a: { tables: [\"*\"] }\n  b: { tables: [\"b.*\"] }\n")
        .contains("table b.orders matches the tables of several organizations [a, b]"));
    assertTrue(loadError("organizations:\n  a: { tables: [sales], storage: [a_s3] }\n  b: { tables: [\"b.*\"], "
        + "storage: [a_s3] }\n").contains("organizations.b.storage: storage profile 'a_s3' already belongs"));
    // (not a word another test of this JVM uses as a password: passwords tried are redacted from every message)
    assertTrue(loadError("organizations:\n  a: { tables: [sales], storage: [no_such_profile] }\n")
        .contains("organizations.a.storage: no storage profile named 'no_such_profile'"));
    assertTrue(loadError(orgs + "principals:\n  p: { organization: c }\n")
        .contains("principals.p.organization: no organization named 'c'"));
    assertTrue(loadError(orgs + "principals:\n  p: { organization: a, roles: [admin] }\n")
        .contains("principals.p.roles: no role named 'admin'"));
    assertTrue(loadError(orgs + "principals:\n  p: { organization: a, password_hash: \"secret123\" }\n")
        .contains("principals.p.password_hash: expected pbkdf2-sha256"));
    assertTrue(loadError(orgs + "roles:\n  r: { grants: [ { select: sales, colums: [id] } ] }\n")
        .contains("roles.r.grants[0].colums: unknown key"));
    assertTrue(loadError(orgs + "roles:\n  r: { table_functions: yes please }\n")
        .contains("roles.r.table_functions: expected true or false"));
    assertTrue(loadError("organizations:\n  a: { tables: [sales], scan_roots: [b] }\n  b: { tables: [\"b.*\"] }\n")
        .contains("organizations.a.scan_roots: " + dir.resolve("b") + " overlaps table b.orders of organization 'b'"));
    // A grant combination that no single (columns, row filter) pair describes is refused, not widened.
    assertTrue(loadError(orgs + """
        roles:
          cols: { grants: [ { select: sales, columns: [id] } ] }
          rows: { grants: [ { select: sales, row_filter: "region = 'eu'" } ] }
        principals:
          p: { organization: a, roles: [cols, rows] }
        """).contains("principals.p.roles: the grants on table main.sales differ in both columns and row filters"));
  }

  @Test
  void aTableMustUseItsOwnOrganizationsCredentials() throws Exception {
    Path f = dir.resolve("cross.yaml");
    Files.writeString(f, """
        storage:
          a_s3: { type: s3, region: us-east-1, prefixes: ["s3://a-bucket"], credentials: { type: static, access_key_id: AKIA, secret_access_key: x } }
        tables:
          sales: { format: delta, location: a/sales }
          b.remote: { format: delta, location: "s3://a-bucket/remote", storage: a_s3 }
        organizations:
          a: { tables: [sales], storage: [a_s3] }
          b: { tables: ["b.*"] }
        """);
    SQLException e = assertThrows(SQLException.class, () -> CatalogLoader.load(f.toString()));
    assertMessageContains(e, "tables.b.remote.storage: storage profile 'a_s3' belongs to organization "
        + "'a', not to the table's 'b'");
  }

  @Test
  void rowFiltersAreCheckedWhenAConnectionOpens() throws Exception {
    for (String filter : List.of("region = ", "region IN (SELECT region FROM sales)",
        "read_csv('/etc/passwd') IS NOT NULL", "id = ?")) {
      Path f = Files.createTempFile(dir, "filter", ".yaml");
      Files.writeString(f, """
          tables:
            sales: { format: delta, location: a/sales }
          organizations:
            a: { tables: [sales] }
          roles:
            r: { grants: [ { select: sales, row_filter: "%s" } ] }
          principals:
            p: { organization: a, roles: [r], password_hash: "%s" }
          """.formatted(filter, hash));
      Properties props = new Properties();
      props.setProperty("user", "p");
      props.setProperty("password", "pw");
      SQLException e = assertState(SqlState.CONNECTION_FAILED,
          () -> DriverManager.getConnection("jdbc:lakehouse:" + f, props), filter);
      assertMessageContains(e, "main.sales");
    }
  }

  @Test
  void eachTenantSeesOnlyItsOwnCredentialsAndCache() throws Exception {
    Path f = dir.resolve("tenants.yaml");
    Files.writeString(f, TABLES.replace("\ntables:",
        "\n  shared: { type: s3, region: us-east-1, credentials: { type: default-chain } }\ntables:") + """
        organizations:
          a: { tables: [sales], storage: [a_s3] }
          b: { tables: ["b.*"], storage: [b_s3] }
        principals:
          pa: { organization: a }
          pb: { organization: b }
        """);
    CatalogConfig catalog = CatalogLoader.load(f.toString());
    AccessScope a = AccessScope.open(catalog, null, null, () -> Principal.named("pa"));
    AccessScope b = AccessScope.open(catalog, null, null, () -> Principal.named("pb"));
    // Unowned profiles (here: the default chain) are shared; owned ones only reach their tenant.
    assertEquals(List.of("a_s3", "shared"), a.catalog().storage().keySet().stream().sorted().toList());
    assertEquals(List.of("b_s3", "shared"), b.catalog().storage().keySet().stream().sorted().toList());
    assertEquals(List.of("sales"), a.catalog().tables().stream().map(TableEntry::name).toList());
    assertEquals(List.of(dir.resolve("a/sales").toString()), a.catalog().scanRoots());
    // DuckDB may read its cache folder, so each tenant gets its own.
    assertTrue(a.catalog().cache().directory().startsWith(catalog.cache().directory()));
    assertFalse(a.catalog().cache().directory().equals(b.catalog().cache().directory()));
  }

  @Test
  void theIssuesExampleLoadsAsWritten() throws Exception {
    Path f = dir.resolve("issue-example.yaml");
    Files.writeString(f, """
        tables:
          sales: { format: delta, location: a/sales }
          crm.customers: { format: delta, location: b/orders }
        organizations:
          acme:   { tables: [sales, crm.*] }
          globex: { tables: [globex.*] }
        roles:
          analyst: { grants: [ { select: "sales" }, { select: "crm.customers", columns: [id, region] } ] }
        principals:
          alice: { organization: acme, roles: [analyst] }
        """);
    AccessConfig access = CatalogLoader.load(f.toString()).access();
    TableEntry customers = CatalogLoader.load(f.toString()).tables().stream()
        .filter(t -> t.name().equals("customers")).findFirst().orElseThrow();
    assertEquals("acme", access.ownerOf(customers).orElseThrow().name());
    assertEquals(List.of("id", "region"), access.effectiveGrant(List.of("analyst"), customers).orElseThrow()
        .columns());
  }

  @Test
  void noAccessSectionMeansSingleUser() throws Exception {
    Path f = dir.resolve("single.yaml");
    Files.writeString(f, TABLES);
    assertNull(CatalogLoader.load(f.toString()).access());
  }
}
