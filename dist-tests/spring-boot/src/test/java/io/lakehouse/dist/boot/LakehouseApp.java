package io.lakehouse.dist.boot;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest Spring Boot application: DataSource (HikariCP) and JdbcTemplate come from auto-configuration. */
@SpringBootApplication
public class LakehouseApp {
}
