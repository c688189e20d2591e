package io.lakehouse.sql;

import io.lakehouse.table.ScanColumn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * Column equalities between the table references of one SELECT ({@code a.d = b.d} in its WHERE or in the ON of an
 * inner join; the binder attaches no conjuncts across outer joins). A row of the join has equal values in equal
 * columns, so a predicate on one column also holds for every column it equals: {@code b.d = DATE '...'} lets the
 * scan of {@code a} skip files too. Only qualified names of the SELECT's own table references, and only columns of
 * exactly the same type: DuckDB casts one side of {@code a.x = b.y} when the types differ, and then a string
 * range on one side is no date range on the other.
 */
final class JoinEqualities {
  private JoinEqualities() {}

  /** Receives each conjunct that may hold a predicate on {@code otherColumn} of {@code other}, equal to own. */
  interface Sink {
    void carry(SqlNode conjunct, TableReference other, ScanColumn otherColumn, ScanColumn own);
  }

  private record Member(TableReference ref, ScanColumn column) {}

  static void carry(TableReference ref, List<ScanColumn> columns,
      Function<TableReference, List<ScanColumn>> columnsOf, Sink sink) {
    List<TableReference> siblings = ref.siblings;
    if (siblings.size() < 2 || ref.conjuncts.isEmpty()) {
      return;
    }
    Map<String, TableReference> byQualifier = new HashMap<>();
    for (TableReference s : siblings) {
      String q = s.qualifier.toLowerCase(Locale.ROOT);
      // Two references named alike: neither is surely the one a name means.
      byQualifier.put(q, byQualifier.containsKey(q) ? null : s);
    }
    Map<Member, Member> parent = new HashMap<>();
    for (SqlNode conjunct : ref.conjuncts) {
      if (conjunct.getKind() == SqlKind.EQUALS && conjunct instanceof SqlBasicCall eq) {
        Member left = member(eq.operand(0), byQualifier, ref, columns, columnsOf);
        Member right = member(eq.operand(1), byQualifier, ref, columns, columnsOf);
        if (left != null && right != null && left.column().type().equals(right.column().type())) {
          parent.put(find(parent, left), find(parent, right));
        }
      }
    }
    if (parent.isEmpty()) {
      return;
    }
    List<Member> all = new ArrayList<>(parent.keySet());
    all.addAll(parent.values());
    for (ScanColumn own : columns) {
      Member self = new Member(ref, own);
      if (!parent.containsKey(self) && !parent.containsValue(self)) {
        continue;
      }
      Member root = find(parent, self);
      all.stream().distinct().filter(m -> !m.equals(self) && find(parent, m).equals(root)).forEach(m -> {
        for (SqlNode conjunct : ref.conjuncts) {
          sink.carry(conjunct, m.ref(), m.column(), own);
        }
      });
    }
  }

  private static Member find(Map<Member, Member> parent, Member m) {
    Member p = parent.get(m);
    while (p != null && !p.equals(m)) {
      m = p;
      p = parent.get(m);
    }
    return m;
  }

  /** The column a qualified name means among the SELECT's references, when that is sure. */
  private static Member member(SqlNode node, Map<String, TableReference> byQualifier, TableReference ref,
      List<ScanColumn> ownColumns, Function<TableReference, List<ScanColumn>> columnsOf) {
    if (!(node instanceof SqlIdentifier id) || node instanceof ScanNode || id.names.size() != 2) {
      return null;
    }
    TableReference owner = byQualifier.get(id.names.get(0).toLowerCase(Locale.ROOT));
    if (owner == null) {
      return null;
    }
    List<ScanColumn> columns = owner == ref ? ownColumns : columnsOf.apply(owner);
    if (columns == null) {
      return null;
    }
    ScanColumn found = null;
    for (ScanColumn c : columns) {
      if (c.name().equalsIgnoreCase(id.names.get(1))) {
        if (found != null) {
          return null;
        }
        found = c;
      }
    }
    return found == null ? null : new Member(owner, found);
  }
}
