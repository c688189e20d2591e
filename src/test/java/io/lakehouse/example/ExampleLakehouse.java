package io.lakehouse.example;

import io.lakehouse.cli.LakehouseShell;
import io.lakehouse.testing.DeltaTestWriter;
import io.lakehouse.testing.DeltaTestWriter.Col;
import io.lakehouse.testing.IcebergTestWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * The main job: creates a small example lakehouse with the reference writers (a Delta table written by Delta
 * Kernel, an Iceberg table written by Iceberg core, several versions each) on first run, then runs example
 * queries with time travel in the SQL shell. {@code --interactive} opens the shell afterwards.
 */
public final class ExampleLakehouse {
  private ExampleLakehouse() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 && !args[0].startsWith("-") ? args[0] : "example-lakehouse")
        .toAbsolutePath();
    boolean interactive = List.of(args).contains("--interactive");
    if (!Files.exists(root.resolve("sales/_delta_log"))) {
      System.out.println("Creating the example lakehouse in " + root + " ...");
      create(root);
    }
    String[] queries = {
        "SELECT region, count(*) AS orders, sum(amount) AS revenue FROM sales GROUP BY region ORDER BY region",
        "SELECT count(*) AS orders_at_version_1 FROM sales FOR VERSION AS OF 1",
        "SELECT count(*) AS orders_on_jan_2 FROM sales FOR TIMESTAMP AS OF TIMESTAMP '2024-01-02 12:00:00'",
        "SELECT c.full_name, count(*) AS orders, sum(s.amount) AS spent FROM sales s "
            + "JOIN crm.customers c ON c.id = s.customer_id GROUP BY c.full_name ORDER BY spent DESC",
        "SELECT * FROM crm.customers FOR VERSION AS OF 'first-load' ORDER BY id",
        "SELECT now.id, now.full_name, before.name AS name_before_rename FROM crm.customers AS now "
            + "JOIN crm.customers FOR VERSION AS OF 'first-load' AS before ON before.id = now.id ORDER BY now.id",
        "EXPLAIN SELECT * FROM sales FOR VERSION AS OF 2 WHERE region = 'eu'"};
    List<String> shellArgs = new ArrayList<>(List.of(root.toString()));
    for (String q : queries) {
      shellArgs.add("-e");
      shellArgs.add(q);
    }
    int status = LakehouseShell.run(shellArgs.toArray(String[]::new));
    if (interactive) {
      status = LakehouseShell.run(new String[] {root.toString()});
    } else {
      System.out.println("\nOpen the shell on it: bin/lakehouse-shell " + root);
    }
    System.exit(status);
  }

  static void create(Path root) {
    // sales: Delta, partitioned by region; versions 1-3 committed "on" Jan 1-3 2024 for timestamp travel.
    DeltaTestWriter sales = DeltaTestWriter.create(root.resolve("sales"), List.of(
        Col.of("order_id", "long"), Col.of("customer_id", "long"), Col.of("region", "string"),
        Col.of("amount", "decimal(10,2)"), Col.of("order_date", "date")), List.of("region"));
    sales.setCommitTime(0, Instant.parse("2023-12-31T00:00:00Z"));
    long order = 1;
    for (int day = 1; day <= 3; day++) {
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < 4 * day; i++, order++) {
        rows.add(new Object[] {order, 1 + order % 4, i % 3 == 0 ? "us" : "eu",
            BigDecimal.valueOf(1000 + order * 137 % 9000, 2), LocalDate.of(2024, 1, day)});
      }
      long version = sales.append(rows);
      sales.setCommitTime(version, Instant.parse("2024-01-0" + day + "T09:00:00Z"));
    }
    sales.checkpoint();

    // crm.customers: Iceberg, tagged, then a column renamed and a customer deleted (position delete).
    IcebergTestWriter customers = IcebergTestWriter.create(root.resolve("crm/customers"), new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get()),
        Types.NestedField.optional(3, "country", Types.StringType.get())), PartitionSpec.unpartitioned());
    long first = customers.append(new Object[] {1L, "Ada Lovelace", "UK"}, new Object[] {2L, "Grace Hopper", "US"},
        new Object[] {3L, "Edsger Dijkstra", "NL"}, new Object[] {4L, "Barbara Liskov", "US"},
        new Object[] {5L, "Alan Turing", "UK"});
    customers.tag("first-load", first);
    customers.renameColumn("name", "full_name");
    customers.deleteWhereEquals("id", 5L);
  }
}
