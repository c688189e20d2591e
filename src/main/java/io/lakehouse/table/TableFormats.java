package io.lakehouse.table;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The one registry of table formats: those on the class path ({@link ServiceLoader}), in a fixed order. */
public final class TableFormats {
  private static final List<TableFormat> ALL = ServiceLoader.load(TableFormat.class, TableFormat.class
      .getClassLoader()).stream().map(ServiceLoader.Provider::get)
      .sorted(Comparator.comparing(TableFormat::name)).toList();

  private TableFormats() {}

  public static List<TableFormat> all() {
    return ALL;
  }

  /** The format with this name ({@code delta}). */
  public static TableFormat named(String name) throws SQLException {
    return ALL.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(() -> new LakehouseSqlException(
        "Unknown table format '" + name + "'", SqlState.NOT_SUPPORTED));
  }

  /** The format whose table function this is ({@code delta_scan}), case-insensitively. */
  public static Optional<TableFormat> byTableFunction(String function) {
    return ALL.stream().filter(f -> f.tableFunction().equalsIgnoreCase(function)).findFirst();
  }
}
