package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.config.AccessConfig;
import io.lakehouse.config.TableEntry;
import io.lakehouse.engine.DuckDbTypes;
import io.lakehouse.engine.EngineSession;
import io.lakehouse.engine.ScanRenderer;
import io.lakehouse.security.AccessScope;
import io.lakehouse.table.ScanColumn;
import io.lakehouse.table.TableRegistry;
import io.lakehouse.table.TimeTravel;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code information_schema} tables, from the same sources as {@code DatabaseMetaData}: the principal's
 * readable tables (its organisation's catalog, filtered by grants) and, for {@code columns}, each table's latest
 * schema restricted to the granted columns. No data file is read; {@code tables} and {@code schemata} open no
 * table at all.
 *
 * <p>Each reference is rendered at execution as a relation of parameter arrays that DuckDB unnests (as SHOW TABLES
 * is), so it reflects the tables' latest schemas at that moment and joins, filters and aggregates like any table.
 * Queries that read it are never result-cached.
 *
 * <ul>
 *   <li>{@code schemata(catalog_name, schema_name)}</li>
 *   <li>{@code tables(table_catalog, table_schema, table_name, table_type, table_format)}: table_type is
 *       {@code BASE TABLE}</li>
 *   <li>{@code columns(table_catalog, table_schema, table_name, column_name, ordinal_position, column_default,
 *       is_nullable, data_type)}: data_type is DuckDB's type name, as DESCRIBE shows it</li>
 *   <li>{@code views(table_catalog, table_schema, table_name, view_definition)}: empty (catalogs hold no views)</li>
 * </ul>
 */
final class InformationSchema {
  static final List<String> TABLES = List.of("columns", "schemata", "tables", "views");

  private record Column(String name, String type) {}

  private final TableRegistry registry;
  private final AccessScope access;
  private final CatalogNames names;

  InformationSchema(TableRegistry registry, AccessScope access, CatalogNames names) {
    this.registry = registry;
    this.access = access;
    this.names = names;
  }

  /**
   * The relation for one information_schema table, as a parenthesised DuckDB sub-query whose arrays are appended to
   * {@code params} (numbered after those already there).
   */
  String render(String table, EngineSession session, List<Object> params) throws SQLException {
    String catalog = names.catalogName();
    List<Column> columns;
    List<Object[]> rows = new ArrayList<>();
    switch (table) {
      case "schemata" -> {
        columns = List.of(varchar("catalog_name"), varchar("schema_name"));
        for (String s : names.schemas()) {
          rows.add(new Object[] {catalog, s});
        }
      }
      case "tables" -> {
        columns = List.of(varchar("table_catalog"), varchar("table_schema"), varchar("table_name"),
            varchar("table_type"), varchar("table_format"));
        for (TableEntry t : access.readableTables()) {
          rows.add(new Object[] {catalog, t.schema(), t.name(), "BASE TABLE", t.format()});
        }
      }
      case "columns" -> {
        columns = List.of(varchar("table_catalog"), varchar("table_schema"), varchar("table_name"),
            varchar("column_name"), new Column("ordinal_position", "INTEGER"), varchar("column_default"),
            varchar("is_nullable"), varchar("data_type"));
        for (TableEntry t : access.readableTables()) {
          List<ScanColumn> visible = readableColumns(t);
          for (int i = 0; i < visible.size(); i++) {
            ScanColumn c = visible.get(i);
            rows.add(new Object[] {catalog, t.schema(), t.name(), c.name(), i + 1, null,
                c.nullable() ? "YES" : "NO", DuckDbTypes.of(c.type())});
          }
        }
      }
      case "views" -> columns = List.of(varchar("table_catalog"), varchar("table_schema"), varchar("table_name"),
          varchar("view_definition"));
      default -> throw new IllegalArgumentException(table);
    }
    List<String> select = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      Column column = columns.get(c);
      String name = ScanRenderer.quote(column.name());
      Object[] values = new Object[rows.size()];
      boolean allNull = true;
      for (int r = 0; r < rows.size(); r++) {
        values[r] = rows.get(r)[c];
        allNull &= values[r] == null;
      }
      if (allNull) {
        // An array of only NULLs reaches DuckDB as a NULL array, which unnests to no rows.
        select.add("CAST(NULL AS " + column.type() + ") AS " + name);
        continue;
      }
      params.add(session.array(column.type(), values));
      select.add("unnest(CAST($" + params.size() + " AS " + column.type() + "[])) AS " + name);
    }
    return "(SELECT " + String.join(", ", select) + (rows.isEmpty() ? " WHERE false" : "") + ")";
  }

  private static Column varchar(String name) {
    return new Column(name, "VARCHAR");
  }

  /**
   * The latest snapshot's columns the principal may read (all of them without a column grant), as
   * {@code DatabaseMetaData.getColumns} lists them.
   */
  private List<ScanColumn> readableColumns(TableEntry table) throws SQLException {
    // Only readable tables get here; a grant without a column list (null) means every column.
    java.util.Optional<AccessConfig.Grant> grant = access.grant(table);
    List<String> granted = grant.isPresent() ? grant.get().columns() : List.of();
    try {
      List<ScanColumn> columns = registry.table(table).snapshot(TimeTravel.LATEST).columns();
      return granted == null ? columns
          : columns.stream().filter(c -> granted.contains(c.name().toLowerCase(Locale.ROOT))).toList();
    } catch (RuntimeException e) {
      // Table-format libraries may fail unchecked; name the table, as getColumns does.
      throw new LakehouseSqlException("Cannot read the columns of " + table.qualifiedName() + ": " + e,
          SqlState.GENERAL, e);
    }
  }
}
