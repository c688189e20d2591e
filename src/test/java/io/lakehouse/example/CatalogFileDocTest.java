package io.lakehouse.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lakehouse.config.CatalogLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/catalog-file.md documents exactly the keys the catalog loader accepts, section by section, and its examples
 * load. The accepted keys are not copied here: each section is asked, by loading a catalog with an unknown key in
 * it and reading the loader's "unknown key; expected one of [...]" answer, so a key added to the loader without a
 * line in the doc (or a documented key the loader refuses) fails this test.
 */
class CatalogFileDocTest {
  static final String DOC = "docs/catalog-file.md";

  /** Table rows of the reference: the first cell is a key path in backticks. */
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z_<>\\[\\].-]+)` \\|");
  /** Headings of credential kinds: {@code #### s3 credentials: `type: static`}. */
  private static final Pattern KIND = Pattern.compile("^#### (s3|gcs|azure) credentials: `type: ([a-z-]+)`$");
  private static final Pattern EXPECTED = Pattern.compile("expected one of \\[([^\\]]*)\\]");
  private static final String TABLE = "tables: { t: { format: delta, location: 's3://bucket/t' } }\n";

  @TempDir
  static Path dir;
  static Path lakehouse;

  @BeforeAll
  static void createExampleLakehouse() {
    lakehouse = dir.resolve("example-lakehouse");
    ExampleLakehouse.create(lakehouse);
  }

  /** The loader's own list of keys for one section, from its answer to an unknown key placed there. */
  static Set<String> accepted(String yaml) throws IOException {
    Path file = Files.createTempFile(dir, "probe", ".yaml");
    Files.writeString(file, yaml);
    try {
      CatalogLoader.load(file.toString());
      return fail("the loader accepted an unknown key:\n" + yaml);
    } catch (SQLException e) {
      Matcher m = EXPECTED.matcher(e.getMessage());
      assertTrue(e.getMessage().contains("unknown key") && m.find(), "not an unknown-key answer: " + e.getMessage());
      return new TreeSet<>(Arrays.asList(m.group(1).split(", ")));
    }
  }

  /** Credential kinds the loader knows for a store, from its answer to an unknown kind. */
  static List<String> kinds(String profileYaml) throws IOException {
    Path file = Files.createTempFile(dir, "probe", ".yaml");
    Files.writeString(file, TABLE + profileYaml.replace("KIND", "no-such-kind"));
    try {
      CatalogLoader.load(file.toString());
      return fail("the loader accepted an unknown credentials type");
    } catch (SQLException e) {
      Matcher m = EXPECTED.matcher(e.getMessage());
      assertTrue(m.find(), e.getMessage());
      return List.of(m.group(1).split(", "));
    }
  }

  /** Section (as the doc writes its key paths) → the keys the loader accepts there. */
  static Map<String, Set<String>> loaderKeys() throws IOException {
    Map<String, Set<String>> keys = new TreeMap<>();
    keys.put("", accepted(TABLE + "bogus: 1\n"));
    keys.put("tables.<name>", accepted("tables: { t: { format: delta, location: 's3://b/t', bogus: 1 } }\n"));
    keys.put("engine", accepted(TABLE + "engine: { bogus: 1 }\n"));
    keys.put("cache", accepted(TABLE + "cache: { bogus: 1 }\n"));
    keys.put("cache.results", accepted(TABLE + "cache: { results: { bogus: 1 } }\n"));
    keys.put("audit", accepted(TABLE + "audit: { bogus: 1 }\n"));
    keys.put("storage.<profile>", accepted(TABLE + "storage: { p: { type: s3, bogus: 1 } }\n"));
    Map<String, String> stores = new LinkedHashMap<>();
    stores.put("s3", "storage: { p: { type: s3, credentials: { type: KIND, bogus: 1 } } }\n");
    stores.put("gcs", "storage: { p: { type: gcs, credentials: { type: KIND, bogus: 1 } } }\n");
    stores.put("azure", "storage: { p: { type: azure, account: a, credentials: { type: KIND, bogus: 1 } } }\n");
    for (Map.Entry<String, String> store : stores.entrySet()) {
      for (String kind : kinds(store.getValue())) {
        keys.put(credentials(store.getKey(), kind), accepted(TABLE + store.getValue().replace("KIND", kind)));
      }
    }
    String org = "organizations: { o: { tables: [t] } }\n";
    keys.put("organizations.<org>", accepted(TABLE + "organizations: { o: { tables: [t], bogus: 1 } }\n"));
    keys.put("roles.<role>", accepted(TABLE + org + "roles: { r: { bogus: 1 } }\n"));
    keys.put("roles.<role>.grants[]", accepted(TABLE + org + "roles: { r: { grants: [ { select: t, bogus: 1 } ] } }\n"));
    keys.put("principals.<principal>", accepted(TABLE + org
        + "principals: { p: { organization: o, bogus: 1 } }\n"));
    return keys;
  }

  private static String credentials(String store, String kind) {
    return "storage.<profile>.credentials[" + store + " " + kind + "]";
  }

  /** Section → the keys the doc's reference tables list there. */
  static Map<String, Set<String>> documentedKeys(List<String> lines) {
    Map<String, Set<String>> keys = new TreeMap<>();
    String kind = null;
    for (String line : lines) {
      if (line.startsWith("#")) {
        Matcher k = KIND.matcher(line);
        kind = k.matches() ? k.group(1) + " " + k.group(2) : null;
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (!row.find()) {
        continue;
      }
      String path = row.group(1);
      int dot = path.lastIndexOf('.');
      String section = dot < 0 ? "" : path.substring(0, dot);
      if (kind != null && section.equals("storage.<profile>.credentials")) {
        section = "storage.<profile>.credentials[" + kind + "]";
      }
      keys.computeIfAbsent(section, s -> new TreeSet<>()).add(path.substring(dot + 1));
    }
    return keys;
  }

  static List<String> docLines() throws IOException {
    Path file = Path.of(System.getProperty("basedir", ".")).resolve(DOC);
    assertTrue(Files.isRegularFile(file), file + " not found (run from the project directory)");
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  @Test
  void referenceListsExactlyTheKeysTheLoaderAccepts() throws IOException {
    Map<String, Set<String>> loader = loaderKeys();
    Map<String, Set<String>> doc = documentedKeys(docLines());
    assertTrue(loader.size() > 20, "probed only " + loader.keySet());
    assertEquals(loader.keySet(), doc.keySet(), DOC + ": the sections of the reference (a credential kind is a "
        + "'#### <store> credentials: `type: <kind>`' heading)");
    for (String section : loader.keySet()) {
      assertEquals(loader.get(section), doc.get(section), DOC + ": keys of section '" + section + "'");
    }
  }

  /** Docs whose catalog examples must load: catalog-file.md's YAML and JSON, the other pages' YAML. */
  static final List<String> EXAMPLE_DOCS = List.of(DOC, "docs/storage.md", "docs/security.md",
      "docs/result-cache.md");

  /**
   * Every catalog example loads, in a folder holding the example lakehouse (so {@code location: sales} is a real
   * Delta table). A fragment without {@code tables:} gets one. {@code ${env:NAME}} and {@code ${file:/path}}
   * references are pointed at one temporary file: the test cannot set environment variables or write /run/secrets.
   */
  @Test
  void everyExampleLoads() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "not-a-real-secret");
    List<String> problems = new ArrayList<>();
    int count = 0;
    for (String doc : EXAMPLE_DOCS) {
      Path path = Path.of(System.getProperty("basedir", ".")).resolve(doc);
      List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String fence = lines.get(i);
        if (!fence.equals("```yaml") && !(fence.equals("```json") && doc.equals(DOC))) {
          continue;
        }
        int start = i + 1;
        StringBuilder text = new StringBuilder();
        for (i = start; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
          text.append(lines.get(i)).append('\n');
        }
        String catalog = text.toString().replaceAll("\\$\\{(env:[A-Z_]+|file:[^}]+)}", "\\${file:" + secret + "}");
        if (!catalog.contains("tables")) {
          catalog = "tables: { sales: { format: delta, location: sales } }\n" + catalog;
        }
        Path file = lakehouse.resolve("example-" + count + (fence.endsWith("json") ? ".json" : ".yaml"));
        Files.writeString(file, catalog);
        count++;
        try {
          CatalogLoader.load(file.toString());
        } catch (SQLException e) {
          problems.add(doc + ":" + (start + 1) + ": " + e.getMessage());
        }
      }
    }
    assertTrue(count >= 10, "only " + count + " examples");
    assertEquals(List.of(), problems);
  }

  /** The probe sees a key the doc lacks, and a documented key the loader refuses. */
  @Test
  void comparisonCanFail() throws IOException {
    List<String> lines = new ArrayList<>(docLines());
    lines.removeIf(l -> l.startsWith("| `engine.threads` |"));
    assertTrue(!loaderKeys().get("engine").equals(documentedKeys(lines).get("engine")));
    lines.add("| `engine.turbo` | boolean | | |");
    assertTrue(documentedKeys(lines).get("engine").contains("turbo"));
    assertTrue(!loaderKeys().get("engine").contains("turbo"));
  }
}
