package io.lakehouse.bench;

import java.time.LocalDate;
import java.util.List;

/**
 * The queries of issue 11's table plus the other predicate shapes (string date, BETWEEN, timestamp range, IN) and
 * the deletes tables. Dates are picked inside the generated ranges (2023-03-15 at full size).
 */
final class QuerySet {
  private QuerySet() {}

  /** Day 438 (2023-03-15) when the table has it, else the middle day. */
  static LocalDate pick(int days, int wanted) {
    return EventRows.day(days > wanted ? wanted : days / 2);
  }

  static String date(LocalDate d) {
    return "DATE '" + d + "'";
  }

  static List<BenchQuery> of(BenchOptions o) {
    LocalDate day = pick(o.days(), 438);
    LocalDate weekEnd = day.plusDays(6);
    LocalDate month = day.withDayOfMonth(1);
    LocalDate monthEnd = month.plusMonths(1).minusDays(1);
    if (monthEnd.isAfter(EventRows.day(o.days() - 1))) {
      monthEnd = EventRows.day(o.days() - 1);
    }
    LocalDate commitDay = pick(o.commits(), 73);
    LocalDate snapshotDay = pick(o.snapshots(), 438);
    LocalDate deleteDay = pick(o.deleteDays(), 40);
    long pointId = o.rows() * 4242 / 10000 + 7;
    String in = date(EventRows.day(o.days() / 100)) + ", " + date(day) + ", " + date(EventRows.day(o.days() - 3));
    String month1 = "d BETWEEN " + date(month) + " AND " + date(monthEnd);
    String ts = "ts >= TIMESTAMP '" + day + " 06:00:00' AND ts < TIMESTAMP '" + day + " 12:00:00'";
    return List.of(
        BenchQuery.scan("count(*), Delta", "SELECT count(*) FROM {part_delta}"),
        BenchQuery.scan("GROUP BY category (1,000 groups), Delta",
            "SELECT category, count(*), sum(amount) FROM {part_delta} GROUP BY category"),
        BenchQuery.scan("GROUP BY d (partition column), Delta",
            "SELECT d, count(*), sum(amount) FROM {part_delta} GROUP BY d"),
        BenchQuery.scan("full aggregate, Iceberg",
            "SELECT count(*), sum(amount), min(ts), max(ts), count(DISTINCT category) FROM {part_iceberg}"),
        BenchQuery.scan("aggregate, deletion vectors, Delta",
            "SELECT count(*), sum(amount) FROM {dv_delta}"),
        BenchQuery.scan("aggregate, position deletes, Iceberg",
            "SELECT count(*), sum(amount) FROM {posdel_iceberg}"),
        BenchQuery.selective("d = DATE, Delta", "SELECT count(*) FROM {part_delta} WHERE d = " + date(day),
            "part_delta", "d = " + date(day)),
        BenchQuery.selective("d = DATE, Iceberg", "SELECT count(*) FROM {part_iceberg} WHERE d = " + date(day),
            "part_iceberg", "d = " + date(day)),
        BenchQuery.selective("d = 'string', Delta", "SELECT count(*) FROM {part_delta} WHERE d = '" + day + "'",
            "part_delta", "d = " + date(day)),
        BenchQuery.selective("d BETWEEN (7 days), Iceberg", "SELECT count(*), sum(amount) FROM {part_iceberg} "
            + "WHERE d BETWEEN " + date(day) + " AND " + date(weekEnd),
            "part_iceberg", "d BETWEEN " + date(day) + " AND " + date(weekEnd)),
        BenchQuery.selective("ts range (6 h), Delta", "SELECT count(*), max(id) FROM {part_delta} WHERE " + ts,
            "part_delta", ts),
        BenchQuery.selective("d IN (3 dates), Delta", "SELECT d, count(*) FROM {part_delta} WHERE d IN (" + in
            + ") GROUP BY d", "part_delta", "d IN (" + in + ")"),
        BenchQuery.selective("join Delta x Iceberg, one month", "SELECT count(*), sum(i.amount) FROM {part_delta} e"
            + " JOIN {part_iceberg} i ON e.d = i.d AND e.id = i.id WHERE e." + month1,
            "part_delta", month1, "part_iceberg", month1),
        BenchQuery.selective("point lookup by sorted id, Delta",
            "SELECT id, d, category, amount, ts FROM {part_delta} WHERE id = " + pointId,
            "part_delta", "id = " + pointId),
        BenchQuery.selective(o.commits() + "-commit Delta, one partition",
            "SELECT count(*), sum(amount) FROM {commits_delta} WHERE d = " + date(commitDay),
            "commits_delta", "d = " + date(commitDay)),
        BenchQuery.selective(o.snapshots() + "-snapshot Iceberg, one partition",
            "SELECT count(*), sum(amount) FROM {snapshots_iceberg} WHERE d = " + date(snapshotDay),
            "snapshots_iceberg", "d = " + date(snapshotDay)),
        BenchQuery.selective("deletion vectors Delta, one partition",
            "SELECT count(*), sum(amount) FROM {dv_delta} WHERE d = " + date(deleteDay),
            "dv_delta", "d = " + date(deleteDay)));
  }
}
