package io.lakehouse.dist.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The drop-in jar in a Spring Boot 3.5 application configured the way its documentation says (docs/install.md):
 * {@code spring.datasource.url=jdbc:lakehouse:...}, the driver class name, HikariCP's data-source properties as
 * strings. Expected answers come from {@code lakehouse.expected}, written by SpringBootAppIT from the rows it handed
 * to the reference writers.
 */
@SpringBootTest(properties = {
    "spring.datasource.driver-class-name=io.lakehouse.jdbc.LakehouseDriver",
    "spring.datasource.hikari.maximum-pool-size=8",
    "spring.datasource.hikari.pool-name=lakehouse",
    "spring.datasource.hikari.data-source-properties.threads=2",
    "spring.datasource.hikari.data-source-properties.time_zone=Asia/Tokyo",
    "spring.datasource.hikari.data-source-properties.metadata_max_staleness=500ms",
    "spring.datasource.hikari.data-source-properties.result_cache=false"})
class SpringBootDriverTest {

  @DynamicPropertySource
  static void url(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:lakehouse:" + System.getProperty("lakehouse.lake"));
  }

  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;

  static Properties expected() throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(System.getProperty("lakehouse.expected")))) {
      p.load(r);
    }
    return p;
  }

  @Test
  void theDriverComesFromTheDropInJarAndTheApplicationKeepsItsLogging() throws Exception {
    assertThat(dataSource).isInstanceOf(HikariDataSource.class);
    Class<?> driver = Class.forName("io.lakehouse.jdbc.LakehouseDriver");
    Path from = Path.of(driver.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(from).isEqualTo(Path.of(System.getProperty("lakehouse.jar")).toRealPath());
    // Spring Boot's provider (Logback) is the one SLF4J bound: the driver jar brings none.
    assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).isEqualTo("ch.qos.logback.classic.LoggerContext");
    // The jar's libraries are relocated: the application's Jackson is its own.
    assertThat(com.fasterxml.jackson.databind.ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation()
        .toString()).contains("jackson-databind");
    try (Connection c = dataSource.getConnection()) {
      assertThat(c.getMetaData().getDriverName()).containsIgnoringCase("lakehouse");
    }
  }

  @Test
  void jdbcTemplateQueriesAnswerAsTheWriters() throws Exception {
    Properties e = expected();
    for (String key : e.stringPropertyNames()) {
      if (!key.startsWith("query.")) continue;
      String sql = e.getProperty(key);
      String answer = e.getProperty("answer." + key.substring("query.".length()));
      assertThat(render(jdbc.queryForList(sql))).as(sql).isEqualTo(answer);
    }
    // data-source-properties given as strings reached the driver: the session zone is Asia/Tokyo.
    String ts = jdbc.queryForObject("SELECT TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00'", String.class);
    java.time.Instant instant = java.time.Instant.parse("2024-01-01T00:00:00Z");
    java.time.OffsetDateTime shown = java.time.OffsetDateTime.parse(ts);
    assertThat(shown.toInstant()).isEqualTo(instant);
    assertThat(shown.getOffset()).isEqualTo(java.time.ZoneId.of("Asia/Tokyo").getRules().getOffset(instant));
  }

  @Test
  void eightThreadsTimesFiftyQueriesThroughHikariWithoutAnError() throws Exception {
    Properties e = expected();
    List<String[]> work = new ArrayList<>();
    for (String key : e.stringPropertyNames()) {
      if (key.startsWith("query.")) {
        work.add(new String[] {e.getProperty(key), e.getProperty("answer." + key.substring("query.".length()))});
      }
    }
    assertThat(work).hasSizeGreaterThanOrEqualTo(4);
    AtomicInteger ok = new AtomicInteger();
    List<Throwable> errors = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 50; i++) {
          String[] q = work.get((thread + i) % work.size());
          try {
            String got = render(jdbc.queryForList(q[0]));
            if (!got.equals(q[1])) throw new AssertionError(q[0] + ": " + got + " != " + q[1]);
            ok.incrementAndGet();
          } catch (Throwable x) {
            synchronized (errors) {
              errors.add(x);
            }
          }
        }
      }));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    for (Future<?> f : futures) f.get();
    assertThat(errors).isEmpty();
    assertThat(ok.get()).isEqualTo(400);
  }

  /** Rows as "v1|v2" lines, values as the driver's getString would show them through JdbcTemplate's objects. */
  static String render(List<Map<String, Object>> rows) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      List<String> values = new ArrayList<>();
      r.values().forEach(v -> values.add(String.valueOf(v)));
      out.add(String.join("|", values));
    }
    return String.join(";", out);
  }
}
