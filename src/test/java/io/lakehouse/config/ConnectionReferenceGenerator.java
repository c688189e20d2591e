package io.lakehouse.config;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Writes {@code docs/properties.md}, the reference of the JDBC URL and the connection properties, from the property
 * registry ({@link ConnectionProperties}: names, accepted values, secrets, descriptions) and from {@link LakehouseUrl}
 * itself: every example URL in it is parsed by {@code LakehouseUrl.parse} while the file is written, and the
 * properties shown for it are what the parser returned. {@code ConnectionReferenceGeneratorTest} fails when the
 * checked-in file differs from what this writes, so the reference cannot drift from the code.
 *
 * <p>Regenerate (after adding or changing a connection property):
 *
 * <pre>
 * mvn -B -o -q -P '!spark-fixtures' -DskipTests test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.lakehouse.config.ConnectionReferenceGenerator -Dexec.args=docs/properties.md
 * </pre>
 */
public final class ConnectionReferenceGenerator {
  /** Where the reference lives, relative to the project directory. */
  static final String TARGET = "docs/properties.md";

  /** The DataSource whose bean setters mirror the properties (named here, not imported: config is below jdbc). */
  static final String DATA_SOURCE = "io.lakehouse.jdbc.LakehouseDataSource";

  /** Example URLs with what each shows; each is parsed while generating. */
  private static final List<String[]> EXAMPLES = List.of(
      new String[] {"jdbc:lakehouse:/data/lake", "a directory: its Delta and Iceberg tables are the catalog"},
      new String[] {"jdbc:lakehouse:/etc/lakehouse/catalog.yaml", "a catalog file (YAML or JSON)"},
      new String[] {"jdbc:lakehouse:catalog.yaml", "a relative path: against the JVM's working directory"},
      new String[] {"jdbc:lakehouse:/data/lake?threads=4&memory_limit=2GB", "properties as URL parameters"},
      new String[] {"jdbc:lakehouse:/data/lake?time_zone=Europe/Berlin&result_cache=false", "more parameters"},
      new String[] {"jdbc:lakehouse:?catalog=/data/lake&user=alice", "the catalog as a parameter"},
      new String[] {"jdbc:lakehouse:/data/my%20lake", "percent-encoding is decoded (a + stays a plus sign)"});

  private ConnectionReferenceGenerator() {}

  public static void main(String[] args) throws IOException, SQLException {
    Path out = Path.of(args.length > 0 ? args[0] : TARGET);
    Files.writeString(out, generate(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  /** The complete text of docs/properties.md. */
  static String generate() throws SQLException {
    StringBuilder md = new StringBuilder();
    md.append("""
        # Connection URL and properties

        <!-- Generated from config.ConnectionProperties and config.LakehouseUrl by ConnectionReferenceGenerator
             (src/test/java/io/lakehouse/config), which says how to regenerate it. Do not edit by hand:
             ConnectionReferenceGeneratorTest fails when this file differs from the generator's output. -->

        ## The URL

        ```
        %s<catalog>[?<property>=<value>[&<property>=<value>...]]
        %s?catalog=<catalog>[&<property>=<value>...]
        ```

        `<catalog>` is a catalog file (YAML or JSON: [catalog-file.md](catalog-file.md)) or a directory: every Delta
        table (a folder with `_delta_log/`) and every Iceberg table (a folder with `metadata/*.metadata.json`) under it
        becomes a table, and sub-folders become schemas (`crm/customers` is `crm.customers`; a Spark/Hive database
        folder `sales.db` is schema `sales`; folders starting with `.` or `_` are skipped). A relative path is read
        against the JVM's working directory; a catalog file's own relative locations against the file's folder.

        - Names and values are percent-decoded (`%%20` is a space); a `+` stays a plus sign.
        - URL parameters and the `Properties` passed to `DriverManager.getConnection(url, info)` are merged. The same
          property given twice with different values fails (08001) instead of one silently winning.
        - An unknown property name fails (08001) and lists the known ones, so a typo never goes unnoticed.
        - `password` is removed from the URL wherever the driver shows it (`DatabaseMetaData.getURL()`, messages).
        - `Driver.getPropertyInfo(url, info)` lists the properties below with their descriptions without
          connecting (IDE driver dialogs show it); a secret's value is never echoed back.

        Examples (parsed by `LakehouseUrl.parse` when this page was generated; the right column is what it returned):

        | URL | | properties |
        |---|---|---|
        """.formatted(LakehouseUrl.PREFIX, LakehouseUrl.PREFIX));
    for (String[] example : EXAMPLES) {
      Properties parsed = LakehouseUrl.parse(example[0], new Properties());
      StringBuilder shown = new StringBuilder();
      for (String name : new TreeSet<>(parsed.stringPropertyNames())) {
        shown.append(shown.isEmpty() ? "" : ", ").append('`').append(name).append(" = ")
            .append(parsed.getProperty(name)).append('`');
      }
      md.append("| `").append(example[0]).append("` | ").append(example[1]).append(" | ").append(shown)
          .append(" |\n");
    }
    md.append("""

        ## Properties

        Give them as URL parameters, as `Properties` (a pool configured with the JDBC URL, such as HikariCP's
        `dataSourceProperties` or Spring Boot's `spring.datasource.hikari.data-source-properties.<name>`, passes
        them as `Properties`, under the names below), or through `%s`'s bean setters (the setter column; a
        pool configured with the DataSource class sets those). Each value is parsed and checked once, when the
        connection opens; an invalid one fails with 08001
        naming the property and what it expects (a secret's value is never shown). The catalog's `engine:` section
        may cap `threads` and `memory_limit` and fix `temp_directory` ([catalog-file.md](catalog-file.md#engine));
        asking for more than the cap fails with 42501.

        | property | value | DataSource setter |
        |---|---|---|
        """.formatted(simpleName(DATA_SOURCE)));
    for (ConnectionProperty<?> p : ConnectionProperties.all()) {
      md.append("| [`").append(p.name()).append("`](#").append(p.name()).append(") | ")
          .append(p.expected()).append(p.secret() ? " (secret)" : "").append(" | ")
          .append(setter(p.name())).append(" |\n");
    }
    for (ConnectionProperty<?> p : ConnectionProperties.all()) {
      md.append("\n### ").append(p.name()).append("\n\n");
      md.append(wrap(p.description())).append("\n\n");
      md.append("Value: ").append(p.expected()).append('.');
      if (p.secret()) {
        md.append(" A secret: never echoed in messages, `getPropertyInfo` or `getURL()`.");
      }
      md.append('\n');
    }
    return md.toString();
  }

  /** {@code setMemoryLimit} for {@code memory_limit}, when the DataSource has it; else a dash. */
  static String setter(String property) {
    StringBuilder name = new StringBuilder("set");
    for (String part : property.split("_")) {
      name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    try {
      Class<?> ds = Class.forName(DATA_SOURCE);
      boolean present = Arrays.stream(ds.getMethods()).map(Method::getName).anyMatch(name.toString()::equals);
      return present ? "`" + name + "`" : "—";
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(DATA_SOURCE + " not found", e);
    }
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  /** Wraps prose at 116 columns so the generated file reads like the hand-written docs. */
  static String wrap(String text) {
    StringBuilder out = new StringBuilder();
    int lineStart = 0;
    for (String word : text.split(" ")) {
      if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > 116) {
        out.append('\n');
        lineStart = out.length();
      } else if (out.length() > lineStart) {
        out.append(' ');
      }
      out.append(word);
    }
    return out.toString();
  }
}
