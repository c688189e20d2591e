package io.lakehouse.config;

import static io.lakehouse.testing.SqlAssert.assertState;

import io.lakehouse.SqlState;
import io.lakehouse.jdbc.NonRegisteringLakehouseDriver;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Found by ConnectionFuzzTest: time_zone values that pass the property's check but that java.time refuses (an
 * offset beyond 18 hours, three-letter ids such as EST) escaped from connect as a raw DateTimeException.
 */
class TimeZonePropertyTest {
  @TempDir
  static Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"+25:00", "-19:00", "EST", "Mars/Phobos"})
  void refusedWithAnSqlState(String zone) {
    Properties info = new Properties();
    info.setProperty("time_zone", zone);
    assertState(SqlState.CONNECTION_FAILED,
        () -> new NonRegisteringLakehouseDriver().connect("jdbc:lakehouse:" + dir, info));
  }
}
