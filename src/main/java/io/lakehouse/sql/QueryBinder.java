package io.lakehouse.sql;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.config.AccessConfig.Grant;
import io.lakehouse.config.TableEntry;
import io.lakehouse.security.AccessScope;
import io.lakehouse.security.SqlPolicy;
import io.lakehouse.table.LakehouseTable;
import io.lakehouse.table.TableFormat;
import io.lakehouse.table.TableFormats;
import io.lakehouse.table.TableRegistry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Walks a parsed query: binds every table reference in every FROM (sub-queries and CTEs included) to a catalog
 * table or an allowed {@code delta_scan} / {@code iceberg_scan} location, replaces it with a {@link ScanNode},
 * and checks every function against the {@link SqlPolicy}. Nothing of the query reaches DuckDB unless this walk
 * understood it.
 */
final class QueryBinder {
  private final TableRegistry registry;
  private final AccessScope access;
  private final TimeTravelSyntax syntax;
  private final CatalogNames names;
  private final List<TableReference> references = new ArrayList<>();
  /** The information_schema tables the query reads: where each stands, and which table it is. */
  private final List<InformationSchemaReference> informationSchema = new ArrayList<>();
  /** References bound directly in the FROM clause being walked (not in its sub-queries). */
  private List<TableReference> directReferences = new ArrayList<>();

  QueryBinder(TableRegistry registry, AccessScope access, TimeTravelSyntax syntax) {
    this(registry, access, syntax, new CatalogNames(access));
  }

  QueryBinder(TableRegistry registry, AccessScope access, TimeTravelSyntax syntax, CatalogNames names) {
    this.registry = registry;
    this.access = access;
    this.syntax = syntax;
    this.names = names;
  }

  /** An information_schema table in the query: rendered at each execution ({@link InformationSchema}). */
  record InformationSchemaReference(ScanNode node, String table) {}

  List<TableReference> references() {
    return references;
  }

  List<InformationSchemaReference> informationSchema() {
    return informationSchema;
  }

  /** Binds a query in place. */
  void bindQuery(SqlNode node, Set<String> ctes) throws SQLException {
    if (node == null) {
      return;
    }
    switch (node.getKind()) {
      case SELECT -> bindSelect((SqlSelect) node, ctes);
      case ORDER_BY -> {
        SqlOrderBy o = (SqlOrderBy) node;
        bindQuery(o.query, ctes);
        bindExpression(o.orderList, ctes);
        bindExpression(o.offset, ctes);
        bindExpression(o.fetch, ctes);
      }
      case WITH -> {
        SqlWith with = (SqlWith) node;
        Set<String> inner = new HashSet<>(ctes);
        for (SqlNode item : with.withList) {
          SqlWithItem w = (SqlWithItem) item;
          String name = w.name.getSimple().toLowerCase(Locale.ROOT);
          // As in DuckDB: inside its own body a WITH query's name is the outer one (a table), except in the
          // recursive term of a recursive one (the right side of its UNION); the anchor reads the outer name too.
          if (w.recursive != null && w.recursive.booleanValue() && w.query.getKind() == SqlKind.UNION) {
            SqlCall union = (SqlCall) w.query;
            bindQuery(union.operand(0), inner);
            Set<String> recursive = new HashSet<>(inner);
            recursive.add(name);
            bindQuery(union.operand(1), recursive);
          } else {
            bindQuery(w.query, inner);
          }
          inner.add(name);
        }
        bindQuery(with.body, inner);
      }
      case UNION, INTERSECT, EXCEPT -> {
        for (SqlNode operand : ((SqlCall) node).getOperandList()) {
          bindQuery(operand, ctes);
        }
      }
      case VALUES -> bindExpression(node, ctes);
      default -> throw unsupported(node, "this kind of query (" + node.getKind() + ")");
    }
  }

  private void bindSelect(SqlSelect select, Set<String> ctes) throws SQLException {
    if (select.getFrom() != null) {
      List<TableReference> outer = directReferences;
      directReferences = new ArrayList<>();
      try {
        select.setFrom(bindFrom(select.getFrom(), ctes, true));
        attachConjuncts(select, directReferences);
      } finally {
        directReferences = outer;
      }
    }
    bindExpression(select.getSelectList(), ctes);
    bindExpression(select.getWhere(), ctes);
    bindExpression(select.getGroup(), ctes);
    bindExpression(select.getHaving(), ctes);
    bindExpression(select.getQualify(), ctes);
    bindExpression(select.getWindowList(), ctes);
    bindExpression(select.getOrderList(), ctes);
    bindExpression(select.getOffset(), ctes);
    bindExpression(select.getFetch(), ctes);
  }

  /** Binds a FROM item and returns what replaces it. */
  private SqlNode bindFrom(SqlNode node, Set<String> ctes, boolean needsAlias) throws SQLException {
    switch (node.getKind()) {
      case JOIN -> {
        SqlJoin join = (SqlJoin) node;
        join.setLeft(bindFrom(join.getLeft(), ctes, true));
        join.setRight(bindFrom(join.getRight(), ctes, true));
        bindExpression(join.getCondition(), ctes);
        return join;
      }
      case AS -> {
        SqlCall as = (SqlCall) node;
        SqlNode bound = bindFrom(as.operand(0), ctes, false);
        as.setOperand(0, bound);
        if (bound instanceof ScanNode && as.operand(1) instanceof SqlIdentifier alias && !directReferences.isEmpty()
            && directReferences.get(directReferences.size() - 1).node == bound) {
          directReferences.get(directReferences.size() - 1).qualifier = alias.getSimple();
        }
        return as;
      }
      case IDENTIFIER -> {
        SqlIdentifier id = (SqlIdentifier) node;
        if (id.isSimple() && ctes.contains(id.getSimple().toLowerCase(Locale.ROOT))) {
          return id;
        }
        return reference(id, null, needsAlias);
      }
      case SNAPSHOT -> {
        SqlSnapshot snapshot = (SqlSnapshot) node;
        if (!(snapshot.getTableRef() instanceof SqlIdentifier id)) {
          throw unsupported(node, "time travel on something other than a table");
        }
        if (id.isSimple() && ctes.contains(id.getSimple().toLowerCase(Locale.ROOT))) {
          throw error(node, "Time travel needs a table; '" + id.getSimple() + "' is a WITH query",
              SqlState.SYNTAX);
        }
        return reference(id, snapshot.getPeriod(), needsAlias);
      }
      case COLLECTION_TABLE -> {
        SqlCall call = ((SqlCall) node).operand(0);
        return tableFunction(call, ctes, needsAlias);
      }
      case LATERAL -> {
        SqlCall lateral = (SqlCall) node;
        List<TableReference> outer = directReferences;
        directReferences = new ArrayList<>();
        try {
          lateral.setOperand(0, bindFrom(lateral.operand(0), ctes, false));
        } finally {
          directReferences = outer;
        }
        return lateral;
      }
      case UNNEST -> {
        bindExpression(node, ctes);
        return node;
      }
      case SELECT, ORDER_BY, WITH, UNION, INTERSECT, EXCEPT, VALUES -> {
        List<TableReference> outer = directReferences;
        directReferences = new ArrayList<>();
        try {
          bindQuery(node, ctes);
        } finally {
          directReferences = outer;
        }
        return node;
      }
      default -> throw unsupported(node, "this FROM item (" + node.getKind() + ")");
    }
  }

  private SqlNode reference(SqlIdentifier id, SqlNode period, boolean needsAlias) throws SQLException {
    List<String> parts = id.names;
    List<Boolean> quoted = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      quoted.add(id.isComponentQuoted(i));
    }
    int[] at = syntax.toOriginal(id.getParserPosition().getLineNum(), id.getParserPosition().getColumnNum());
    // The registry's catalog holds only the principal's organisation's tables: another tenant's table and a
    // table that does not exist get the same answer.
    CatalogNames.Resolved resolved = names.resolve(parts, quoted, at[0], at[1]);
    if (resolved.informationSchemaTable() != null) {
      if (period != null) {
        throw error(period, "information_schema tables have no versions to travel to", SqlState.NOT_SUPPORTED);
      }
      ScanNode scan = new ScanNode(resolved.informationSchemaTable(), id.getParserPosition());
      informationSchema.add(new InformationSchemaReference(scan, resolved.informationSchemaTable()));
      return needsAlias ? SqlStdOperatorTable.AS.createCall(id.getParserPosition(), scan,
          new SqlIdentifier(resolved.informationSchemaTable(), id.getParserPosition())) : scan;
    }
    TableEntry entry = resolved.table();
    Grant grant = access.grant(entry).orElseThrow(() -> access.denied(entry.qualifiedName(), at[0], at[1]));
    LakehouseTable table = registry.table(entry);
    return addReference(entry.name(), String.join(".", parts), entry.root(), table, id.getParserPosition(), period,
        null, needsAlias, grant);
  }

  private SqlNode tableFunction(SqlCall call, Set<String> ctes, boolean needsAlias) throws SQLException {
    String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
    SqlParserPos pos = call.getParserPosition();
    int[] at = syntax.toOriginal(pos.getLineNum(), pos.getColumnNum());
    SqlPolicy.checkTableFunction(call.getOperator().getName(), at[0], at[1]);
    TableFormat format = TableFormats.byTableFunction(name).orElse(null);
    if (format == null) {
      bindExpression(call, ctes);
      return call;
    }
    List<SqlNode> args = call.getOperandList();
    if (args.isEmpty() || !(args.get(0) instanceof SqlCharStringLiteral location)) {
      throw error(call, name + " needs the table location as a string literal first argument",
          SqlState.SYNTAX);
    }
    String path = location.getValueAs(String.class);
    String resolved = registry.resolveLocation(format, path, at[0], at[1]);
    Grant grant = access.grantForLocation(resolved, name, at[0], at[1]);
    LakehouseTable table = registry.openLocation(format, resolved);
    SqlNode timeTravel = null;
    TimeTravelSyntax.Kind kind = null;
    for (SqlNode arg : args.subList(1, args.size())) {
      String argName;
      SqlNode value;
      if (arg.getKind() == SqlKind.ARGUMENT_ASSIGNMENT || arg.getKind() == SqlKind.EQUALS) {
        SqlCall assign = (SqlCall) arg;
        boolean named = arg.getKind() == SqlKind.ARGUMENT_ASSIGNMENT;
        SqlNode nameNode = named ? assign.operand(1) : assign.operand(0);
        value = named ? assign.operand(0) : assign.operand(1);
        if (!(nameNode instanceof SqlIdentifier nid) || !nid.isSimple()) {
          throw error(arg, "Expected a named argument such as version => 3", SqlState.SYNTAX);
        }
        argName = nid.getSimple().toLowerCase(Locale.ROOT);
      } else {
        throw error(arg, name + " takes the location and then named arguments (version => ..., timestamp => "
            + "...)", SqlState.SYNTAX);
      }
      TimeTravelSyntax.Kind argKind = switch (argName) {
        case "version", "snapshot_id", "snapshot", "ref", "branch", "tag" -> TimeTravelSyntax.Kind.VERSION;
        case "timestamp", "as_of", "timestamp_as_of" -> TimeTravelSyntax.Kind.TIMESTAMP;
        default -> throw error(arg, "Unknown argument '" + argName + "' of " + name + "; expected "
            + String.join(", ", format.versionArguments()) + " or timestamp", SqlState.SYNTAX);
      };
      if (timeTravel != null) {
        throw error(arg, "Give only one of version / timestamp", SqlState.SYNTAX);
      }
      checkTimeTravelExpression(value, ctes);
      timeTravel = value;
      kind = argKind;
    }
    return addReference(name, name + "('" + path + "')", resolved, table, pos, timeTravel, kind, needsAlias, grant);
  }

  private SqlNode addReference(String aliasName, String displayName, String location, LakehouseTable table,
      SqlParserPos pos,
      SqlNode period, TimeTravelSyntax.Kind givenKind, boolean needsAlias, Grant grant) throws SQLException {
    TimeTravelSyntax.Kind kind = givenKind;
    if (period != null && kind == null) {
      SqlParserPos p = period.getParserPosition();
      kind = syntax.kindAt(p.getLineNum(), p.getColumnNum());
      checkTimeTravelExpression(period, Set.of());
    }
    int[] at = syntax.toOriginal(pos.getLineNum(), pos.getColumnNum());
    ScanNode scan = new ScanNode(aliasName, pos);
    TableReference ref = new TableReference(displayName, location, table, kind, period, scan, at[0], at[1],
        grant == null || (grant.columns() == null && grant.rowFilter() == null) ? null
            : new ReadRestriction(grant.columns(), grant.rowFilter() == null ? null
                : rowFilter(grant.rowFilter(), displayName)));
    references.add(ref);
    directReferences.add(ref);
    if (!needsAlias) {
      return scan;
    }
    // Keep the table's own name usable as a qualifier (sales.amount) once it is a sub-query.
    return SqlStdOperatorTable.AS.createCall(pos, scan, new SqlIdentifier(aliasName, pos));
  }

  /**
   * Gives the tables of a SELECT its WHERE conjuncts and the ON conditions of its inner joins, for file skipping.
   * Not across outer joins: there a filter on the nullable side also keeps rows whose match was removed, so
   * skipping files could change the answer.
   */
  private static void attachConjuncts(SqlSelect select, List<TableReference> direct) {
    if (direct.isEmpty() || hasOuterJoin(select.getFrom())) {
      return;
    }
    List<SqlNode> conjuncts = new ArrayList<>();
    if (select.getWhere() != null) {
      splitAnd(select.getWhere(), conjuncts);
    }
    innerJoinConditions(select.getFrom(), conjuncts);
    UsingJoins.addConjuncts(select.getFrom(), conjuncts);
    if (conjuncts.isEmpty()) {
      return;
    }
    SqlNode from = select.getFrom();
    boolean sole = direct.size() == 1 && (from instanceof ScanNode
        || (from.getKind() == SqlKind.AS && ((SqlCall) from).operand(0) instanceof ScanNode));
    List<TableReference> siblings = List.copyOf(direct);
    for (TableReference ref : direct) {
      ref.soleRelation = sole;
      ref.conjuncts.addAll(conjuncts);
      ref.siblings = siblings;
    }
  }

  /** The ON conditions of inner joins: for an inner join, ON is the same filter as WHERE. */
  private static void innerJoinConditions(SqlNode from, List<SqlNode> out) {
    if (from instanceof SqlJoin join) {
      if (join.getJoinType() == JoinType.INNER && join.getConditionType() == JoinConditionType.ON
          && join.getCondition() != null) {
        splitAnd(join.getCondition(), out);
      }
      innerJoinConditions(join.getLeft(), out);
      innerJoinConditions(join.getRight(), out);
    }
  }

  /**
   * Puts the connection's identity into a row filter: {@code ${principal}} and {@code ${organization}} become SQL
   * string literals (quotes doubled, so a name cannot change the predicate), e.g. {@code owner = ${principal}}.
   */
  private String withIdentity(String filter) {
    return filter.replace("${principal}", literal(access.principal()))
        .replace("${organization}", literal(access.organization()));
  }

  private static String literal(String value) {
    return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
  }

  static void splitAnd(SqlNode node, List<SqlNode> out) {
    if (node.getKind() == SqlKind.AND) {
      for (SqlNode operand : ((SqlCall) node).getOperandList()) {
        splitAnd(operand, out);
      }
    } else {
      out.add(node);
    }
  }

  private static boolean hasOuterJoin(SqlNode from) {
    if (from instanceof SqlJoin join) {
      JoinType type = join.getJoinType();
      if (type == JoinType.LEFT || type == JoinType.RIGHT || type == JoinType.FULL
          || type == JoinType.LEFT_ASOF || type == JoinType.ASOF) {
        return true;
      }
      return hasOuterJoin(join.getLeft()) || hasOuterJoin(join.getRight());
    }
    return false;
  }

  private void checkTimeTravelExpression(SqlNode expr, Set<String> ctes) throws SQLException {
    if (containsQuery(expr)) {
      throw error(expr, "A time-travel version or timestamp must be a constant expression, not a query",
          SqlState.SYNTAX);
    }
    bindExpression(expr, ctes);
  }

  /** Whether the expression names a column or holds a query: a time-travel value must be a constant. */
  private static boolean containsQuery(SqlNode node) {
    return contains(node, n -> n.getKind() == SqlKind.IDENTIFIER || isQuery(n));
  }

  private static boolean isQuery(SqlNode node) {
    return node instanceof SqlSelect || node instanceof SqlOrderBy || node instanceof SqlWith;
  }

  /** Whether the node or anything below it matches. */
  private static boolean contains(SqlNode node, java.util.function.Predicate<SqlNode> what) {
    if (node == null) {
      return false;
    }
    if (what.test(node)) {
      return true;
    }
    if (node instanceof SqlNodeList list) {
      for (SqlNode n : list) {
        if (contains(n, what)) {
          return true;
        }
      }
    } else if (node instanceof SqlCall call) {
      for (SqlNode n : call.getOperandList()) {
        if (contains(n, what)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Checks functions and binds sub-queries inside an expression (or list). */
  private void bindExpression(SqlNode node, Set<String> ctes) throws SQLException {
    if (node == null) {
      return;
    }
    if (node instanceof SqlNodeList list) {
      for (SqlNode n : list) {
        bindExpression(n, ctes);
      }
      return;
    }
    if (!(node instanceof SqlCall call)) {
      return;
    }
    switch (node.getKind()) {
      case SELECT, ORDER_BY, WITH, UNION, INTERSECT, EXCEPT -> {
        bindQuery(node, ctes);
        return;
      }
      default -> { }
    }
    if (call.getOperator() instanceof SqlFunction function) {
      SqlIdentifier id = function.getSqlIdentifier();
      boolean qualified = id != null && id.names.size() > 1;
      // A qualified call's own position is its last name part; point at the start of what the user wrote.
      SqlParserPos pos = qualified ? id.getParserPosition() : call.getParserPosition();
      int[] at = syntax.toOriginal(pos.getLineNum(), pos.getColumnNum());
      SqlPolicy.checkFunction(function.getName(), qualified, at[0], at[1]);
    }
    for (SqlNode operand : call.getOperandList()) {
      bindExpression(operand, ctes);
    }
  }

  /**
   * Parses a catalog row filter (administrator's SQL) like a WHERE clause, with the same function policy; no
   * sub-queries, so it cannot name other tables.
   */
  SqlNode rowFilter(String text, String table) throws SQLException {
    SqlNode filter;
    try {
      filter = QueryPipeline.parseExpression(withIdentity(text));
    } catch (SqlParseException e) {
      throw new LakehouseSqlException("The catalog's row filter for " + table + " is not a valid SQL predicate: "
          + e.getMessage().lines().findFirst().orElse(""), SqlState.SYNTAX, e);
    }
    if (contains(filter, n -> isQuery(n) || n instanceof org.apache.calcite.sql.SqlDynamicParam)) {
      throw new LakehouseSqlException("The catalog's row filter for " + table + " contains a sub-query or a "
          + "parameter, which row filters may not", SqlState.NOT_SUPPORTED);
    }
    try {
      bindExpression(filter, Set.of());
    } catch (SQLException e) {
      throw LakehouseSqlException.withContext("The catalog's row filter for " + table + ": ", e);
    }
    return filter;
  }

  private SQLException unsupported(SqlNode node, String what) {
    return error(node, "Not supported: " + what, SqlState.NOT_SUPPORTED);
  }

  private LakehouseSqlException error(SqlNode node, String message, SqlState state) {
    SqlParserPos pos = node.getParserPosition();
    int[] at = syntax.toOriginal(pos.getLineNum(), pos.getColumnNum());
    return new LakehouseSqlException(message, state, at[0], at[1], null);
  }
}
