package io.lakehouse.engine;

import io.lakehouse.table.ScanFile;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Per-file constants (partition values, row-lineage bases) of the files one {@code read_parquet} call reads, without
 * splitting the call: each row finds its file's value in a list parameter by DuckDB's {@code file_index} (the file's
 * position in the call's list). A thousand partition values stay one scan, which DuckDB plans and runs at its own
 * speed, and a column the query does not read costs nothing (DuckDB drops the unused expression). Values the files
 * of the call share are inlined by the caller ({@link #value} returns null).
 *
 * <p>Measured on 1,000 files / 10M rows (2 cores): a join on {@code file_index} with a one-row-per-file relation was
 * as fast when DuckDB chose the small side to build, but with the {@code schema} parameter DuckDB cannot estimate the
 * scan's size and built the hash table on the 10M rows (10x slower); the list lookup has no plan to get wrong.
 *
 * <p>A table with a column named {@code file_index} cannot use this (the name would mean its data); the renderer then
 * keeps one branch per distinct set of values.
 */
final class FileConstants {
  static final String FILE_INDEX = "file_index";

  private final Function<Object, String> param;
  private final EngineSession session;
  /** Per-file values (SQL literal text, null for NULL) of the columns whose values differ between the files. */
  private final Map<String, List<String>> varying = new LinkedHashMap<>();

  /**
   * @param files the files of one read_parquet call, in the call's order
   * @param names the constant columns these files have
   * @param param adds a statement parameter, returns its reference
   */
  FileConstants(List<ScanFile> files, Set<String> names, Function<Object, String> param, EngineSession session) {
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
   * The expression of a constant column of type {@code type} (a DuckDB type) for each row of {@code d}, or null when
   * every file of the call has the same value (the caller inlines it).
   */
  String value(String name, String type) throws SQLException {
    List<String> texts = varying.get(name);
    if (texts == null) {
      return null;
    }
    String list = param.apply(session.array("VARCHAR", texts.toArray()));
    String element = "[CAST(d." + FILE_INDEX + " AS BIGINT) + 1]";
    return type.equals("BLOB") ? "from_hex(" + list + element + ")" : "CAST(" + list + " AS " + type + "[])" + element;
  }
}
