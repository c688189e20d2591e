package io.lakehouse.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.SchemaElement;

/**
 * The schema tree of a local Parquet file, from its footer: names and field ids, as a reader must know them to
 * apply a table format's column projection to a file another writer produced (files without field ids, renamed
 * columns). Footers of immutable files are cached JVM-wide by path, size and modification time.
 */
public final class ParquetFileSchema {
  private static final int CACHE_ENTRIES = 20_000;
  private static final Map<String, ParquetFileSchema> CACHE = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ParquetFileSchema> eldest) {
      return size() > CACHE_ENTRIES;
    }
  };

  /** A node of the schema: a column or group. */
  public record Node(String name, Integer fieldId, List<Node> children) {
    /** The child with this name (exactly, else ignoring case), or null. */
    public Node child(String childName) {
      for (Node c : children) {
        if (c.name.equals(childName)) {
          return c;
        }
      }
      for (Node c : children) {
        if (c.name.equalsIgnoreCase(childName)) {
          return c;
        }
      }
      return null;
    }

    /**
     * The element of a LIST group (three-level {@code list.element}, or the repeated field itself in legacy
     * two-level lists), or the {@code key_value} entry of a MAP: the node whose children are found by name inside.
     */
    public Node repeated() {
      if (children.size() != 1) {
        return null;
      }
      Node r = children.get(0);
      return r.children.size() == 1 && !r.name.equals("key_value") ? r.children.get(0) : r;
    }
  }

  private final Node root;
  private final boolean fieldIds;

  private ParquetFileSchema(Node root) {
    this.root = root;
    this.fieldIds = anyFieldId(root);
  }

  /** The schema of a local Parquet file. */
  public static ParquetFileSchema of(String path) throws IOException {
    Path file = Path.of(path);
    long size = Files.size(file);
    String key = path + "|" + size + "|" + Files.getLastModifiedTime(file).toMillis();
    synchronized (CACHE) {
      ParquetFileSchema cached = CACHE.get(key);
      if (cached != null) {
        return cached;
      }
    }
    FileMetaData md;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      md = SparseParquet.parse(raf, size);
    }
    List<SchemaElement> elements = md.getSchema();
    int[] next = {0};
    ParquetFileSchema schema = new ParquetFileSchema(node(elements, next));
    synchronized (CACHE) {
      CACHE.put(key, schema);
    }
    return schema;
  }

  private static Node node(List<SchemaElement> elements, int[] next) throws IOException {
    if (next[0] >= elements.size()) {
      throw new IOException("corrupt Parquet schema: fewer elements than the tree declares");
    }
    SchemaElement e = elements.get(next[0]++);
    int n = e.isSetNum_children() ? e.getNum_children() : 0;
    List<Node> children = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      children.add(node(elements, next));
    }
    return new Node(e.getName(), e.isSetField_id() ? e.getField_id() : null, List.copyOf(children));
  }

  private static boolean anyFieldId(Node n) {
    if (n.fieldId() != null) {
      return true;
    }
    for (Node c : n.children()) {
      if (anyFieldId(c)) {
        return true;
      }
    }
    return false;
  }

  /** The root group; its children are the top-level columns. */
  public Node root() {
    return root;
  }

  /** Whether the writer recorded Parquet field ids (Iceberg writers always do). */
  public boolean hasFieldIds() {
    return fieldIds;
  }
}
