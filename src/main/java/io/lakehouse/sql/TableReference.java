package io.lakehouse.sql;

import io.lakehouse.table.LakehouseTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlNode;

/**
 * One table reference in a query, bound to a table, with its time-travel clause still unevaluated (it may use
 * parameters), and the WHERE conjuncts of its SELECT that may let the format skip files.
 */
final class TableReference {
  final String displayName;
  final LakehouseTable table;
  /** The table's resolved root location (the result cache keys on it). */
  final String location;
  /** What the time-travel expression means, or null for the latest snapshot. */
  final TimeTravelSyntax.Kind kind;
  /** The time-travel expression, or null. */
  final SqlNode timeTravel;
  /** The placeholder that receives the rendered scan. */
  final ScanNode node;
  /** 1-based position of the reference in the user's SQL. */
  final int line;
  final int column;
  /** The name qualifying this reference's columns in its SELECT (its alias, or the table's own name). */
  String qualifier;
  /** Whether the reference is the only relation of its SELECT's FROM (so unqualified columns are its own). */
  boolean soleRelation;
  /** What the principal may read of the table (columns, rows), or null for all of it. */
  final ReadRestriction restriction;
  /** WHERE conjuncts of the enclosing SELECT; only those about this reference's columns are used. */
  final List<SqlNode> conjuncts = new ArrayList<>();
  /** The table references of the same SELECT's FROM (itself included) that share those conjuncts. */
  List<TableReference> siblings = List.of();

  /** A reference without a known location (tests of single steps). */
  TableReference(String displayName, LakehouseTable table, TimeTravelSyntax.Kind kind, SqlNode timeTravel,
      ScanNode node, int line, int column, ReadRestriction restriction) {
    this(displayName, null, table, kind, timeTravel, node, line, column, restriction);
  }

  TableReference(String displayName, String location, LakehouseTable table, TimeTravelSyntax.Kind kind,
      SqlNode timeTravel, ScanNode node, int line, int column, ReadRestriction restriction) {
    this.location = location;
    this.restriction = restriction;
    this.displayName = displayName;
    this.table = table;
    this.kind = kind;
    this.timeTravel = timeTravel;
    this.node = node;
    this.line = line;
    this.column = column;
    this.qualifier = node.getSimple();
  }
}
