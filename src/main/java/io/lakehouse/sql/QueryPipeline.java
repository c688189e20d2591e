package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.config.AccessConfig;
import io.lakehouse.config.TableEntry;
import io.lakehouse.engine.DuckDbEngine;
import io.lakehouse.security.AccessScope;
import io.lakehouse.security.SqlPolicy;
import io.lakehouse.table.TableRegistry;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * The SQL front of the driver: text in, {@link PreparedQuery} out. It refuses non-read statements, rewrites the
 * time-travel spellings, parses with Calcite's Babel parser (standard SQL, few reserved words, {@code ::} casts; double-quoted identifiers; unquoted names are
 * case-insensitive), binds table references to the catalog and checks every function.
 */
public final class QueryPipeline {
  private static final SqlParser.Config PARSER = SqlParser.config()
      .withParserFactory(SqlBabelParserImpl.FACTORY)
      .withQuoting(Quoting.DOUBLE_QUOTE)
      .withUnquotedCasing(Casing.UNCHANGED)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(false)
      .withConformance(SqlConformanceEnum.BABEL);

  /** The longest statement accepted, in characters (as Trino's default query.max-length). */
  static final int MAX_STATEMENT_CHARS = 1_000_000;

  private final TableRegistry registry;
  private final DuckDbEngine engine;
  private volatile ZoneId zone;
  private final AccessScope access;
  private final CatalogNames names;
  private final InformationSchema informationSchema;
  private volatile ResultCaching caching;

  /**
   * @param zone the session time zone: local date-times compared with TIMESTAMP WITH TIME ZONE columns mean this
   *     zone, as in DuckDB
   * @param access who the connection runs as: what it may read, and the tables SHOW TABLES / SHOW SCHEMAS list
   */
  public QueryPipeline(TableRegistry registry, DuckDbEngine engine, ZoneId zone, AccessScope access) {
    this.access = access;
    this.registry = registry;
    this.engine = engine;
    this.zone = zone;
    this.names = new CatalogNames(access);
    this.informationSchema = new InformationSchema(registry, access, names);
  }

  /** The connection's catalog name, current schema and schema resolution. */
  public CatalogNames names() {
    return names;
  }

  /**
   * Serves and stores results of deterministic queries through this cache (null: none). Keys include the
   * principal's organisation and each reference's grant.
   */
  public void useResultCache(io.lakehouse.cache.ResultCache cache) {
    this.caching = cache == null ? null : new ResultCaching(cache, access == null ? null : access.organization());
  }

  /** The result cache this connection uses, or null. */
  public io.lakehouse.cache.ResultCache resultCache() {
    ResultCaching c = caching;
    return c == null ? null : c.cache();
  }

  public TableRegistry registry() {
    return registry;
  }

  /** The session time zone, as of now (SET TimeZone changes it; prepared queries read it at each execution). */
  public ZoneId zone() {
    return zone;
  }

  public void setZone(ZoneId zone) {
    this.zone = zone;
  }

  /** {@code Connection.nativeSQL}: the statement with its JDBC escapes ({@code {fn ...}}, {@code {d ...}}) rewritten. */
  public static String nativeSql(String sql) {
    return sql == null ? null : JdbcEscapes.nativeSql(sql);
  }

  public PreparedQuery prepare(String sql) throws SQLException {
    try {
      return parseAndBind(sql);
    } catch (StackOverflowError e) {
      throw tooDeep();
    }
  }

  /**
   * Calcite's trees are recursive: a long operator chain ({@code a = 1 OR a = 2 OR ...}, a few thousand terms) or
   * deep nesting overflows the stack in a tree walk. That is the statement's limit, not the driver's failure:
   * SQLState 54001 (statement too complex). Catching it is safe: the walks only build new trees.
   */
  static SQLException tooDeep() {
    return new LakehouseSqlException("The statement is nested too deeply to process (operator chains, nested "
        + "expressions or sub-queries); simplify it, e.g. write col IN (...) instead of many ORs", SqlState.STATEMENT_TOO_COMPLEX);
  }

  /**
   * {@code ^} means power to DuckDB, with a precedence above {@code *}, and bit-xor to Calcite, below it: the tree
   * Calcite builds for {@code 2 * 3 ^ 2} or {@code (2 * 3) ^ 2} is not the one DuckDB means, and reaches DuckDB
   * regrouped, a silently different answer. Refused until it is parsed with DuckDB's precedence.
   */
  private static void refuseCaret(String sql, List<SqlTokens.Token> tokens) throws SQLException {
    for (SqlTokens.Token t : tokens) {
      if (t.kind() == SqlTokens.Kind.SYMBOL && t.text().equals("^")) {
        int[] at = TimeTravelSyntax.lineColumn(sql, t.start());
        throw new LakehouseSqlException("The ^ operator is not supported (SQL dialects give it different "
            + "precedences); write power(a, b) for a power, xor(a, b) for a bit-xor",
            SqlState.NOT_SUPPORTED, at[0], at[1], null);
      }
    }
  }

  private PreparedQuery parseAndBind(String sql) throws SQLException {
    if (sql == null || sql.isBlank()) {
      throw new LakehouseSqlException("Empty SQL statement", SqlState.SYNTAX);
    }
    if (sql.length() > MAX_STATEMENT_CHARS) {
      // Parsing cannot be interrupted by the query timeout; bound its work up front (Trino's query.max-length).
      throw new LakehouseSqlException("The statement is " + sql.length() + " characters long; the limit is "
          + MAX_STATEMENT_CHARS, SqlState.STATEMENT_TOO_LONG);
    }
    List<SqlTokens.Token> all = SqlTokens.tokenize(sql);
    if (all.isEmpty()) {
      throw new LakehouseSqlException("Empty SQL statement", SqlState.SYNTAX);
    }
    // A trailing ; is blanked out (positions stay); a second statement is refused.
    OneStatement statement = OneStatement.of(sql, all);
    List<SqlTokens.Token> tokens = statement.tokens();
    refuseCaret(sql, tokens);
    SqlTokens.Token first = tokens.get(0);
    SqlPolicy.checkStatement(first.kind() == SqlTokens.Kind.WORD ? first.text() : null);
    ReadStatement read = ReadStatement.of(sql, tokens);
    if (read != null && read.isListing()) {
      int[] at = read.schemaAt() == null ? new int[] {0, 0} : read.schemaAt();
      return PreparedQuery.listing(sql, new CatalogListing(read.listing(), read.schemaParts(), read.schemaQuoted(),
          at[0], at[1], access::readableTables, names), engine, this::zone);
    }
    String text = statement.text();
    boolean explain = false;
    if (first.isWord("EXPLAIN")) {
      // Blank the keyword(s) out rather than cut them, so error positions still point into the user's text.
      explain = true;
      int end = first.end();
      if (tokens.size() > 2 && tokens.get(1).isWord("PLAN") && tokens.get(2).isWord("FOR")) {
        end = tokens.get(2).end();
      } else if (tokens.size() > 1 && tokens.get(1).isWord("ANALYZE")) {
        throw new LakehouseSqlException("EXPLAIN ANALYZE is not supported; use EXPLAIN",
            SqlState.NOT_SUPPORTED, 1, tokens.get(1).start() + 1, null);
      }
      text = " ".repeat(end) + text.substring(end);
      if (tokens.size() > 1 + (end == first.end() ? 0 : 2)) {
        SqlTokens.Token next = tokens.get(end == first.end() ? 1 : 3);
        SqlPolicy.checkStatement(next.kind() == SqlTokens.Kind.WORD ? next.text() : null);
        if (next.isWord("DESCRIBE") || next.isWord("DESC") || next.isWord("SHOW")) {
          int[] at = TimeTravelSyntax.lineColumn(sql, next.start());
          throw new LakehouseSqlException("EXPLAIN " + next.upper() + " is not supported; EXPLAIN a query",
              SqlState.NOT_SUPPORTED, at[0], at[1], null);
        }
      }
    }
    TimeTravelSyntax syntax = read == null ? TimeTravelSyntax.rewrite(text)
        : TimeTravelSyntax.rewrite(text, read.headStart(), read.headEnd(), read.head());
    SqlNode query;
    try {
      query = parse(syntax);
    } catch (SqlParseException e) {
      throw syntaxError(e, syntax);
    }
    int[] paramCount = {0};
    query = query.accept(new SqlShuttle() {
      @Override
      public SqlNode visit(SqlDynamicParam param) {
        paramCount[0] = Math.max(paramCount[0], param.getIndex() + 1);
        return new DollarParam(param.getIndex(), param.getParserPosition());
      }

      @Override
      public SqlNode visit(SqlLiteral literal) {
        return nanosecondTimestamp(literal);
      }

      @Override
      public SqlNode visit(org.apache.calcite.sql.SqlCall call) {
        SqlNode visited = super.visit(call);
        return visited instanceof org.apache.calcite.sql.SqlCall c ? JdbcEscapes.timestampArithmetic(c) : visited;
      }
    });
    ColumnLabels.apply(query);
    QueryBinder binder = new QueryBinder(registry, access, syntax, names);
    binder.bindQuery(query, new HashSet<>());
    PreparedQuery prepared = new PreparedQuery(sql, query, binder.references(), paramCount[0], explain, syntax,
        engine, registry.store(), this::zone).readingInformationSchema(binder.informationSchema(), informationSchema)
        .cachedBy(caching, text);
    return read == null ? prepared : prepared.describing();
  }

  /**
   * Parses every row filter the principal's grants carry, so a broken filter in the catalog fails the connection
   * instead of a later query.
   */
  public static void checkRowFilters(TableRegistry registry, AccessScope access) throws SQLException {
    QueryBinder binder = new QueryBinder(registry, access, TimeTravelSyntax.none(), new CatalogNames(access));
    for (TableEntry t : access.readableTables()) {
      String filter = access.grant(t).map(AccessConfig.Grant::rowFilter).orElse(null);
      if (filter != null) {
        binder.rowFilter(filter, t.qualifiedName());
      }
    }
  }

  /**
   * A {@code TIMESTAMP '...'} literal with more than six fractional digits becomes DuckDB's {@code TIMESTAMP_NS}:
   * DuckDB reads {@code TIMESTAMP} literals as microseconds and would drop the nanoseconds the user wrote.
   */
  private static SqlNode nanosecondTimestamp(SqlLiteral literal) {
    if (literal instanceof SqlUnknownLiteral u && u.tag.equalsIgnoreCase("TIMESTAMP")
        && u.getValue().matches("\\s*\\S+\\s+\\d{1,2}:\\d{2}:\\d{2}\\.\\d{7,9}\\s*")) {
      return SqlLiteral.createUnknown("TIMESTAMP_NS", u.getValue(), u.getParserPosition());
    }
    return literal;
  }

  /** Parses the rewritten text and puts back the DuckDB forms Calcite's grammar lacks ({@link DuckDbSyntax}). */
  static SqlNode parse(TimeTravelSyntax syntax) throws SqlParseException {
    SqlNode query = SqlParser.create(syntax.rewritten(), PARSER).parseQuery();
    return DuckDbSyntax.restore(query, syntax.duckDbMarks(), syntax.rewritten());
  }

  /**
   * Parses an expression (a catalog row filter), its {@code ::} casts read as DuckDB reads them; a {@code ::} that
   * cannot be is a parse error.
   */
  static SqlNode parseExpression(String text) throws SqlParseException {
    String casts;
    try {
      casts = InfixCasts.rewrite(text);
    } catch (SQLException e) {
      throw new SqlParseException(e.getMessage(), SqlParserPos.ZERO, null, null, e);
    }
    return SqlParser.create(casts, PARSER).parseExpression();
  }

  private static SQLException syntaxError(SqlParseException e, TimeTravelSyntax syntax) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StackOverflowError) {
        // Calcite's parser reports its own overflow as a message-less parse error: the text is valid, only deep.
        return tooDeep();
      }
    }
    SqlParserPos pos = e.getPos();
    String message = e.getMessage() == null ? "Syntax error" : e.getMessage();
    // Calcite's first line says what was found; the long "Was expecting one of" list is noise for users.
    int nl = message.indexOf('\n');
    if (nl > 0) {
      message = message.substring(0, nl);
    }
    message = message.replaceAll(" at line \\d+, column \\d+\\.?", "").trim();
    if (pos == null || pos.getLineNum() == 0) {
      return new LakehouseSqlException("Syntax error: " + message, SqlState.SYNTAX, e);
    }
    int[] at = syntax.toOriginal(pos.getLineNum(), pos.getColumnNum());
    return new LakehouseSqlException("Syntax error: " + message, SqlState.SYNTAX, at[0], at[1], e);
  }
}
