package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DatabaseMetaData result shapes against the JDBC 4.3 javadoc (column names and order matter to tools even when
 * there are no rows), plus the catalog-backed methods over a small discovered catalog.
 */
class DatabaseMetaDataShapeTest {
  @TempDir
  Path dir;

  private final List<Connection> connections = new ArrayList<>();

  @AfterEach
  void closeConnections() throws SQLException {
    for (Connection c : connections) {
      c.close();
    }
  }

  private DatabaseMetaData metaData(Path catalog) throws SQLException {
    Properties props = new Properties();
    props.setProperty("catalog", catalog.toString());
    LakehouseConnection c = new LakehouseConnection("jdbc:lakehouse:" + catalog, props);
    connections.add(c);
    return c.getMetaData();
  }

  private DatabaseMetaData emptyCatalog() throws Exception {
    return metaData(Files.createDirectories(dir.resolve("empty")));
  }

  /** Column names of a result; name and label must agree. */
  private static List<String> columns(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      assertEquals(md.getColumnName(i), md.getColumnLabel(i));
      names.add(md.getColumnLabel(i));
    }
    return names;
  }

  private static void assertEmpty(List<String> expected, ResultSet rs) throws SQLException {
    try (rs) {
      assertEquals(expected, columns(rs));
      assertFalse(rs.next(), "expected no rows");
    }
  }

  private static List<String> strings(ResultSet rs, String column) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        out.add(rs.getString(column));
      }
    }
    return out;
  }

  @Test
  void emptyResultsHaveTheStandardColumns() throws Exception {
    DatabaseMetaData md = emptyCatalog();
    List<String> procedures = List.of("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "RESERVED1",
        "RESERVED2", "RESERVED3", "REMARKS", "PROCEDURE_TYPE", "SPECIFIC_NAME");
    List<String> procedureColumns = List.of("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME",
        "COLUMN_TYPE", "DATA_TYPE", "TYPE_NAME", "PRECISION", "LENGTH", "SCALE", "RADIX", "NULLABLE", "REMARKS",
        "COLUMN_DEF", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE",
        "SPECIFIC_NAME");
    List<String> functions = List.of("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS", "FUNCTION_TYPE",
        "SPECIFIC_NAME");
    List<String> functionColumns = List.of("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "COLUMN_NAME",
        "COLUMN_TYPE", "DATA_TYPE", "TYPE_NAME", "PRECISION", "LENGTH", "SCALE", "RADIX", "NULLABLE", "REMARKS",
        "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE", "SPECIFIC_NAME");
    List<String> columnPrivileges = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "GRANTOR",
        "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");
    List<String> tablePrivileges = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "GRANTOR", "GRANTEE",
        "PRIVILEGE", "IS_GRANTABLE");
    List<String> rowColumns = List.of("SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE",
        "BUFFER_LENGTH", "DECIMAL_DIGITS", "PSEUDO_COLUMN");
    List<String> primaryKeys = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ",
        "PK_NAME");
    List<String> foreignKeys = List.of("PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME",
        "FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE",
        "FK_NAME", "PK_NAME", "DEFERRABILITY");
    List<String> indexInfo = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER",
        "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES",
        "FILTER_CONDITION");
    List<String> udts = List.of("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME", "DATA_TYPE", "REMARKS",
        "BASE_TYPE");
    List<String> superTypes = List.of("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SUPERTYPE_CAT", "SUPERTYPE_SCHEM",
        "SUPERTYPE_NAME");
    List<String> superTables = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME");
    List<String> attributes = List.of("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "ATTR_NAME", "DATA_TYPE",
        "ATTR_TYPE_NAME", "ATTR_SIZE", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "ATTR_DEF",
        "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE", "SCOPE_CATALOG",
        "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE");
    List<String> pseudoColumns = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE",
        "COLUMN_SIZE", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "COLUMN_USAGE", "REMARKS", "CHAR_OCTET_LENGTH",
        "IS_NULLABLE");
    List<String> clientInfo = List.of("NAME", "MAX_LEN", "DEFAULT_VALUE", "DESCRIPTION");

    assertEmpty(procedures, md.getProcedures(null, null, "%"));
    assertEmpty(procedureColumns, md.getProcedureColumns(null, null, "%", "%"));
    assertEmpty(functions, md.getFunctions(null, null, "%"));
    assertEmpty(functionColumns, md.getFunctionColumns(null, null, "%", "%"));
    assertEmpty(columnPrivileges, md.getColumnPrivileges(null, "main", "no_such_table", "%"));
    assertEmpty(tablePrivileges, md.getTablePrivileges(null, null, "no_such_table"));
    assertEmpty(rowColumns, md.getBestRowIdentifier(null, "main", "t", DatabaseMetaData.bestRowSession, true));
    assertEmpty(rowColumns, md.getVersionColumns(null, "main", "t"));
    assertEmpty(primaryKeys, md.getPrimaryKeys(null, "main", "t"));
    assertEmpty(foreignKeys, md.getImportedKeys(null, "main", "t"));
    assertEmpty(foreignKeys, md.getExportedKeys(null, "main", "t"));
    assertEmpty(foreignKeys, md.getCrossReference(null, "main", "a", null, "main", "b"));
    assertEmpty(indexInfo, md.getIndexInfo(null, "main", "t", false, true));
    assertEmpty(udts, md.getUDTs(null, null, "%", null));
    assertEmpty(superTypes, md.getSuperTypes(null, null, "%"));
    assertEmpty(superTables, md.getSuperTables(null, null, "%"));
    assertEmpty(attributes, md.getAttributes(null, null, "%", "%"));
    assertEmpty(pseudoColumns, md.getPseudoColumns(null, null, "%", "%"));
    assertEmpty(clientInfo, md.getClientInfoProperties());
    try (ResultSet rs = md.getCatalogs()) {
      assertEquals(List.of("TABLE_CAT"), columns(rs));
      assertTrue(rs.next());
      assertEquals("empty", rs.getString(1), "a discovered directory's catalog is named after the directory");
      assertFalse(rs.next());
    }
  }

  @Test
  void catalogResultsOfAnEmptyCatalog() throws Exception {
    DatabaseMetaData md = emptyCatalog();
    assertEmpty(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT", "TYPE_SCHEM",
        "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION"), md.getTables(null, null, "%", null));
    assertEmpty(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME",
        "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "COLUMN_DEF",
        "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE",
        "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE", "IS_AUTOINCREMENT",
        "IS_GENERATEDCOLUMN"), md.getColumns(null, null, "%", "%"));

    try (ResultSet rs = md.getSchemas()) {
      assertEquals(List.of("TABLE_SCHEM", "TABLE_CATALOG"), columns(rs));
      for (String schema : List.of("information_schema", "main")) {
        assertTrue(rs.next());
        assertEquals(schema, rs.getString("TABLE_SCHEM"));
        assertEquals("empty", rs.getString("TABLE_CATALOG"));
      }
      assertFalse(rs.next());
    }
    try (ResultSet rs = md.getTableTypes()) {
      assertEquals(List.of("TABLE_TYPE"), columns(rs));
      assertTrue(rs.next());
      assertEquals("TABLE", rs.getString(1));
      assertFalse(rs.next());
    }
  }

  @Test
  void typeInfoHasTheStandardColumnsAndTheMappedTypes() throws Exception {
    DatabaseMetaData md = emptyCatalog();
    try (ResultSet rs = md.getTypeInfo()) {
      assertEquals(List.of("TYPE_NAME", "DATA_TYPE", "PRECISION", "LITERAL_PREFIX", "LITERAL_SUFFIX",
          "CREATE_PARAMS", "NULLABLE", "CASE_SENSITIVE", "SEARCHABLE", "UNSIGNED_ATTRIBUTE", "FIXED_PREC_SCALE",
          "AUTO_INCREMENT", "LOCAL_TYPE_NAME", "MINIMUM_SCALE", "MAXIMUM_SCALE", "SQL_DATA_TYPE",
          "SQL_DATETIME_SUB", "NUM_PREC_RADIX"), columns(rs));
      List<String> names = new ArrayList<>();
      int previousType = Integer.MIN_VALUE;
      while (rs.next()) {
        names.add(rs.getString("TYPE_NAME"));
        int type = rs.getInt("DATA_TYPE");
        assertTrue(type >= previousType, "getTypeInfo must be ordered by DATA_TYPE");
        previousType = type;
        assertEquals(JdbcTypes.jdbcType(rs.getString("TYPE_NAME")), type);
        assertEquals(DatabaseMetaData.typeNullable, rs.getShort("NULLABLE"));
        if (rs.getString("TYPE_NAME").equals("DECIMAL")) {
          assertEquals(38, rs.getInt("PRECISION"));
          assertEquals(38, rs.getShort("MAXIMUM_SCALE"));
          assertEquals(10, rs.getInt("NUM_PREC_RADIX"));
        }
      }
      assertEquals(List.of("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE", "DECIMAL",
          "VARCHAR", "BLOB", "DATE", "TIME", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "UUID", "HUGEINT", "INTERVAL",
          "ARRAY", "STRUCT", "MAP").stream().sorted()
          .toList(), names.stream().sorted().toList());
      assertTrue(names.indexOf("VARCHAR") < names.indexOf("UUID"), "VARCHAR is the closer VARCHAR mapping");
    }
  }

  /**
   * A Delta table at version 0 with a schema and no data files. The log is written by hand: getTables and
   * getColumns only need table metadata, and this keeps the test free of a writer library.
   *
   * @param fields Delta schema fields as {name, type, nullable}
   */
  private static void deltaTable(Path dir, List<String[]> fields, List<String> partitionColumns) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode schema = json.createObjectNode().put("type", "struct");
    ArrayNode schemaFields = schema.putArray("fields");
    for (String[] f : fields) {
      schemaFields.addObject().put("name", f[0]).put("type", f[1]).put("nullable", Boolean.parseBoolean(f[2]))
          .putObject("metadata");
    }
    ObjectNode protocol = json.createObjectNode();
    protocol.putObject("protocol").put("minReaderVersion", 1).put("minWriterVersion", 2);
    ObjectNode metaData = json.createObjectNode();
    ObjectNode m = metaData.putObject("metaData").put("id", UUID.randomUUID().toString());
    m.putObject("format").put("provider", "parquet").putObject("options");
    m.put("schemaString", json.writeValueAsString(schema));
    partitionColumns.forEach(m.putArray("partitionColumns")::add);
    m.putObject("configuration");
    m.put("createdTime", 1_700_000_000_000L);
    Path logDir = Files.createDirectories(dir.resolve("_delta_log"));
    Files.writeString(logDir.resolve("00000000000000000000.json"),
        json.writeValueAsString(protocol) + "\n" + json.writeValueAsString(metaData) + "\n");
  }

  /** main.my_table, main.myXtable, main.Other and sales.orders (Delta); only getColumns reads their logs. */
  private DatabaseMetaData smallCatalog() throws Exception {
    Path root = Files.createDirectories(dir.resolve("catalog"));
    deltaTable(root.resolve("my_table"), List.of(new String[] {"id", "integer", "false"},
        new String[] {"amount", "decimal(10,2)", "true"}, new String[] {"name", "string", "true"},
        new String[] {"part", "string", "true"}), List.of("part"));
    deltaTable(root.resolve("myXtable"), List.<String[]>of(new String[] {"x", "long", "true"}), List.of());
    deltaTable(root.resolve("Other"), List.<String[]>of(new String[] {"y", "double", "true"}), List.of());
    deltaTable(root.resolve("sales").resolve("orders"), List.<String[]>of(new String[] {"order_id", "long", "true"}),
        List.of());
    return metaData(root);
  }

  @Test
  void getTablesMatchesJdbcPatterns() throws Exception {
    DatabaseMetaData md = smallCatalog();
    assertEquals("\\", md.getSearchStringEscape());
    assertEquals(List.of("Other", "myXtable", "my_table", "orders"), strings(md.getTables(null, null, null, null),
        "TABLE_NAME"));
    assertEquals(List.of("main", "main", "main", "sales"), strings(md.getTables(null, "%", "%", null),
        "TABLE_SCHEM"));
    assertEquals(List.of("myXtable", "my_table"), strings(md.getTables(null, null, "my_table", null),
        "TABLE_NAME"));
    assertEquals(List.of("my_table"), strings(md.getTables(null, null, "my\\_table", null), "TABLE_NAME"));
    assertEquals(List.of("Other"), strings(md.getTables(null, "main", "O%", null), "TABLE_NAME"));
    assertEquals(List.of("myXtable"), strings(md.getTables(null, null, "my\\Xt%", null), "TABLE_NAME"));
    assertEquals(List.of(), strings(md.getTables(null, null, "my\\%", null), "TABLE_NAME"));
    assertEquals(List.of(), strings(md.getTables(null, null, "my_table\\", null), "TABLE_NAME"));
    assertEquals(List.of(), strings(md.getTables(null, null, "other", null), "TABLE_NAME"));
    assertEquals(List.of("orders"), strings(md.getTables(null, "sales", null, new String[] {"TABLE"}),
        "TABLE_NAME"));
    assertEquals(List.of(), strings(md.getTables(null, null, null, new String[] {"VIEW"}), "TABLE_NAME"));
    assertEquals(List.of(), strings(md.getTables("somecatalog", null, null, null), "TABLE_NAME"));
    assertEquals(List.of("orders"), strings(md.getTables("", "s_les", "%", null), "TABLE_NAME"));

    assertEquals(List.of("orders"), strings(md.getTables("CATALOG", "sales", null, null), "TABLE_NAME"),
        "the catalog's name, as getCatalogs returns it (any case)");
    try (ResultSet rs = md.getTables(null, "sales", "orders", null)) {
      assertTrue(rs.next());
      assertEquals("catalog", rs.getString("TABLE_CAT"), "named after the discovered directory");
      assertEquals("TABLE", rs.getString("TABLE_TYPE"));
      assertEquals("delta table", rs.getString("REMARKS"));
      assertNull(rs.getString("REF_GENERATION"));
      assertFalse(rs.next());
    }
    assertEquals(List.of("information_schema", "main", "sales"), strings(md.getSchemas(), "TABLE_SCHEM"));
    assertEquals(List.of("catalog", "catalog", "catalog"), strings(md.getSchemas(), "TABLE_CATALOG"));
    assertEquals(List.of("sales"), strings(md.getSchemas("catalog", "sa%"), "TABLE_SCHEM"));
    assertEquals(List.of("sales"), strings(md.getSchemas(null, "sa%"), "TABLE_SCHEM"));
    assertEquals(List.of(), strings(md.getSchemas("somecatalog", null), "TABLE_SCHEM"));
  }

  @Test
  void getColumnsDescribesTheLatestSnapshot() throws Exception {
    DatabaseMetaData md = smallCatalog();
    try (ResultSet rs = md.getColumns(null, "main", "my\\_table", null)) {
      assertTrue(rs.next());
      assertEquals("main", rs.getString("TABLE_SCHEM"));
      assertEquals("my_table", rs.getString("TABLE_NAME"));
      assertEquals("id", rs.getString("COLUMN_NAME"));
      assertEquals(Types.INTEGER, rs.getInt("DATA_TYPE"));
      assertEquals("INTEGER", rs.getString("TYPE_NAME"));
      assertEquals(1, rs.getInt("ORDINAL_POSITION"));
      assertEquals(DatabaseMetaData.columnNoNulls, rs.getInt("NULLABLE"));
      assertEquals("NO", rs.getString("IS_NULLABLE"));
      assertEquals("NO", rs.getString("IS_AUTOINCREMENT"));
      assertEquals("NO", rs.getString("IS_GENERATEDCOLUMN"));

      assertTrue(rs.next());
      assertEquals("amount", rs.getString("COLUMN_NAME"));
      assertEquals(Types.DECIMAL, rs.getInt("DATA_TYPE"));
      assertEquals("DECIMAL(10,2)", rs.getString("TYPE_NAME"));
      assertEquals(10, rs.getInt("COLUMN_SIZE"));
      assertEquals(2, rs.getInt("DECIMAL_DIGITS"));
      assertEquals(10, rs.getInt("NUM_PREC_RADIX"));
      assertEquals(2, rs.getInt("ORDINAL_POSITION"));
      assertEquals(DatabaseMetaData.columnNullable, rs.getInt("NULLABLE"));
      assertEquals("YES", rs.getString("IS_NULLABLE"));

      assertTrue(rs.next());
      assertEquals("name", rs.getString("COLUMN_NAME"));
      assertEquals(Types.VARCHAR, rs.getInt("DATA_TYPE"));
      assertEquals("VARCHAR", rs.getString("TYPE_NAME"));

      assertTrue(rs.next());
      assertEquals("part", rs.getString("COLUMN_NAME"));
      assertEquals(4, rs.getInt("ORDINAL_POSITION"));
      assertEquals("partition column", rs.getString("REMARKS"));
      assertFalse(rs.next());
    }
    // The column pattern narrows rows but ordinal positions stay those of the table.
    try (ResultSet rs = md.getColumns(null, null, "my_table", "na%")) {
      assertTrue(rs.next());
      assertEquals("name", rs.getString("COLUMN_NAME"));
      assertEquals(3, rs.getInt("ORDINAL_POSITION"));
      assertFalse(rs.next());
    }
    assertEquals(List.of("id", "amount", "name", "part", "x", "y", "order_id").stream().sorted().toList(),
        strings(md.getColumns(null, null, null, null), "COLUMN_NAME").stream().sorted().toList());
  }

  @Test
  void aBrokenTableIsNamedByGetColumnsAndGetTablesWithoutFailingThem() throws Exception {
    Path root = Files.createDirectories(dir.resolve("broken"));
    Files.createDirectories(root.resolve("bad").resolve("_delta_log"));
    Files.writeString(root.resolve("bad").resolve("_delta_log").resolve("00000000000000000000.json"), "{oops");
    DatabaseMetaData md = metaData(root);
    assertEquals(List.of("bad"), strings(md.getTables(null, null, "%", null), "TABLE_NAME"));
    try (ResultSet rs = md.getColumns(null, null, "bad", null)) {
      // No columns, and a warning naming the table (an IDE's tree keeps the other tables).
      assertTrue(rs.getWarnings() != null && rs.getWarnings().getMessage().contains("bad cannot be read ("),
          String.valueOf(rs.getWarnings()));
      assertFalse(rs.next());
    }
    try (ResultSet rs = md.getTables(null, null, "bad", null)) {
      assertTrue(rs.next());
      assertTrue(rs.getString("REMARKS").contains("cannot be read ("), rs.getString("REMARKS"));
    }
  }

  @Test
  void capabilitiesOfAReadOnlySnapshotDriver() throws Exception {
    DatabaseMetaData md = emptyCatalog();
    assertTrue(md.isReadOnly());
    assertTrue(md.supportsTransactions());
    assertEquals(Connection.TRANSACTION_REPEATABLE_READ, md.getDefaultTransactionIsolation());
    assertTrue(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE));
    assertFalse(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_READ_UNCOMMITTED));
    assertTrue(md.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY));
    assertFalse(md.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE));
    assertFalse(md.supportsResultSetConcurrency(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE));
    assertFalse(md.supportsBatchUpdates());
    assertEquals("\"", md.getIdentifierQuoteString());
    assertEquals(4, md.getJDBCMajorVersion());
    assertEquals(3, md.getJDBCMinorVersion());
    assertEquals("lakehouse-jdbc", md.getDriverName());
    assertTrue(md.getURL().startsWith("jdbc:lakehouse:"));
    assertTrue(md.isWrapperFor(DatabaseMetaData.class));
    assertEquals(md, md.unwrap(LakehouseDatabaseMetaData.class));
  }

  @Test
  void methodsReturningDataFailOnAClosedConnection() throws Exception {
    DatabaseMetaData md = emptyCatalog();
    md.getConnection().close();
    assertThrows(SQLException.class, () -> md.getTables(null, null, "%", null));
    assertThrows(SQLException.class, () -> md.getPrimaryKeys(null, "main", "t"));
    assertThrows(SQLException.class, md::getTypeInfo);
  }
}
