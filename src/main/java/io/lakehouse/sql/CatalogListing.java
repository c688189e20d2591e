package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.config.TableEntry;
import io.lakehouse.engine.EngineSession;
import io.lakehouse.engine.ScanRenderer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code SHOW TABLES [FROM | IN schema]} and {@code SHOW SCHEMAS}: computed from the connection's list of visible
 * tables when executed (so a table added to the list, or hidden from the principal, shows accordingly), and
 * returned as a DuckDB result like the metadata result sets.
 *
 * <p>Columns: SHOW TABLES gives {@code schema_name, table_name, table_format}; SHOW SCHEMAS gives
 * {@code schema_name}. Rows are sorted by schema, then table.
 */
final class CatalogListing {
  enum Kind { TABLES, SCHEMAS }

  private final Kind kind;
  /** The schema named after FROM / IN: its parts and whether each was quoted; null for all schemas. */
  private final List<String> schemaParts;
  private final List<Boolean> schemaQuoted;
  private final int line;
  private final int column;
  private final Supplier<List<TableEntry>> tables;
  private final CatalogNames names;

  CatalogListing(Kind kind, List<String> schemaParts, List<Boolean> schemaQuoted, int line, int column,
      Supplier<List<TableEntry>> tables, CatalogNames names) {
    this.names = names;
    this.kind = kind;
    this.schemaParts = schemaParts;
    this.schemaQuoted = schemaQuoted;
    this.line = line;
    this.column = column;
    this.tables = tables;
  }

  ResultSet run(EngineSession session) throws SQLException {
    List<TableEntry> visible = tables.get();
    // The default schema and information_schema are listed even though no catalog table is in them (as in
    // getSchemas).
    TreeSet<String> schemas = names.schemas();
    List<Object[]> rows = new ArrayList<>();
    if (kind == Kind.SCHEMAS) {
      schemas.forEach(s -> rows.add(new Object[] {s}));
      return result(session, List.of("schema_name"), rows);
    }
    String schema = null;
    if (schemaParts != null) {
      schema = schemas.stream().filter(s -> CatalogNames.named(s, schemaParts, schemaQuoted)).findFirst()
          .orElseThrow(() -> new LakehouseSqlException("Schema '" + String.join(".", schemaParts) + "' not found",
              SqlState.INVALID_SCHEMA, line, column, null));
    }
    List<TableEntry> sorted = new ArrayList<>(visible);
    sorted.sort(java.util.Comparator.comparing(TableEntry::schema).thenComparing(TableEntry::name));
    for (TableEntry t : sorted) {
      if (schema == null || schema.equals(t.schema())) {
        rows.add(new Object[] {t.schema(), t.name(), t.format()});
      }
    }
    return result(session, List.of("schema_name", "table_name", "table_format"), rows);
  }

  /** VARCHAR columns from Java rows, as typed arrays unnested by DuckDB (see jdbc.MetadataResults). */
  private static ResultSet result(EngineSession session, List<String> names, List<Object[]> rows)
      throws SQLException {
    List<String> select = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      if (rows.isEmpty()) {
        select.add("CAST(NULL AS VARCHAR) AS " + ScanRenderer.quote(names.get(c)));
        continue;
      }
      Object[] values = new Object[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        values[r] = rows.get(r)[c];
      }
      params.add(session.array("VARCHAR", values));
      select.add("unnest(CAST($" + params.size() + " AS VARCHAR[])) AS " + ScanRenderer.quote(names.get(c)));
    }
    return session.query("SELECT " + String.join(", ", select) + (rows.isEmpty() ? " WHERE false" : ""), params);
  }
}
