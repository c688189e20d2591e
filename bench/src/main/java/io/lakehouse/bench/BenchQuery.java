package io.lakehouse.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One benchmark query. {@code sql} names tables as {@code {table}}; each side substitutes its own relation (the
 * driver's table, raw DuckDB's view over all files, the ideal view over the files holding matching rows).
 * {@code idealFilters}: per table, the predicate whose matching rows' files form the ideal file set (tables
 * without a filter are read whole on the ideal side too). A scan query has no filter at all: its ideal is raw.
 */
record BenchQuery(String name, Kind kind, String sql, Map<String, String> idealFilters) {
  enum Kind { SCAN, SELECTIVE }

  private static final Pattern TABLE = Pattern.compile("\\{(\\w+)}");

  static BenchQuery scan(String name, String sql) {
    return new BenchQuery(name, Kind.SCAN, sql, Map.of());
  }

  static BenchQuery selective(String name, String sql, String... tableAndFilter) {
    Map<String, String> filters = new LinkedHashMap<>();
    for (int i = 0; i < tableAndFilter.length; i += 2) {
      filters.put(tableAndFilter[i], tableAndFilter[i + 1]);
    }
    return new BenchQuery(name, Kind.SELECTIVE, sql, filters);
  }

  List<String> tables() {
    return TABLE.matcher(sql).results().map(m -> m.group(1)).distinct().toList();
  }

  /** The SQL with each {@code {table}} replaced by {@code prefix + table}. */
  String render(String prefix) {
    return TABLE.matcher(sql).replaceAll(m -> Matcher.quoteReplacement(prefix + m.group(1)));
  }
}
