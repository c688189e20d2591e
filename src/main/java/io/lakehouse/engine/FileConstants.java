package io.lakehouse.engine;

import io.lakehouse.table.ScanFile;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Per-file constants (partition values, row-lineage bases) of the files one {@code read_parquet} call reads, without
 * splitting the call: each row finds its file's values by DuckDB's {@code file_index} (the file's position in the
 * call's list). A thousand partition values stay one scan, which DuckDB plans and runs at its own speed.
 * <ul>
 *   <li>values the files of the call share are inlined by the caller ({@link #value} returns null);</li>
 *   <li>columns the query reads come from a small relation of one row per file, joined on {@code file_index}: the
 *       values are cast once per file, not once per row;</li>
 *   <li>columns the query does not read are a list lookup by {@code file_index}, which DuckDB drops with the unused
 *       column, so they cost nothing (and are still right if the query reads them after all).</li>
 * </ul>
 * A table with a column named {@code file_index} cannot use this (the name would mean its data); the renderer then
 * keeps one branch per distinct set of values.
 */
final class FileConstants {
  static final String FILE_INDEX = "file_index";

  private final int fileCount;
  private final Set<String> readColumns;
  private final Function<Object, String> param;
  private final EngineSession session;
  /** Per-file values (SQL literal text, null for NULL) of the columns whose values differ between the files. */
  private final Map<String, List<String>> varying = new LinkedHashMap<>();
  /** Expressions of the joined relation, by their column alias. */
  private final Map<String, String> joined = new LinkedHashMap<>();

  /**
   * @param files the files of one read_parquet call, in the call's order
   * @param names the constant columns these files have
   * @param readColumns lower-cased names of the columns the query may read (null: any)
   * @param param adds a statement parameter, returns its reference
   */
  FileConstants(List<ScanFile> files, Set<String> names, Set<String> readColumns, Function<Object, String> param,
      EngineSession session) {
    this.fileCount = files.size();
    this.readColumns = readColumns;
    this.param = param;
    this.session = session;
    for (String name : names) {
      List<String> texts = new ArrayList<>(files.size());
      boolean same = true;
      for (ScanFile f : files) {
        String text = f.constants().get(name);
        same &= texts.isEmpty() || Objects.equals(texts.get(0), text);
        texts.add(text);
      }
      if (!same) {
        varying.put(name, texts);
      }
    }
  }

  /**
   * The expression of a constant column of type {@code type} (a DuckDB type) for each row, or null when every file
   * of the call has the same value (the caller inlines it).
   */
  String value(String name, String type) throws SQLException {
    List<String> texts = varying.get(name);
    if (texts == null) {
      return null;
    }
    String list = param.apply(session.array("VARCHAR", texts.toArray()));
    boolean blob = type.equals("BLOB");
    if (blob || readColumns == null || readColumns.contains(name.toLowerCase(Locale.ROOT))) {
      String alias = "k" + joined.size();
      joined.put(alias, blob ? "from_hex(unnest(" + list + "))" : "CAST(unnest(" + list + ") AS " + type + ")");
      return "k." + alias;
    }
    return "CAST(" + list + " AS " + type + "[])[CAST(d." + FILE_INDEX + " AS BIGINT) + 1]";
  }

  /** The join that brings the read columns' values to each row of {@code d}, or an empty string. */
  String join() {
    if (joined.isEmpty()) {
      return "";
    }
    StringBuilder sql = new StringBuilder(" JOIN (SELECT CAST(unnest(range(").append(fileCount)
        .append(")) AS UBIGINT) AS i");
    joined.forEach((alias, expression) -> sql.append(", ").append(expression).append(" AS ").append(alias));
    return sql.append(") AS k ON d.").append(FILE_INDEX).append(" = k.i").toString();
  }
}
