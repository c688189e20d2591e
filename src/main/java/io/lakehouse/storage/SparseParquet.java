package io.lakehouse.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/**
 * A sparse local copy of a remote Parquet file: full length, holding only the footer, the index / bloom-filter
 * region at the end, and the column chunks (all row groups) of the top-level columns a query reads; the rest are
 * holes DuckDB never reads because it only reads projected columns. A sidecar file lists the columns present, and a
 * later query that needs more columns fills them in. Columns are named by Parquet field id ({@link Integer}) or
 * top-level name ({@link String}, case-insensitive), as {@code ScanColumn.parquetKey} says.
 */
public final class SparseParquet {
  private static final int TAIL_GUESS = 64 << 10;
  private static final String ALL = "*";

  /** Reads a byte range of the remote object. */
  public interface RangeReader {
    byte[] read(long start, long count) throws IOException;
  }

  private SparseParquet() {}

  /** Bytes fetched into a sparse file so far (from its sidecar), for the cache's size bound. */
  public static long fetchedBytes(Path file) throws IOException {
    Path sidecar = file.resolveSibling(file.getFileName() + ".cols");
    if (!Files.exists(sidecar)) {
      return 0;
    }
    for (String line : Files.readAllLines(sidecar, StandardCharsets.UTF_8)) {
      if (line.startsWith("#bytes=")) {
        return Long.parseLong(line.substring(7));
      }
    }
    return 0;
  }

  /** Makes sure the file holds the given columns (null = the whole file); fetches only what is missing. */
  public static void ensure(Path file, long size, Set<Object> columns, RangeReader remote) throws IOException {
    Path sidecar = file.resolveSibling(file.getFileName() + ".cols");
    Set<String> present = new HashSet<>(Files.exists(sidecar)
        ? Files.readAllLines(sidecar, StandardCharsets.UTF_8) : List.of());
    if (present.contains(ALL)) {
      return;
    }
    long[] fetched = {fetchedBytes(file)};
    present.removeIf(l -> l.startsWith("#bytes="));
    RangeReader reader = (start, count) -> {
      byte[] b = remote.read(start, count);
      fetched[0] += b.length;
      return b;
    };
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      if (raf.length() != size) {
        raf.setLength(size);
      }
      if (columns == null) {
        write(raf, 0, reader.read(0, size));
        present.add(ALL);
      } else {
        FileMetaData footer = footer(raf, size, present, reader);
        List<long[]> ranges = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (String name : topLevelNames(footer, columns)) {
          if (!present.contains(name)) {
            wanted.add(name);
          }
        }
        for (RowGroup rg : footer.getRow_groups()) {
          for (ColumnChunk chunk : rg.getColumns()) {
            ColumnMetaData md = chunk.getMeta_data();
            if (md == null) {
              throw new IOException("encrypted or external column chunks: fetch the whole file");
            }
            if (wanted.contains(md.getPath_in_schema().get(0).toLowerCase(Locale.ROOT))) {
              long start = md.isSetDictionary_page_offset() && md.getDictionary_page_offset() > 0
                  ? Math.min(md.getDictionary_page_offset(), md.getData_page_offset()) : md.getData_page_offset();
              ranges.add(new long[] {start, md.getTotal_compressed_size()});
            }
          }
        }
        for (long[] r : merge(ranges)) {
          write(raf, r[0], reader.read(r[0], r[1]));
        }
        present.addAll(wanted);
      }
    }
    Path tmp = sidecar.resolveSibling(sidecar.getFileName() + ".tmp");
    List<String> lines = new ArrayList<>(present);
    lines.add("#bytes=" + fetched[0]);
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    Files.move(tmp, sidecar, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The footer, fetched on first use together with everything from the first page index or bloom filter to the end
   * of the file (DuckDB reads bloom filters of filtered columns and may read page indexes).
   */
  private static FileMetaData footer(RandomAccessFile raf, long size, Set<String> present, RangeReader reader)
      throws IOException {
    if (!present.contains("#footer")) {
      long tailStart = Math.max(0, size - TAIL_GUESS);
      byte[] tail = reader.read(tailStart, size - tailStart);
      write(raf, tailStart, tail);
      int footerLength = footerLength(raf, size);
      long footerStart = size - 8 - footerLength;
      if (footerStart < tailStart) {
        write(raf, footerStart, reader.read(footerStart, tailStart - footerStart));
      }
      FileMetaData md = parse(raf, size);
      long indexStart = indexRegionStart(md, footerStart);
      if (indexStart < Math.min(footerStart, tailStart)) {
        write(raf, indexStart, reader.read(indexStart, Math.min(footerStart, tailStart) - indexStart));
      }
      present.add("#footer");
      return md;
    }
    return parse(raf, size);
  }

  private static int footerLength(RandomAccessFile raf, long size) throws IOException {
    byte[] last = new byte[8];
    raf.seek(size - 8);
    raf.readFully(last);
    if (last[4] != 'P' || last[5] != 'A' || last[6] != 'R' || last[7] != '1') {
      throw new IOException("not a plain Parquet file (encrypted or corrupt footer)");
    }
    return (last[0] & 0xff) | (last[1] & 0xff) << 8 | (last[2] & 0xff) << 16 | (last[3] & 0xff) << 24;
  }

  static FileMetaData parse(RandomAccessFile raf, long size) throws IOException {
    int length = footerLength(raf, size);
    byte[] footer = new byte[length];
    raf.seek(size - 8 - length);
    raf.readFully(footer);
    return Util.readFileMetaData(new ByteArrayInputStream(footer));
  }

  private static long indexRegionStart(FileMetaData md, long footerStart) {
    long start = footerStart;
    for (RowGroup rg : md.getRow_groups()) {
      for (ColumnChunk c : rg.getColumns()) {
        if (c.isSetColumn_index_offset()) {
          start = Math.min(start, c.getColumn_index_offset());
        }
        if (c.isSetOffset_index_offset()) {
          start = Math.min(start, c.getOffset_index_offset());
        }
        if (c.getMeta_data() != null && c.getMeta_data().isSetBloom_filter_offset()) {
          start = Math.min(start, c.getMeta_data().getBloom_filter_offset());
        }
      }
    }
    return start;
  }

  /** Lower-cased top-level column names for field ids and names. */
  private static Set<String> topLevelNames(FileMetaData md, Set<Object> columns) {
    Set<String> out = new HashSet<>();
    List<SchemaElement> schema = md.getSchema();
    int i = 1;
    int topLevel = schema.get(0).getNum_children();
    for (int n = 0; n < topLevel && i < schema.size(); n++) {
      SchemaElement e = schema.get(i);
      String name = e.getName().toLowerCase(Locale.ROOT);
      if ((e.isSetField_id() && columns.contains(e.getField_id())) || columns.contains(name)
          || columns.stream().anyMatch(c -> c instanceof String s && s.equalsIgnoreCase(name))) {
        out.add(name);
      }
      i = skip(schema, i);
    }
    return out;
  }

  /** Index of the element after the subtree at i. */
  private static int skip(List<SchemaElement> schema, int i) {
    int children = schema.get(i).isSetNum_children() ? schema.get(i).getNum_children() : 0;
    int next = i + 1;
    for (int c = 0; c < children; c++) {
      next = skip(schema, next);
    }
    return next;
  }

  private static List<long[]> merge(List<long[]> ranges) {
    ranges.sort((a, b) -> Long.compare(a[0], b[0]));
    List<long[]> out = new ArrayList<>();
    for (long[] r : ranges) {
      long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && r[0] <= last[0] + last[1]) {
        last[1] = Math.max(last[1], r[0] + r[1] - last[0]);
      } else {
        out.add(new long[] {r[0], r[1]});
      }
    }
    return out;
  }

  private static void write(RandomAccessFile raf, long at, byte[] bytes) throws IOException {
    raf.seek(at);
    raf.write(bytes);
  }
}
