package io.lakehouse.jdbc;

import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The {@code jdbc:lakehouse:} driver, registered with {@link DriverManager} (also through
 * {@code META-INF/services/java.sql.Driver}).
 *
 * <pre>{@code
 * Connection c = DriverManager.getConnection("jdbc:lakehouse:/data/catalog.yaml");
 * }</pre>
 */
public final class LakehouseDriver extends NonRegisteringLakehouseDriver {
  static {
    try {
      DriverManager.registerDriver(new LakehouseDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
