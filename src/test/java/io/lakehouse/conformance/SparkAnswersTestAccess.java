package io.lakehouse.conformance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Spark-style rendering of result rows, for tests in other packages. */
public final class SparkAnswersTestAccess {
  private SparkAnswersTestAccess() {}

  public static List<List<String>> rows(ResultSet rs) throws SQLException {
    return SparkAnswersTest.rows(rs);
  }
}
