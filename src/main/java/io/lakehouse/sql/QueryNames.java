package io.lakehouse.sql;

import io.lakehouse.security.ColumnMention;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * The names a bound query mentions, computed once per prepared query: which columns it may read (for a sparse
 * fetch), which names it uses at all (hidden columns are read when named), every column mention with its position
 * (for column grants), and where a name stands (for error positions).
 */
final class QueryNames {
  private final SqlNode query;
  private final Set<String> readColumns;
  private final Set<String> mentioned;

  QueryNames(SqlNode query) {
    this.query = query;
    this.readColumns = readColumns(query);
    this.mentioned = mentionedNames(query);
  }

  /**
   * Every name the query mentions, lower-cased: an over-estimate of the columns it reads, which is what a sparse
   * fetch needs (a column never named cannot be read). Null when the query reads columns it does not name: a star,
   * NATURAL JOIN, or DuckDB's COLUMNS(...).
   */
  Set<String> readColumns() {
    return readColumns;
  }

  /** Whether the query names this (lower-cased) name anywhere, also next to a star. */
  boolean mentions(String lowerCaseName) {
    return mentioned.contains(lowerCaseName);
  }

  private static Set<String> readColumns(SqlNode query) {
    Set<String> names = new HashSet<>();
    Set<String> scanAliases = scanAliases(query);
    boolean[] all = {false};
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlIdentifier id) {
        if (id.isStar() || id instanceof ScanNode) {
          all[0] |= id.isStar();
          return null;
        }
        // A table's name or alias used as a value is its whole row (DuckDB: a struct of every column).
        all[0] |= id.isSimple() && scanAliases.contains(id.getSimple().toLowerCase(Locale.ROOT));
        id.names.forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
        return null;
      }

      @Override
      public Void visit(SqlCall call) {
        if (call.getKind() == SqlKind.AS && call.operand(0) instanceof ScanNode) {
          // The alias names no column; column aliases rename the table's columns, so the names the query uses
          // are not the columns it reads.
          all[0] |= call.operandCount() > 2;
          return null;
        }
        if (call instanceof SqlJoin join && join.isNatural()) {
          all[0] = true;
        }
        if (call.getOperator().getName().equalsIgnoreCase("COLUMNS")) {
          all[0] = true;
        }
        if (call.getOperator().getName().equalsIgnoreCase("COUNT")) {
          // count(*) counts rows: its star names no column.
          for (SqlNode operand : call.getOperandList()) {
            if (!(operand instanceof SqlIdentifier id && id.isStar())) {
              operand.accept(this);
            }
          }
          return null;
        }
        return super.visit(call);
      }
    });
    return all[0] ? null : Set.copyOf(names);
  }

  /** The names (lower-cased) that qualify table scans in the query: their aliases, or the tables' names. */
  private static Set<String> scanAliases(SqlNode query) {
    Set<String> aliases = new HashSet<>();
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call.getKind() == SqlKind.AS && call.operand(0) instanceof ScanNode
            && call.operand(1) instanceof SqlIdentifier alias) {
          aliases.add(alias.getSimple().toLowerCase(Locale.ROOT));
        }
        return super.visit(call);
      }
    });
    return aliases;
  }

  private static Set<String> mentionedNames(SqlNode query) {
    Set<String> names = new HashSet<>();
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlIdentifier id) {
        if (!(id instanceof ScanNode)) {
          id.names.forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
        }
        return null;
      }
    });
    return Set.copyOf(names);
  }

  /** Every column name the query mentions (aliases excluded), positions in the user's text. */
  List<ColumnMention> columnMentions(TimeTravelSyntax syntax) {
    List<ColumnMention> out = new ArrayList<>();
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlIdentifier id) {
        if (!(id instanceof ScanNode) && !id.isStar()) {
          int n = id.names.size();
          int[] at = syntax.toOriginal(id.getParserPosition().getLineNum(), id.getParserPosition().getColumnNum());
          out.add(new ColumnMention(n > 1 ? id.names.get(n - 2) : null,
              id.names.get(n - 1).toLowerCase(Locale.ROOT), at[0], at[1]));
        }
        return null;
      }

      @Override
      public Void visit(SqlCall call) {
        if (call.getKind() == SqlKind.AS) {
          // An alias names an output, not a column of a table.
          call.operand(0).accept(this);
          return null;
        }
        return super.visit(call);
      }
    });
    return out;
  }

  /** Where the query first names this column (its last name part), or null. */
  SqlParserPos find(String name) {
    SqlParserPos[] found = {null};
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlIdentifier id) {
        if (found[0] == null && !(id instanceof ScanNode)
            && id.names.get(id.names.size() - 1).equalsIgnoreCase(name)) {
          found[0] = id.getParserPosition();
        }
        return null;
      }
    });
    return found[0];
  }
}
