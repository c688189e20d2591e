package io.lakehouse.bench;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The rows of every dated benchmark table: {@code id BIGINT} (ascending across days and within a day),
 * {@code d DATE} (day {@code day} after 2022-01-01), {@code category VARCHAR} (1,000 values), {@code amount
 * DECIMAL(12,2)}, {@code ts TIMESTAMP} (UTC-adjusted, ascending with id inside the day). Deterministic: the same
 * day always gives the same rows, so the Delta and Iceberg tables hold the same data.
 */
final class EventRows {
  static final LocalDate DAY0 = LocalDate.of(2022, 1, 1);
  static final int CATEGORIES = 1000;
  static final String SCHEMA_DOC = "id BIGINT, d DATE, category VARCHAR, amount DECIMAL(12,2), ts TIMESTAMP";

  private static final String[] CATEGORY_NAMES = new String[CATEGORIES];

  static {
    for (int i = 0; i < CATEGORIES; i++) {
      CATEGORY_NAMES[i] = "category_" + i;
    }
  }

  private EventRows() {}

  static LocalDate day(int day) {
    return DAY0.plusDays(day);
  }

  /** The rows of day {@code day}, ids {@code [day * perDay, (day + 1) * perDay)}, in table column order. */
  static List<Object[]> ofDay(int day, long perDay) {
    SplittableRandom random = new SplittableRandom(day * 7919L + 17);
    LocalDate d = day(day);
    Instant midnight = d.atStartOfDay().toInstant(ZoneOffset.UTC);
    List<Object[]> rows = new ArrayList<>((int) perDay);
    for (long i = 0; i < perDay; i++) {
      long id = day * perDay + i;
      rows.add(new Object[] {id, d, CATEGORY_NAMES[random.nextInt(CATEGORIES)],
          BigDecimal.valueOf(random.nextLong(10_000_000L), 2), midnight.plusSeconds(i * 86_400L / perDay)});
    }
    return rows;
  }

  /** Days {@code [from, to)}. */
  static List<Object[]> ofDays(int from, int to, long perDay) {
    List<Object[]> rows = new ArrayList<>((int) ((to - from) * perDay));
    for (int day = from; day < to; day++) {
      rows.addAll(ofDay(day, perDay));
    }
    return rows;
  }
}
