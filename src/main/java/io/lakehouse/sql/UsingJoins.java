package io.lakehouse.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * What an inner {@code JOIN ... USING (c)} says for file skipping, in the qualified form {@link JoinEqualities} and
 * {@link FileSkipping} read: {@code l.c = r.c}, and each conjunct on the merged, unqualified {@code c} restated on
 * {@code l.c} (in an inner join the merged column equals both sides). Only joins of two table references (with
 * their qualifiers known); a conjunct holding a sub-query is left alone, since a name inside it may mean another
 * table's column.
 */
final class UsingJoins {
  private UsingJoins() {}

  /** Appends, to the SELECT's conjuncts, the equalities and restated conjuncts of its inner USING joins. */
  static void addConjuncts(SqlNode from, List<SqlNode> conjuncts) {
    List<SqlNode> added = new ArrayList<>();
    collect(from, conjuncts, added);
    conjuncts.addAll(added);
  }

  private static void collect(SqlNode from, List<SqlNode> conjuncts, List<SqlNode> added) {
    if (!(from instanceof SqlJoin join)) {
      return;
    }
    collect(join.getLeft(), conjuncts, added);
    collect(join.getRight(), conjuncts, added);
    String left = qualifier(join.getLeft());
    String right = qualifier(join.getRight());
    if (join.getJoinType() != JoinType.INNER || join.getConditionType() != JoinConditionType.USING
        || !(join.getCondition() instanceof SqlNodeList columns) || left == null || right == null) {
      return;
    }
    for (SqlNode c : columns) {
      if (!(c instanceof SqlIdentifier id) || !id.isSimple()) {
        continue;
      }
      String name = id.getSimple();
      added.add(SqlStdOperatorTable.EQUALS.createCall(id.getParserPosition(), qualified(left, id),
          qualified(right, id)));
      for (SqlNode conjunct : conjuncts) {
        if (!hasQuery(conjunct)) {
          SqlNode restated = conjunct.accept(new Qualify(name, left));
          if (restated != conjunct) {
            added.add(restated);
          }
        }
      }
    }
  }

  /** The name that qualifies a table reference's columns, or null for anything but a table reference. */
  private static String qualifier(SqlNode side) {
    if (side.getKind() == SqlKind.AS && side instanceof SqlCall as && as.operand(0) instanceof ScanNode
        && as.operand(1) instanceof SqlIdentifier alias && alias.isSimple()) {
      return alias.getSimple();
    }
    return side instanceof ScanNode scan ? scan.getSimple() : null;
  }

  private static SqlIdentifier qualified(String qualifier, SqlIdentifier column) {
    return new SqlIdentifier(List.of(qualifier, column.getSimple()), column.getParserPosition());
  }

  private static boolean hasQuery(SqlNode node) {
    if (node == null) {
      return false;
    }
    if (node.getKind().belongsTo(SqlKind.QUERY)) {
      return true;
    }
    if (node instanceof SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        if (hasQuery(operand)) {
          return true;
        }
      }
    }
    if (node instanceof SqlNodeList list) {
      for (SqlNode item : list) {
        if (hasQuery(item)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Replaces the unqualified merged column with the left side's; returns the same node when it does not occur. */
  private static final class Qualify extends SqlShuttle {
    private final String column;
    private final String qualifier;

    Qualify(String column, String qualifier) {
      this.column = column.toLowerCase(Locale.ROOT);
      this.qualifier = qualifier;
    }

    @Override
    public SqlNode visit(SqlIdentifier id) {
      return id.isSimple() && !(id instanceof ScanNode) && id.getSimple().toLowerCase(Locale.ROOT).equals(column)
          ? qualified(qualifier, id) : id;
    }
  }
}
