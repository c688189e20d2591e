package io.lakehouse.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.table.Field;
import io.lakehouse.table.FieldType;
import io.lakehouse.table.ScanColumn;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link ColumnGrants#visible}: which of a snapshot's columns a column grant lets through (in table order), and the
 * refusal (42501, at the mention) when a query names a column of the table that the grant hides. A mention qualified
 * by another table reference of the query is that table's column.
 */
class ColumnGrantsTest {
  private static final FieldType TEXT = FieldType.Primitive.of(FieldType.Kind.STRING);
  private static final List<ScanColumn> COLUMNS = List.of(column("id"), column("Name"), column("email"),
      column("phone"));

  private static ScanColumn column(String name) {
    return ScanColumn.data(Field.named(name, name, TEXT, true));
  }

  private static List<String> visible(List<String> granted, ColumnMention... mentions) throws SQLException {
    return ColumnGrants.visible("crm.customers", "c", Set.of("o", "orders"), COLUMNS, granted, List.of(mentions), 3,
        9).stream().map(ScanColumn::name).toList();
  }

  private static String failure(Executable call) {
    LakehouseSqlException e = assertInstanceOf(LakehouseSqlException.class, assertThrows(SQLException.class, call));
    return e.getSQLState() + " " + e.getLine() + ":" + e.getColumn() + " " + e.getMessage();
  }

  @Test
  void noColumnGrantIsEveryColumn() throws SQLException {
    List<ScanColumn> all = ColumnGrants.visible("t", "t", Set.of(), COLUMNS, null,
        List.of(new ColumnMention(null, "email", 1, 8)), 1, 15);
    assertSame(COLUMNS, all);
  }

  @Test
  void grantedColumnsInTableOrderWhateverTheirCase() throws SQLException {
    assertEquals(List.of("id", "Name", "phone"), visible(List.of("phone", "name", "id")));
    assertEquals(List.of("Name"), visible(List.of("name", "no_such_column")));
  }

  @Test
  void aGrantThatLeavesNoColumnIsRefusedAtTheReference() {
    assertEquals("42501 3:9 Access denied: none of the columns of crm.customers is granted (line 3, column 9)",
        failure(() -> visible(List.of("gone"))));
    assertEquals("42501 3:9 Access denied: none of the columns of crm.customers is granted (line 3, column 9)",
        failure(() -> visible(List.of())));
  }

  @Test
  void mentionsOfGrantedColumnsAndOfOtherNamesPass() throws SQLException {
    assertEquals(List.of("id", "Name"), visible(List.of("id", "name"), new ColumnMention(null, "id", 1, 8),
        new ColumnMention("c", "name", 1, 12), new ColumnMention(null, "total", 1, 20)));
  }

  @Test
  void aHiddenColumnIsRefusedWhereverTheQueryNamesIt() {
    assertEquals("42501 2:14 Access denied: column email of crm.customers is not granted (line 2, column 14)",
        failure(() -> visible(List.of("id", "name"), new ColumnMention(null, "id", 1, 8),
            new ColumnMention(null, "email", 2, 14), new ColumnMention(null, "phone", 3, 1))));
    // Qualified by the reference's own qualifier, in any case.
    assertEquals("42501 1:8 Access denied: column phone of crm.customers is not granted (line 1, column 8)",
        failure(() -> visible(List.of("id"), new ColumnMention("C", "phone", 1, 8))));
    // Qualified by a name that is no other table reference (a struct, a schema part): still refused.
    assertEquals("42501 1:8 Access denied: column email of crm.customers is not granted (line 1, column 8)",
        failure(() -> visible(List.of("id"), new ColumnMention("customers", "email", 1, 8))));
  }

  @Test
  void theOwnQualifierWinsWhenAnotherReferenceSharesIt() {
    // SELECT c.email FROM crm.customers c WHERE EXISTS (SELECT 1 FROM orders c): the mention may be this table's.
    assertEquals("42501 1:8 Access denied: column email of crm.customers is not granted (line 1, column 8)",
        failure(() -> ColumnGrants.visible("crm.customers", "c", Set.of("c"), COLUMNS, List.of("id"),
            List.of(new ColumnMention("c", "email", 1, 8)), 1, 15)));
  }

  @Test
  void aHiddenNameQualifiedByAnotherTableIsThatTablesColumn() throws SQLException {
    assertEquals(List.of("id"), visible(List.of("id"), new ColumnMention("o", "email", 1, 8),
        new ColumnMention("ORDERS", "phone", 1, 20)));
  }
}
