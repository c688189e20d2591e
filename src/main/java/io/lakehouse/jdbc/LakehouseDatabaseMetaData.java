package io.lakehouse.jdbc;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.config.AccessConfig;
import io.lakehouse.config.CatalogConfig;
import io.lakehouse.config.TableEntry;
import io.lakehouse.engine.DuckDbTypes;
import io.lakehouse.table.ScanColumn;
import io.lakehouse.table.TimeTravel;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Database metadata of a connection. The catalog file (or discovered directory) is the only source of table
 * names: TABLE_CAT is the catalog's name (its {@code name:} key, else the file or directory name; the one row of
 * getCatalogs), schemas are the catalog's schemas (and information_schema), and every
 * table is a plain {@code TABLE}. Columns come from each table's latest snapshot. Keys, indexes, procedures,
 * privileges and user-defined types do not exist in Delta / Iceberg as this driver reads them, so those methods
 * return empty results of the standard shape.
 */
final class LakehouseDatabaseMetaData implements DatabaseMetaData {
  static final String PRODUCT_NAME = "lakehouse-jdbc (DuckDB)";
  // The DuckDB release the driver is built and tested against (pom: duckdb_jdbc 2.0.0.x).
  static final String PRODUCT_VERSION = "DuckDB 2.0.0";
  static final int PRODUCT_MAJOR = 2;
  static final int PRODUCT_MINOR = 0;
  static final String DRIVER_NAME = "lakehouse-jdbc";
  static final String DRIVER_VERSION = "0.1.0";
  static final int DRIVER_MAJOR = 0;
  static final int DRIVER_MINOR = 1;

  private static final String TABLE_TYPE = "TABLE";
  private static final String ESCAPE = "\\";

  // Standard result shapes, in the column order of the JDBC 4.3 javadoc. Each entry is "NAME DUCKDB_TYPE".
  private static final Shape PROCEDURES = Shape.of("PROCEDURE_CAT VARCHAR", "PROCEDURE_SCHEM VARCHAR",
      "PROCEDURE_NAME VARCHAR", "RESERVED1 VARCHAR", "RESERVED2 VARCHAR", "RESERVED3 VARCHAR", "REMARKS VARCHAR",
      "PROCEDURE_TYPE SMALLINT", "SPECIFIC_NAME VARCHAR");
  private static final Shape PROCEDURE_COLUMNS = Shape.of("PROCEDURE_CAT VARCHAR", "PROCEDURE_SCHEM VARCHAR",
      "PROCEDURE_NAME VARCHAR", "COLUMN_NAME VARCHAR", "COLUMN_TYPE SMALLINT", "DATA_TYPE INTEGER",
      "TYPE_NAME VARCHAR", "PRECISION INTEGER", "LENGTH INTEGER", "SCALE SMALLINT", "RADIX SMALLINT",
      "NULLABLE SMALLINT", "REMARKS VARCHAR", "COLUMN_DEF VARCHAR", "SQL_DATA_TYPE INTEGER",
      "SQL_DATETIME_SUB INTEGER", "CHAR_OCTET_LENGTH INTEGER", "ORDINAL_POSITION INTEGER", "IS_NULLABLE VARCHAR",
      "SPECIFIC_NAME VARCHAR");
  private static final Shape TABLES = Shape.of("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR", "TABLE_NAME VARCHAR",
      "TABLE_TYPE VARCHAR", "REMARKS VARCHAR", "TYPE_CAT VARCHAR", "TYPE_SCHEM VARCHAR", "TYPE_NAME VARCHAR",
      "SELF_REFERENCING_COL_NAME VARCHAR", "REF_GENERATION VARCHAR");
  private static final Shape SCHEMAS = Shape.of("TABLE_SCHEM VARCHAR", "TABLE_CATALOG VARCHAR");
  private static final Shape CATALOGS = Shape.of("TABLE_CAT VARCHAR");
  private static final Shape TABLE_TYPES = Shape.of("TABLE_TYPE VARCHAR");
  private static final Shape COLUMNS = Shape.of("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR", "TABLE_NAME VARCHAR",
      "COLUMN_NAME VARCHAR", "DATA_TYPE INTEGER", "TYPE_NAME VARCHAR", "COLUMN_SIZE INTEGER",
      "BUFFER_LENGTH INTEGER", "DECIMAL_DIGITS INTEGER", "NUM_PREC_RADIX INTEGER", "NULLABLE INTEGER",
      "REMARKS VARCHAR", "COLUMN_DEF VARCHAR", "SQL_DATA_TYPE INTEGER", "SQL_DATETIME_SUB INTEGER",
      "CHAR_OCTET_LENGTH INTEGER", "ORDINAL_POSITION INTEGER", "IS_NULLABLE VARCHAR", "SCOPE_CATALOG VARCHAR",
      "SCOPE_SCHEMA VARCHAR", "SCOPE_TABLE VARCHAR", "SOURCE_DATA_TYPE SMALLINT", "IS_AUTOINCREMENT VARCHAR",
      "IS_GENERATEDCOLUMN VARCHAR");
  private static final Shape COLUMN_PRIVILEGES = Shape.of("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR",
      "TABLE_NAME VARCHAR", "COLUMN_NAME VARCHAR", "GRANTOR VARCHAR", "GRANTEE VARCHAR", "PRIVILEGE VARCHAR",
      "IS_GRANTABLE VARCHAR");
  private static final Shape TABLE_PRIVILEGES = Shape.of("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR",
      "TABLE_NAME VARCHAR", "GRANTOR VARCHAR", "GRANTEE VARCHAR", "PRIVILEGE VARCHAR", "IS_GRANTABLE VARCHAR");
  // getBestRowIdentifier and getVersionColumns share one shape.
  private static final Shape ROW_COLUMNS = Shape.of("SCOPE SMALLINT", "COLUMN_NAME VARCHAR", "DATA_TYPE INTEGER",
      "TYPE_NAME VARCHAR", "COLUMN_SIZE INTEGER", "BUFFER_LENGTH INTEGER", "DECIMAL_DIGITS SMALLINT",
      "PSEUDO_COLUMN SMALLINT");
  private static final Shape PRIMARY_KEYS = Shape.of("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR",
      "TABLE_NAME VARCHAR", "COLUMN_NAME VARCHAR", "KEY_SEQ SMALLINT", "PK_NAME VARCHAR");
  // getImportedKeys, getExportedKeys and getCrossReference share one shape.
  private static final Shape FOREIGN_KEYS = Shape.of("PKTABLE_CAT VARCHAR", "PKTABLE_SCHEM VARCHAR",
      "PKTABLE_NAME VARCHAR", "PKCOLUMN_NAME VARCHAR", "FKTABLE_CAT VARCHAR", "FKTABLE_SCHEM VARCHAR",
      "FKTABLE_NAME VARCHAR", "FKCOLUMN_NAME VARCHAR", "KEY_SEQ SMALLINT", "UPDATE_RULE SMALLINT",
      "DELETE_RULE SMALLINT", "FK_NAME VARCHAR", "PK_NAME VARCHAR", "DEFERRABILITY SMALLINT");
  private static final Shape TYPE_INFO = Shape.of("TYPE_NAME VARCHAR", "DATA_TYPE INTEGER", "PRECISION INTEGER",
      "LITERAL_PREFIX VARCHAR", "LITERAL_SUFFIX VARCHAR", "CREATE_PARAMS VARCHAR", "NULLABLE SMALLINT",
      "CASE_SENSITIVE BOOLEAN", "SEARCHABLE SMALLINT", "UNSIGNED_ATTRIBUTE BOOLEAN", "FIXED_PREC_SCALE BOOLEAN",
      "AUTO_INCREMENT BOOLEAN", "LOCAL_TYPE_NAME VARCHAR", "MINIMUM_SCALE SMALLINT", "MAXIMUM_SCALE SMALLINT",
      "SQL_DATA_TYPE INTEGER", "SQL_DATETIME_SUB INTEGER", "NUM_PREC_RADIX INTEGER");
  private static final Shape INDEX_INFO = Shape.of("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR", "TABLE_NAME VARCHAR",
      "NON_UNIQUE BOOLEAN", "INDEX_QUALIFIER VARCHAR", "INDEX_NAME VARCHAR", "TYPE SMALLINT",
      "ORDINAL_POSITION SMALLINT", "COLUMN_NAME VARCHAR", "ASC_OR_DESC VARCHAR", "CARDINALITY BIGINT",
      "PAGES BIGINT", "FILTER_CONDITION VARCHAR");
  private static final Shape UDTS = Shape.of("TYPE_CAT VARCHAR", "TYPE_SCHEM VARCHAR", "TYPE_NAME VARCHAR",
      "CLASS_NAME VARCHAR", "DATA_TYPE INTEGER", "REMARKS VARCHAR", "BASE_TYPE SMALLINT");
  private static final Shape SUPER_TYPES = Shape.of("TYPE_CAT VARCHAR", "TYPE_SCHEM VARCHAR", "TYPE_NAME VARCHAR",
      "SUPERTYPE_CAT VARCHAR", "SUPERTYPE_SCHEM VARCHAR", "SUPERTYPE_NAME VARCHAR");
  private static final Shape SUPER_TABLES = Shape.of("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR",
      "TABLE_NAME VARCHAR", "SUPERTABLE_NAME VARCHAR");
  private static final Shape ATTRIBUTES = Shape.of("TYPE_CAT VARCHAR", "TYPE_SCHEM VARCHAR", "TYPE_NAME VARCHAR",
      "ATTR_NAME VARCHAR", "DATA_TYPE INTEGER", "ATTR_TYPE_NAME VARCHAR", "ATTR_SIZE INTEGER",
      "DECIMAL_DIGITS INTEGER", "NUM_PREC_RADIX INTEGER", "NULLABLE INTEGER", "REMARKS VARCHAR", "ATTR_DEF VARCHAR",
      "SQL_DATA_TYPE INTEGER", "SQL_DATETIME_SUB INTEGER", "CHAR_OCTET_LENGTH INTEGER", "ORDINAL_POSITION INTEGER",
      "IS_NULLABLE VARCHAR", "SCOPE_CATALOG VARCHAR", "SCOPE_SCHEMA VARCHAR", "SCOPE_TABLE VARCHAR",
      "SOURCE_DATA_TYPE SMALLINT");
  private static final Shape CLIENT_INFO_PROPERTIES = Shape.of("NAME VARCHAR", "MAX_LEN INTEGER",
      "DEFAULT_VALUE VARCHAR", "DESCRIPTION VARCHAR");
  private static final Shape FUNCTIONS = Shape.of("FUNCTION_CAT VARCHAR", "FUNCTION_SCHEM VARCHAR",
      "FUNCTION_NAME VARCHAR", "REMARKS VARCHAR", "FUNCTION_TYPE SMALLINT", "SPECIFIC_NAME VARCHAR");
  private static final Shape FUNCTION_COLUMNS = Shape.of("FUNCTION_CAT VARCHAR", "FUNCTION_SCHEM VARCHAR",
      "FUNCTION_NAME VARCHAR", "COLUMN_NAME VARCHAR", "COLUMN_TYPE SMALLINT", "DATA_TYPE INTEGER",
      "TYPE_NAME VARCHAR", "PRECISION INTEGER", "LENGTH INTEGER", "SCALE SMALLINT", "RADIX SMALLINT",
      "NULLABLE SMALLINT", "REMARKS VARCHAR", "CHAR_OCTET_LENGTH INTEGER", "ORDINAL_POSITION INTEGER",
      "IS_NULLABLE VARCHAR", "SPECIFIC_NAME VARCHAR");
  private static final Shape PSEUDO_COLUMNS = Shape.of("TABLE_CAT VARCHAR", "TABLE_SCHEM VARCHAR",
      "TABLE_NAME VARCHAR", "COLUMN_NAME VARCHAR", "DATA_TYPE INTEGER", "COLUMN_SIZE INTEGER",
      "DECIMAL_DIGITS INTEGER", "NUM_PREC_RADIX INTEGER", "COLUMN_USAGE VARCHAR", "REMARKS VARCHAR",
      "CHAR_OCTET_LENGTH INTEGER", "IS_NULLABLE VARCHAR");

  private final LakehouseConnection connection;

  LakehouseDatabaseMetaData(LakehouseConnection connection) {
    this.connection = connection;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Product and driver identity

  @Override
  public String getDatabaseProductName() {
    return PRODUCT_NAME;
  }

  @Override
  public String getDatabaseProductVersion() {
    return PRODUCT_VERSION;
  }

  @Override
  public int getDatabaseMajorVersion() {
    return PRODUCT_MAJOR;
  }

  @Override
  public int getDatabaseMinorVersion() {
    return PRODUCT_MINOR;
  }

  @Override
  public String getDriverName() {
    return DRIVER_NAME;
  }

  @Override
  public String getDriverVersion() {
    return DRIVER_VERSION;
  }

  @Override
  public int getDriverMajorVersion() {
    return DRIVER_MAJOR;
  }

  @Override
  public int getDriverMinorVersion() {
    return DRIVER_MINOR;
  }

  @Override
  public int getJDBCMajorVersion() {
    return 4;
  }

  @Override
  public int getJDBCMinorVersion() {
    return 3;
  }

  @Override
  public String getURL() throws SQLException {
    connection.checkOpen();
    // The URL names the catalog only; credentials travel as properties, so it is safe to show.
    return connection.url();
  }

  @Override
  public String getUserName() throws SQLException {
    connection.checkOpen();
    // The principal the connection runs as (the resolver's choice, when the application set one).
    return connection.access().principal();
  }

  @Override
  public Connection getConnection() {
    return connection;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    connection.checkOpen();
    return true;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Names, identifiers and SQL vocabulary

  @Override
  public boolean allProceduresAreCallable() {
    return false;
  }

  @Override
  public boolean allTablesAreSelectable() {
    return true;
  }

  @Override
  public boolean usesLocalFiles() {
    return false;
  }

  @Override
  public boolean usesLocalFilePerTable() {
    return false;
  }

  // Unquoted names resolve case-insensitively but are kept as the catalog spells them; quoted names must match.
  @Override
  public boolean supportsMixedCaseIdentifiers() {
    return false;
  }

  @Override
  public boolean storesUpperCaseIdentifiers() {
    return false;
  }

  @Override
  public boolean storesLowerCaseIdentifiers() {
    return false;
  }

  @Override
  public boolean storesMixedCaseIdentifiers() {
    return true;
  }

  @Override
  public boolean supportsMixedCaseQuotedIdentifiers() {
    return true;
  }

  @Override
  public boolean storesUpperCaseQuotedIdentifiers() {
    return false;
  }

  @Override
  public boolean storesLowerCaseQuotedIdentifiers() {
    return false;
  }

  @Override
  public boolean storesMixedCaseQuotedIdentifiers() {
    return true;
  }

  @Override
  public String getIdentifierQuoteString() {
    return "\"";
  }

  /**
   * Words beyond SQL:2003 that have a meaning here: DuckDB's QUALIFY / ILIKE / ASOF and the time-travel clauses
   * ({@code VERSION AS OF}, {@code FOR SYSTEM_TIME AS OF}, {@code FOR SYSTEM_VERSION AS OF}).
   */
  @Override
  public String getSQLKeywords() {
    return "ASOF,ILIKE,QUALIFY,SYSTEM_TIME,SYSTEM_VERSION,VERSION";
  }

  // The function lists name DuckDB functions that the driver's SQL policy lets through, plus the JDBC / ODBC names
  // that {fn ...} renames (sql.JdbcEscapes: CHAR, CURDATE, CURTIME, IFNULL, RAND, TRUNCATE, TIMESTAMPADD,
  // TIMESTAMPDIFF). JdbcEscapesTest runs every one of them in {fn ...} against plain DuckDB.
  @Override
  public String getNumericFunctions() {
    return "ABS,ACOS,ASIN,ATAN,ATAN2,CBRT,CEIL,CEILING,COS,COT,DEGREES,EVEN,EXP,FACTORIAL,FLOOR,GCD,GREATEST,"
        + "ISFINITE,ISINF,ISNAN,LCM,LEAST,LN,LOG,LOG10,LOG2,MOD,PI,POW,POWER,RADIANS,RAND,RANDOM,ROUND,SIGN,SIN,"
        + "SQRT,TAN,TRUNC,TRUNCATE";
  }

  @Override
  public String getStringFunctions() {
    return "ASCII,CHAR,CHR,CONCAT,CONCAT_WS,CONTAINS,ENDS_WITH,FORMAT,INSTR,LCASE,LEFT,LENGTH,LOWER,LPAD,LTRIM,MD5,"
        + "POSITION,PRINTF,REGEXP_EXTRACT,REGEXP_MATCHES,REGEXP_REPLACE,REPEAT,REPLACE,REVERSE,RIGHT,RPAD,RTRIM,"
        + "SHA256,SPLIT_PART,STARTS_WITH,STRING_AGG,STRING_SPLIT,STRLEN,STRPOS,SUBSTR,SUBSTRING,TRIM,UCASE,UPPER";
  }

  @Override
  public String getSystemFunctions() {
    return "COALESCE,GEN_RANDOM_UUID,HASH,IFNULL,NULLIF,TYPEOF";
  }

  @Override
  public String getTimeDateFunctions() {
    return "AGE,CURDATE,CURTIME,DATE_ADD,DATE_DIFF,DATE_PART,DATE_SUB,DATE_TRUNC,DATEDIFF,DATEPART,DATETRUNC,DAY,"
        + "DAYNAME,DAYOFMONTH,DAYOFWEEK,DAYOFYEAR,EPOCH,EPOCH_MS,EXTRACT,HOUR,LAST_DAY,MAKE_DATE,MAKE_TIME,"
        + "MAKE_TIMESTAMP,MINUTE,MONTH,MONTHNAME,NOW,QUARTER,SECOND,STRFTIME,STRPTIME,TIME_BUCKET,TIMESTAMPADD,"
        + "TIMESTAMPDIFF,TO_TIMESTAMP,WEEK,YEAR,YEARWEEK";
  }

  @Override
  public String getSearchStringEscape() {
    return ESCAPE;
  }

  @Override
  public String getExtraNameCharacters() {
    return "";
  }

  @Override
  public String getSchemaTerm() {
    return "schema";
  }

  @Override
  public String getProcedureTerm() {
    return "procedure";
  }

  @Override
  public String getCatalogTerm() {
    return "catalog";
  }

  @Override
  public boolean isCatalogAtStart() {
    return true;
  }

  @Override
  public String getCatalogSeparator() {
    return ".";
  }

  @Override
  public int getSQLStateType() {
    return sqlStateSQL;
  }

  @Override
  public RowIdLifetime getRowIdLifetime() {
    return RowIdLifetime.ROWID_UNSUPPORTED;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Query language support (what DuckDB runs)

  @Override
  public boolean nullsAreSortedHigh() {
    return false;
  }

  @Override
  public boolean nullsAreSortedLow() {
    return false;
  }

  @Override
  public boolean nullsAreSortedAtStart() {
    return false;
  }

  // DuckDB's default null order is NULLS LAST for ascending and descending sorts alike.
  @Override
  public boolean nullsAreSortedAtEnd() {
    return true;
  }

  @Override
  public boolean supportsColumnAliasing() {
    return true;
  }

  @Override
  public boolean nullPlusNonNullIsNull() {
    return true;
  }

  // No {fn CONVERT} escape processing; CAST and TRY_CAST are the way to convert.
  @Override
  public boolean supportsConvert() {
    return false;
  }

  @Override
  public boolean supportsConvert(int fromType, int toType) {
    return false;
  }

  @Override
  public boolean supportsTableCorrelationNames() {
    return true;
  }

  @Override
  public boolean supportsDifferentTableCorrelationNames() {
    return false;
  }

  @Override
  public boolean supportsExpressionsInOrderBy() {
    return true;
  }

  @Override
  public boolean supportsOrderByUnrelated() {
    return true;
  }

  @Override
  public boolean supportsGroupBy() {
    return true;
  }

  @Override
  public boolean supportsGroupByUnrelated() {
    return true;
  }

  @Override
  public boolean supportsGroupByBeyondSelect() {
    return true;
  }

  @Override
  public boolean supportsLikeEscapeClause() {
    return true;
  }

  @Override
  public boolean supportsMultipleResultSets() {
    return false;
  }

  // Each connection pins its own snapshots, so any number of connections can be in a transaction at once.
  @Override
  public boolean supportsMultipleTransactions() {
    return true;
  }

  @Override
  public boolean supportsNonNullableColumns() {
    return true;
  }

  @Override
  public boolean supportsMinimumSQLGrammar() {
    return true;
  }

  @Override
  public boolean supportsCoreSQLGrammar() {
    return true;
  }

  // The extended ODBC grammar includes positioned updates and deletes, which a read-only driver cannot offer.
  @Override
  public boolean supportsExtendedSQLGrammar() {
    return false;
  }

  @Override
  public boolean supportsANSI92EntryLevelSQL() {
    return true;
  }

  @Override
  public boolean supportsANSI92IntermediateSQL() {
    return false;
  }

  @Override
  public boolean supportsANSI92FullSQL() {
    return false;
  }

  @Override
  public boolean supportsIntegrityEnhancementFacility() {
    return false;
  }

  @Override
  public boolean supportsOuterJoins() {
    return true;
  }

  @Override
  public boolean supportsFullOuterJoins() {
    return true;
  }

  @Override
  public boolean supportsLimitedOuterJoins() {
    return true;
  }

  @Override
  public boolean supportsSubqueriesInComparisons() {
    return true;
  }

  @Override
  public boolean supportsSubqueriesInExists() {
    return true;
  }

  @Override
  public boolean supportsSubqueriesInIns() {
    return true;
  }

  @Override
  public boolean supportsSubqueriesInQuantifieds() {
    return true;
  }

  @Override
  public boolean supportsCorrelatedSubqueries() {
    return true;
  }

  @Override
  public boolean supportsUnion() {
    return true;
  }

  @Override
  public boolean supportsUnionAll() {
    return true;
  }

  @Override
  public boolean supportsSelectForUpdate() {
    return false;
  }

  @Override
  public boolean supportsPositionedDelete() {
    return false;
  }

  @Override
  public boolean supportsPositionedUpdate() {
    return false;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Schemas and catalogs in SQL: names are [schema.]table, there is no catalog level

  @Override
  public boolean supportsSchemasInDataManipulation() {
    return true;
  }

  @Override
  public boolean supportsSchemasInProcedureCalls() {
    return false;
  }

  @Override
  public boolean supportsSchemasInTableDefinitions() {
    return true;
  }

  @Override
  public boolean supportsSchemasInIndexDefinitions() {
    return false;
  }

  @Override
  public boolean supportsSchemasInPrivilegeDefinitions() {
    return false;
  }

  /** {@code catalog.schema.table} names work in queries. */
  @Override
  public boolean supportsCatalogsInDataManipulation() {
    return true;
  }

  @Override
  public boolean supportsCatalogsInProcedureCalls() {
    return false;
  }

  @Override
  public boolean supportsCatalogsInTableDefinitions() {
    return false;
  }

  @Override
  public boolean supportsCatalogsInIndexDefinitions() {
    return false;
  }

  @Override
  public boolean supportsCatalogsInPrivilegeDefinitions() {
    return false;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Features a read-only driver does not have: DDL, DML, procedures, batches, keys, savepoints

  @Override
  public boolean supportsAlterTableWithAddColumn() {
    return false;
  }

  @Override
  public boolean supportsAlterTableWithDropColumn() {
    return false;
  }

  @Override
  public boolean supportsStoredProcedures() {
    return false;
  }

  @Override
  public boolean supportsStoredFunctionsUsingCallSyntax() {
    return false;
  }

  @Override
  public boolean supportsBatchUpdates() {
    return false;
  }

  @Override
  public boolean supportsSavepoints() {
    return false;
  }

  @Override
  public boolean supportsNamedParameters() {
    return false;
  }

  @Override
  public boolean supportsMultipleOpenResults() {
    return false;
  }

  @Override
  public boolean supportsGetGeneratedKeys() {
    return false;
  }

  @Override
  public boolean generatedKeyAlwaysReturned() {
    return false;
  }

  @Override
  public boolean supportsStatementPooling() {
    return false;
  }

  @Override
  public boolean supportsRefCursors() {
    return false;
  }

  @Override
  public boolean supportsSharding() {
    return false;
  }

  @Override
  public boolean locatorsUpdateCopy() {
    return false;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Transactions: snapshot isolation over pinned table versions, no DDL inside (or outside) them

  @Override
  public boolean supportsTransactions() {
    return true;
  }

  @Override
  public int getDefaultTransactionIsolation() {
    return Connection.TRANSACTION_REPEATABLE_READ;
  }

  // Pinned snapshots give every level from READ_COMMITTED up; reading uncommitted data is impossible.
  @Override
  public boolean supportsTransactionIsolationLevel(int level) {
    return level == Connection.TRANSACTION_READ_COMMITTED || level == Connection.TRANSACTION_REPEATABLE_READ
        || level == Connection.TRANSACTION_SERIALIZABLE;
  }

  @Override
  public boolean supportsDataDefinitionAndDataManipulationTransactions() {
    return false;
  }

  @Override
  public boolean supportsDataManipulationTransactionsOnly() {
    return true;
  }

  @Override
  public boolean dataDefinitionCausesTransactionCommit() {
    return false;
  }

  @Override
  public boolean dataDefinitionIgnoredInTransactions() {
    return false;
  }

  @Override
  public boolean supportsOpenCursorsAcrossCommit() {
    return false;
  }

  @Override
  public boolean supportsOpenCursorsAcrossRollback() {
    return false;
  }

  @Override
  public boolean supportsOpenStatementsAcrossCommit() {
    return true;
  }

  @Override
  public boolean supportsOpenStatementsAcrossRollback() {
    return true;
  }

  @Override
  public boolean autoCommitFailureClosesAllResultSets() {
    return false;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Result sets: forward-only and read-only

  @Override
  public boolean supportsResultSetType(int type) {
    return type == ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public boolean supportsResultSetConcurrency(int type, int concurrency) {
    return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public boolean supportsResultSetHoldability(int holdability) {
    return holdability == ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public int getResultSetHoldability() {
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public boolean ownUpdatesAreVisible(int type) {
    return false;
  }

  @Override
  public boolean ownDeletesAreVisible(int type) {
    return false;
  }

  @Override
  public boolean ownInsertsAreVisible(int type) {
    return false;
  }

  @Override
  public boolean othersUpdatesAreVisible(int type) {
    return false;
  }

  @Override
  public boolean othersDeletesAreVisible(int type) {
    return false;
  }

  @Override
  public boolean othersInsertsAreVisible(int type) {
    return false;
  }

  @Override
  public boolean updatesAreDetected(int type) {
    return false;
  }

  @Override
  public boolean deletesAreDetected(int type) {
    return false;
  }

  @Override
  public boolean insertsAreDetected(int type) {
    return false;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Limits: none that the driver knows of (0 = no limit or unknown)

  @Override
  public int getMaxBinaryLiteralLength() {
    return 0;
  }

  @Override
  public int getMaxCharLiteralLength() {
    return 0;
  }

  @Override
  public int getMaxColumnNameLength() {
    return 0;
  }

  @Override
  public int getMaxColumnsInGroupBy() {
    return 0;
  }

  @Override
  public int getMaxColumnsInIndex() {
    return 0;
  }

  @Override
  public int getMaxColumnsInOrderBy() {
    return 0;
  }

  @Override
  public int getMaxColumnsInSelect() {
    return 0;
  }

  @Override
  public int getMaxColumnsInTable() {
    return 0;
  }

  @Override
  public int getMaxConnections() {
    return 0;
  }

  @Override
  public int getMaxCursorNameLength() {
    return 0;
  }

  @Override
  public int getMaxIndexLength() {
    return 0;
  }

  @Override
  public int getMaxSchemaNameLength() {
    return 0;
  }

  @Override
  public int getMaxProcedureNameLength() {
    return 0;
  }

  @Override
  public int getMaxCatalogNameLength() {
    return 0;
  }

  @Override
  public int getMaxRowSize() {
    return 0;
  }

  @Override
  public boolean doesMaxRowSizeIncludeBlobs() {
    return false;
  }

  @Override
  public int getMaxStatementLength() {
    return 0;
  }

  @Override
  public int getMaxStatements() {
    return 0;
  }

  @Override
  public int getMaxTableNameLength() {
    return 0;
  }

  @Override
  public int getMaxTablesInSelect() {
    return 0;
  }

  @Override
  public int getMaxUserNameLength() {
    return 0;
  }

  @Override
  public long getMaxLogicalLobSize() {
    return 0;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Catalog contents

  /** Lists the catalog's tables from the catalog alone: tools call this constantly, so no table is opened. */
  @Override
  public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
      throws SQLException {
    connection.checkOpen();
    List<Object[]> rows = new ArrayList<>();
    if (catalogMatches(catalog) && typesIncludeTable(types)) {
      Pattern schema = likePattern(schemaPattern);
      Pattern table = likePattern(tableNamePattern);
      // tables() is sorted by schema then name, which is the required order (type and catalog are constant).
      for (TableEntry t : connection.tables()) {
        if (matches(schema, t.schema()) && matches(table, t.name())) {
          String unreadable = unreadableTables().get(t.qualifiedName());
          rows.add(new Object[] {catalogName(), t.schema(), t.name(), TABLE_TYPE,
              t.format() + " table" + (unreadable == null ? "" : "; " + unreadable), null, null, null, null, null});
        }
      }
    }
    return result(TABLES, rows);
  }

  @Override
  public ResultSet getSchemas() throws SQLException {
    return getSchemas(null, null);
  }

  @Override
  public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
    connection.checkOpen();
    List<Object[]> rows = new ArrayList<>();
    if (catalogMatches(catalog)) {
      // The default schema (where unqualified names resolve, even while it is empty), the readable tables'
      // schemas and information_schema: the schemas Connection.setSchema and USE accept.
      Pattern pattern = likePattern(schemaPattern);
      for (String s : connection.pipeline().names().schemas()) {
        if (matches(pattern, s)) {
          rows.add(new Object[] {s, catalogName()});
        }
      }
    }
    return result(SCHEMAS, rows);
  }

  /** The connection's one catalog. */
  @Override
  public ResultSet getCatalogs() throws SQLException {
    connection.checkOpen();
    return result(CATALOGS, List.<Object[]>of(new Object[] {catalogName()}));
  }

  @Override
  public ResultSet getTableTypes() throws SQLException {
    connection.checkOpen();
    return result(TABLE_TYPES, List.<Object[]>of(new Object[] {TABLE_TYPE}));
  }

  /**
   * Columns of the latest snapshot of each matching table. A table whose metadata cannot be read (an unsupported
   * feature, a corrupt log, missing files, storage refusing access) does not fail the call, so one broken table does
   * not empty a tool's whole tree: it contributes no columns, the result set's warnings name it and why
   * ({@link ResultSet#getWarnings}), and {@link #getTables} gives the reason as its REMARKS from then on.
   */
  @Override
  public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
      String columnNamePattern) throws SQLException {
    connection.checkOpen();
    List<Object[]> rows = new ArrayList<>();
    SQLWarning warnings = null;
    if (catalogMatches(catalog)) {
      Pattern schema = likePattern(schemaPattern);
      Pattern table = likePattern(tableNamePattern);
      Pattern column = likePattern(columnNamePattern);
      for (TableEntry t : connection.tables()) {
        if (!matches(schema, t.schema()) || !matches(table, t.name())) {
          continue;
        }
        List<ScanColumn> columns;
        try {
          columns = latestColumns(t);
        } catch (SQLException e) {
          warnings = chain(warnings, unreadable(t, e));
          continue;
        }
        for (int i = 0; i < columns.size(); i++) {
          ScanColumn c = columns.get(i);
          if (matches(column, c.name())) {
            rows.add(columnRow(catalogName(), t, c, i + 1));
          }
        }
      }
    }
    ResultSet rs = result(COLUMNS, rows);
    if (warnings != null) {
      ((LakehouseResultSet) rs).addWarning(warnings);
    }
    return rs;
  }

  /**
   * Tables this connection's metadata calls found unreadable, by qualified name: the reason, shown as their
   * REMARKS by getTables. Per connection (a table fixed meanwhile is readable on the next connection, and on
   * this one after its next successful read).
   */
  private static final Map<LakehouseConnection, Map<String, String>> UNREADABLE =
      Collections.synchronizedMap(new WeakHashMap<>());

  private Map<String, String> unreadableTables() {
    return UNREADABLE.computeIfAbsent(connection, k -> new ConcurrentHashMap<>());
  }

  /** Records why a table cannot be read and returns the warning that says so. */
  private SQLWarning unreadable(TableEntry table, SQLException e) {
    String state = e.getSQLState() == null ? SqlState.GENERAL.code() : e.getSQLState();
    String reason = "cannot be read (" + state + "): " + e.getMessage();
    unreadableTables().put(table.qualifiedName(), reason);
    return new SQLWarning(table.qualifiedName() + " " + reason, state, e);
  }

  private static SQLWarning chain(SQLWarning first, SQLWarning next) {
    if (first == null) {
      return next;
    }
    first.setNextWarning(next);
    return first;
  }

  /** The latest snapshot's columns the principal may read (all of them without a column grant). */
  private List<ScanColumn> latestColumns(TableEntry table) throws SQLException {
    Optional<AccessConfig.Grant> grant = connection.access().grant(table);
    // connection.tables() lists only granted tables; a null column list means all columns.
    List<String> granted = grant.isPresent() ? grant.get().columns() : List.of();
    List<ScanColumn> columns;
    try {
      columns = connection.registry().table(table).snapshot(TimeTravel.LATEST).columns();
    } catch (RuntimeException e) {
      // Table-format libraries may fail unchecked; name the table so the tool shows which one is broken.
      throw new LakehouseSqlException("Cannot read the columns of " + table.qualifiedName() + ": " + e,
          SqlState.GENERAL, e);
    }
    unreadableTables().remove(table.qualifiedName());
    return granted == null ? columns
        : columns.stream().filter(c -> granted.contains(c.name().toLowerCase(java.util.Locale.ROOT))).toList();
  }

  private static Object[] columnRow(String catalogName, TableEntry table, ScanColumn c, int ordinal)
      throws SQLException {
    String type = DuckDbTypes.of(c.type());
    int jdbcType = JdbcTypes.jdbcType(type);
    int precision = JdbcTypes.precision(type);
    boolean numeric = isNumeric(jdbcType);
    // Fractional digits exist for exact numbers and times; for floating point, text and nested types they do not.
    boolean hasScale = numeric && jdbcType != Types.REAL && jdbcType != Types.DOUBLE
        || isTemporal(jdbcType) && jdbcType != Types.DATE;
    Integer decimalDigits = hasScale ? JdbcTypes.scale(type) : null;
    return new Object[] {
        catalogName, table.schema(), table.name(), c.name(),
        jdbcType, type,
        precision > 0 ? precision : null, // COLUMN_SIZE: Integer.MAX_VALUE for text and binary, none for nested
        null, // BUFFER_LENGTH: unused
        decimalDigits,
        numeric ? 10 : null,
        c.nullable() ? columnNullable : columnNoNulls,
        c.usesConstants() ? "partition column" : null,
        null, // COLUMN_DEF: tables are read-only, so defaults never apply
        null, null, // SQL_DATA_TYPE, SQL_DATETIME_SUB: unused
        jdbcType == Types.VARCHAR || jdbcType == Types.VARBINARY ? precision : null, // CHAR_OCTET_LENGTH
        ordinal,
        c.nullable() ? "YES" : "NO",
        null, null, null, null, // SCOPE_CATALOG, SCOPE_SCHEMA, SCOPE_TABLE, SOURCE_DATA_TYPE: no REF / DISTINCT
        "NO", "NO"};
  }

  @Override
  public ResultSet getTypeInfo() throws SQLException {
    connection.checkOpen();
    List<Object[]> rows = new ArrayList<>();
    rows.add(typeRow("BOOLEAN", 1, null, null, null, null, null));
    rows.add(typeRow("TINYINT", 3, null, null, null, 0, 0));
    rows.add(typeRow("SMALLINT", 5, null, null, null, 0, 0));
    rows.add(typeRow("INTEGER", 10, null, null, null, 0, 0));
    rows.add(typeRow("BIGINT", 19, null, null, null, 0, 0));
    rows.add(typeRow("FLOAT", 7, null, null, null, null, null));
    rows.add(typeRow("DOUBLE", 15, null, null, null, null, null));
    rows.add(typeRow("DECIMAL", 38, null, null, "precision,scale", 0, 38));
    rows.add(typeRow("VARCHAR", Integer.MAX_VALUE, "'", "'", null, null, null));
    rows.add(typeRow("BLOB", Integer.MAX_VALUE, "'", "'::BLOB", null, null, null));
    rows.add(typeRow("DATE", 10, "DATE '", "'", null, null, null));
    rows.add(typeRow("TIME", 15, "TIME '", "'", null, 0, 6));
    rows.add(typeRow("TIMESTAMP", 26, "TIMESTAMP '", "'", null, 0, 6));
    rows.add(typeRow("TIMESTAMP WITH TIME ZONE", 32, "TIMESTAMPTZ '", "'", null, 0, 6));
    rows.add(typeRow("UUID", 36, "'", "'::UUID", null, null, null));
    // Types results can have besides the table columns' own (expressions, nested columns).
    rows.add(typeRow("HUGEINT", 39, null, null, null, 0, 0));
    rows.add(typeRow("INTERVAL", 0, "INTERVAL '", "'", null, null, null));
    rows.add(typeRow("ARRAY", Types.ARRAY, 0, null, null, null, null, null));
    rows.add(typeRow("STRUCT", Types.STRUCT, 0, null, null, null, null, null));
    rows.add(typeRow("MAP", JdbcTypes.jdbcType("MAP"), 0, null, null, null, null, null));
    // JDBC orders by DATA_TYPE, then by closeness of the mapping; the stable sort keeps VARCHAR before UUID.
    rows.sort(Comparator.comparingInt(row -> (Integer) row[1]));
    return result(TYPE_INFO, rows);
  }

  private static Object[] typeRow(String name, int precision, String literalPrefix, String literalSuffix,
      String createParams, Integer minScale, Integer maxScale) {
    return typeRow(name, JdbcTypes.jdbcType(name), precision, literalPrefix, literalSuffix, createParams, minScale,
        maxScale);
  }

  private static Object[] typeRow(String name, int jdbcType, int precision, String literalPrefix,
      String literalSuffix, String createParams, Integer minScale, Integer maxScale) {
    boolean numeric = isNumeric(jdbcType);
    boolean text = name.equals("VARCHAR");
    return new Object[] {
        name, jdbcType, precision, literalPrefix, literalSuffix, createParams,
        (short) typeNullable,
        text, // CASE_SENSITIVE
        (short) (text ? typeSearchable : typePredBasic), // LIKE only applies to text
        numeric ? Boolean.FALSE : null, // UNSIGNED_ATTRIBUTE: DuckDB's unsigned types are not offered here
        false, // FIXED_PREC_SCALE: no money type
        false, // AUTO_INCREMENT
        null,
        minScale == null ? null : minScale.shortValue(),
        maxScale == null ? null : maxScale.shortValue(),
        null, null, // SQL_DATA_TYPE, SQL_DATETIME_SUB: unused
        numeric ? 10 : null};
  }

  // ---------------------------------------------------------------------------------------------------------
  // Objects Delta and Iceberg tables do not have here: empty results of the standard shape

  @Override
  public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
      throws SQLException {
    return empty(PROCEDURES);
  }

  @Override
  public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
      String columnNamePattern) throws SQLException {
    return empty(PROCEDURE_COLUMNS);
  }

  @Override
  public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
      throws SQLException {
    return empty(FUNCTIONS);
  }

  @Override
  public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
      String columnNamePattern) throws SQLException {
    return empty(FUNCTION_COLUMNS);
  }

  // Privileges come from the catalog's access section: SELECT on each table (and column) the principal may read.
  @Override
  public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
      throws SQLException {
    connection.checkOpen();
    List<Object[]> rows = new ArrayList<>();
    if (catalogMatches(catalog)) {
      Pattern column = likePattern(columnNamePattern);
      for (TableEntry t : connection.tables()) {
        if ((schema == null || schema.equals(t.schema())) && t.name().equals(table)) {
          List<ScanColumn> columns;
          try {
            columns = latestColumns(t);
          } catch (SQLException e) {
            unreadable(t, e);
            continue;  // no columns to list; getColumns and getTables say why
          }
          columns.stream().map(ScanColumn::name).filter(n -> matches(column, n)).sorted()
              .forEach(n -> rows.add(new Object[] {catalogName(), t.schema(), t.name(), n, null, grantee(), "SELECT",
                  "NO"}));
        }
      }
    }
    return result(COLUMN_PRIVILEGES, rows);
  }

  @Override
  public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
      throws SQLException {
    connection.checkOpen();
    List<Object[]> rows = new ArrayList<>();
    if (catalogMatches(catalog)) {
      Pattern schema = likePattern(schemaPattern);
      Pattern table = likePattern(tableNamePattern);
      for (TableEntry t : connection.tables()) {
        if (matches(schema, t.schema()) && matches(table, t.name())) {
          rows.add(new Object[] {catalogName(), t.schema(), t.name(), null, grantee(), "SELECT", "NO"});
        }
      }
    }
    return result(TABLE_PRIVILEGES, rows);
  }

  private String grantee() {
    String p = connection.access().principal();
    return p == null ? "PUBLIC" : p;
  }

  @Override
  public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
      throws SQLException {
    return empty(ROW_COLUMNS);
  }

  @Override
  public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
    return empty(ROW_COLUMNS);
  }

  @Override
  public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
    return empty(PRIMARY_KEYS);
  }

  @Override
  public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
    return empty(FOREIGN_KEYS);
  }

  @Override
  public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
    return empty(FOREIGN_KEYS);
  }

  @Override
  public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
      String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
    return empty(FOREIGN_KEYS);
  }

  @Override
  public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
      throws SQLException {
    return empty(INDEX_INFO);
  }

  @Override
  public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
      throws SQLException {
    return empty(UDTS);
  }

  @Override
  public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern)
      throws SQLException {
    return empty(SUPER_TYPES);
  }

  @Override
  public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern)
      throws SQLException {
    return empty(SUPER_TABLES);
  }

  @Override
  public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
      String attributeNamePattern) throws SQLException {
    return empty(ATTRIBUTES);
  }

  @Override
  public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
      String columnNamePattern) throws SQLException {
    return empty(PSEUDO_COLUMNS);
  }

  // Connection.setClientInfo keeps any name it is given; none has a meaning the driver could describe.
  @Override
  public ResultSet getClientInfoProperties() throws SQLException {
    return empty(CLIENT_INFO_PROPERTIES);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Wrapper

  @Override
  @SuppressWarnings("unchecked")
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return (T) this;
    }
    throw new LakehouseSqlException("Not a wrapper for " + iface, SqlState.GENERAL);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Helpers

  /** Column names and DuckDB types of a metadata result, from "NAME TYPE" specs. */
  private record Shape(List<String> names, List<String> types) {
    static Shape of(String... specs) {
      List<String> names = new ArrayList<>(specs.length);
      List<String> types = new ArrayList<>(specs.length);
      for (String spec : specs) {
        int space = spec.indexOf(' ');
        names.add(spec.substring(0, space));
        types.add(spec.substring(space + 1));
      }
      return new Shape(List.copyOf(names), List.copyOf(types));
    }
  }

  private ResultSet result(Shape shape, List<Object[]> rows) throws SQLException {
    return MetadataResults.of(connection, shape.names(), shape.types(), rows);
  }

  /** An empty result that still has the standard column names and types, which tools read even without rows. */
  private ResultSet empty(Shape shape) throws SQLException {
    connection.checkOpen();
    return result(shape, List.of());
  }

  /**
   * Null does not narrow, nor does "" (strictly "without a catalog", but tools that saw no catalog before pass it,
   * and a connection has only one); the catalog's name matches (any case: tools pass it back as getCatalogs
   * returned it, or upper-cased); another name matches nothing.
   */
  private boolean catalogMatches(String catalog) {
    return catalog == null || catalog.isEmpty() || catalog.equalsIgnoreCase(catalogName());
  }

  private String catalogName() {
    return connection.pipeline().names().catalogName();
  }

  private static boolean typesIncludeTable(String[] types) {
    return types == null || Arrays.stream(types).anyMatch(TABLE_TYPE::equalsIgnoreCase);
  }

  /**
   * A JDBC search pattern as a regex: {@code %} any sequence, {@code _} any one character, {@code \} makes the
   * next character literal (a trailing {@code \} is itself literal). Matching is case-sensitive, as JDBC
   * specifies; tools pass names exactly as getTables and getSchemas return them, and an unescaped {@code _} in
   * such a name still matches itself. Null means "do not narrow".
   */
  private static Pattern likePattern(String pattern) {
    if (pattern == null) {
      return null;
    }
    StringBuilder regex = new StringBuilder(pattern.length() + 16);
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      if (ch == ESCAPE.charAt(0) && i + 1 < pattern.length()) {
        literal.append(pattern.charAt(++i));
      } else if (ch == '%' || ch == '_') {
        appendQuoted(regex, literal);
        regex.append(ch == '%' ? ".*" : ".");
      } else {
        literal.append(ch);
      }
    }
    appendQuoted(regex, literal);
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static void appendQuoted(StringBuilder regex, StringBuilder literal) {
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }

  private static boolean matches(Pattern pattern, String value) {
    return pattern == null || pattern.matcher(value).matches();
  }

  private static boolean isNumeric(int jdbcType) {
    return switch (jdbcType) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.DOUBLE, Types.DECIMAL,
          Types.NUMERIC -> true;
      default -> false;
    };
  }

  private static boolean isTemporal(int jdbcType) {
    return switch (jdbcType) {
      case Types.DATE, Types.TIME, Types.TIME_WITH_TIMEZONE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> true;
      default -> false;
    };
  }
}
