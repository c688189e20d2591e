package io.lakehouse.engine;

import io.lakehouse.LakehouseSqlException;
import io.lakehouse.SqlState;
import io.lakehouse.storage.ParquetFileSchema;
import io.lakehouse.table.Field;
import io.lakehouse.table.FieldType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * How one group of Parquet files is read: the {@code read_parquet} schema map, in which every column and nested
 * field is found by Parquet field id or by name and given its logical name (missing ones read their default), and
 * per column the expression that gives its logical value.
 *
 * <p>DuckDB matches nested fields by the schema map's {@code children} entries; without them it matches struct
 * fields by name, and a filter on a struct field that some file lacks then fails inside DuckDB ("INTERNAL Error:
 * Attempted to access index 2 within vector of size 2", DuckDB 2.0). So children are given wherever the field can
 * be keyed: by id at every level when files carry ids, by name for struct fields otherwise. List elements and map
 * entries of files without ids cannot be keyed (writers name them differently), so inside those the struct fields
 * are declared under their names in the file and renamed by a projection ({@code struct_pack},
 * {@code list_transform}); filters do not reach there. VARIANT values are decoded from their binary encoding into
 * JSON by a projection too.
 */
final class ReadSchema {
  /** How the files of the group store their columns. */
  enum Mode { BY_ID, BY_NAME }

  private final Mode mode;
  /** The names present in the files (BY_NAME for files without ids under a name mapping), or null. */
  private final ParquetFileSchema.Node fileRoot;
  private int lambdas;

  private ReadSchema(Mode mode, ParquetFileSchema.Node fileRoot) {
    this.mode = mode;
    this.fileRoot = fileRoot;
  }

  /**
   * The schema map and value expressions (over the alias {@code d}) of the given top-level fields.
   *
   * @param fileRoot for BY_NAME: the schema of the group's files, to pick among a field's names the one they use;
   *     null to take each field's first name
   */
  static ReadSchema.Result of(List<Field> fields, Mode mode, ParquetFileSchema.Node fileRoot) throws SQLException {
    return new ReadSchema(mode, fileRoot).build(fields);
  }

  /**
   * @param schemaMap the {@code map {...}} for read_parquet's {@code schema} parameter
   * @param values per field (by logical name), the SQL expression of its logical value over alias {@code d}
   */
  record Result(String schemaMap, Map<String, String> values) {}

  /** What one field becomes in the read. */
  private record Spec(String declaredName, String declaredType, String entry, UnaryOperator<String> projection) {}

  private Result build(List<Field> fields) throws SQLException {
    StringJoiner map = new StringJoiner(", ", "map {", "}");
    Map<String, String> values = new LinkedHashMap<>();
    for (Field f : fields) {
      if (!keyable(f)) {
        // No way to find it in these files (no id, no name): it reads its default everywhere.
        values.put(f.name(), defaultValue(f));
        continue;
      }
      String name = fileName(f, fileRoot);
      Spec s = spec(f, true, name, fileRoot == null ? null : fileRoot.child(name));
      map.add(s.entry());
      String column = "d." + ScanRenderer.quote(s.declaredName());
      values.put(f.name(), s.projection() == null ? column : s.projection().apply(column));
    }
    return new Result(map.toString(), values);
  }

  private boolean keyable(Field f) {
    return mode == Mode.BY_ID ? f.id() != null : !f.fileNames().isEmpty();
  }

  /** The name a file uses for the field: the first of its names present in the file's group, else the first. */
  private static String fileName(Field f, ParquetFileSchema.Node parent) {
    if (f.fileNames().isEmpty()) {
      return f.name();
    }
    if (parent != null) {
      for (String n : f.fileNames()) {
        if (parent.child(n) != null) {
          return n;
        }
      }
    }
    return f.fileNames().get(0);
  }

  /** Spec of a nested field, its file name chosen among those present in its parent's node. */
  private Spec child(Field f, boolean keyed, ParquetFileSchema.Node parent) throws SQLException {
    String name = fileName(f, parent);
    return spec(f, keyed, name, parent == null ? null : parent.child(name));
  }

  /**
   * @param keyed whether the field gets a schema-map entry (found by id / name); otherwise DuckDB finds it by
   *     position (list elements, map entries) or by its name in the file (struct fields inside those)
   * @param fileName the name files use for it
   * @param node the field's node in the group's file schema, or null
   */
  private Spec spec(Field f, boolean keyed, String fileName, ParquetFileSchema.Node node) throws SQLException {
    String declaredName = keyed ? f.name() : fileName;
    FieldType t = f.type();
    String declaredType;
    String children = null;
    UnaryOperator<String> projection = null;
    if (t instanceof FieldType.Primitive p && p.kind() == FieldType.Kind.VARIANT) {
      // Spark's binary variant: a group of metadata and value; DuckDB decodes metadata || value. DuckDB recognises
      // the group's shape and, without children, matches the two by position: they must be keyed by name.
      if (mode != Mode.BY_NAME) {
        throw new LakehouseSqlException("VARIANT column '" + f.name() + "' in files matched by field id cannot be "
            + "read exactly by this driver yet", SqlState.NOT_SUPPORTED);
      }
      declaredType = "STRUCT(\"metadata\" BLOB, \"value\" BLOB)";
      children = "map {'metadata': {name: 'metadata', type: 'BLOB', default_value: NULL}, "
          + "'value': {name: 'value', type: 'BLOB', default_value: NULL}}";
      projection = x -> "CAST(variant_bytes_to_variant(" + x + ".\"metadata\" || " + x + ".\"value\") AS JSON)";
    } else if (t instanceof FieldType.Primitive) {
      declaredType = DuckDbTypes.of(t);
    } else if (t instanceof FieldType.Struct s) {
      boolean keyChildren = keyed && s.fields().stream().allMatch(this::keyable);
      List<Spec> specs = new ArrayList<>();
      for (Field c : s.fields()) {
        specs.add(child(c, keyChildren, node));
      }
      StringJoiner type = new StringJoiner(", ", "STRUCT(", ")");
      StringJoiner entries = new StringJoiner(", ", "map {", "}");
      boolean renames = false;
      for (int i = 0; i < specs.size(); i++) {
        Spec c = specs.get(i);
        type.add(ScanRenderer.quote(c.declaredName()) + " " + c.declaredType());
        if (keyChildren) {
          entries.add(c.entry());
        }
        // Rebuilt by a projection too, which keeps DuckDB 2.0 from pushing work into the scan where it fails: a
        // struct with a defaulted field (a filter on it matched rows whose whole struct is NULL), and a struct
        // holding a struct, which older files may lack (extracting or filtering a field of the missing struct
        // raised internal errors: "ExpressionExecutor::Execute called with a result vector of type VARCHAR that
        // does not match expression type STRUCT(...)", "Attempted to access index 2 within vector of size 2").
        renames |= c.projection() != null || !c.declaredName().equals(s.fields().get(i).name())
            || s.fields().get(i).initialDefault() != null || s.fields().get(i).type() instanceof FieldType.Struct;
      }
      declaredType = type.toString();
      children = keyChildren ? entries.toString() : null;
      if (renames) {
        projection = x -> {
          StringJoiner pack = new StringJoiner(", ", "struct_pack(", ")");
          for (int i = 0; i < specs.size(); i++) {
            Spec c = specs.get(i);
            String value = x + "." + ScanRenderer.quote(c.declaredName());
            pack.add(ScanRenderer.quote(s.fields().get(i).name()) + " := "
                + (c.projection() == null ? value : c.projection().apply(value)));
          }
          return "CASE WHEN " + x + " IS NULL THEN NULL ELSE " + pack + " END";
        };
      }
    } else if (t instanceof FieldType.ListOf l) {
      boolean keyElement = keyed && mode == Mode.BY_ID && l.element().id() != null;
      ParquetFileSchema.Node element = node == null ? null : node.repeated();
      Spec e = spec(l.element(), keyElement, l.element().name(), element);
      declaredType = e.declaredType() + "[]";
      children = keyElement ? "map {" + e.entry() + "}" : null;
      if (e.projection() != null) {
        String v = "lh_v" + (++lambdas);
        projection = x -> "list_transform(" + x + ", lambda " + v + ": " + e.projection().apply(v) + ")";
      }
    } else {
      FieldType.MapOf m = (FieldType.MapOf) t;
      boolean keyEntries = keyed && mode == Mode.BY_ID && m.key().id() != null && m.value().id() != null;
      ParquetFileSchema.Node entry = node == null ? null : node.repeated();
      Spec k = spec(m.key(), keyEntries, m.key().name(), entry == null ? null : entry.child("key"));
      Spec v = spec(m.value(), keyEntries, m.value().name(), entry == null ? null : entry.child("value"));
      declaredType = "MAP(" + k.declaredType() + ", " + v.declaredType() + ")";
      children = keyEntries ? "map {" + k.entry() + ", " + v.entry() + "}" : null;
      if (k.projection() != null || v.projection() != null) {
        String e = "lh_v" + (++lambdas);
        projection = x -> "map_from_entries(list_transform(map_entries(" + x + "), lambda " + e + ": struct_pack("
            + "\"key\" := " + apply(k, e + ".\"key\"") + ", \"value\" := " + apply(v, e + ".\"value\"") + ")))";
      }
    }
    String entry = null;
    if (keyed) {
      String key = mode == Mode.BY_ID ? f.id().toString() : DuckDbEngine.literal(fileName);
      entry = key + ": {name: "
          + DuckDbEngine.literal(declaredName) + ", type: " + DuckDbEngine.literal(declaredType) + ", default_value: "
          + (f.initialDefault() == null ? "NULL" : defaultText(f)) + (children == null ? "" : ", children: "
          + children) + "}";
    }
    return new Spec(declaredName, declaredType, entry, projection);
  }

  private static String apply(Spec s, String value) {
    return s.projection() == null ? value : s.projection().apply(value);
  }

  /**
   * A default in the schema map: text that DuckDB casts to the field's type (a map literal's values must share one
   * type, so defaults of different types cannot be typed constants); binary values as {@code \xNN} escapes.
   */
  private static String defaultText(Field f) throws SQLException {
    String text = f.initialDefault();
    if (DuckDbTypes.of(f.type()).equals("BLOB")) {
      StringBuilder escaped = new StringBuilder();
      for (int i = 0; i < text.length(); i += 2) {
        escaped.append("\\x").append(text, i, i + 2);
      }
      text = escaped.toString();
    }
    return DuckDbEngine.literal(text);
  }

  /** A field's value in files that predate it: its initial default, else NULL, typed. */
  private static String defaultValue(Field f) throws SQLException {
    String type = DuckDbTypes.of(f.type());
    if (f.initialDefault() == null) {
      return "CAST(NULL AS " + type + ")";
    }
    if (type.equals("BLOB")) {
      return "from_hex(" + DuckDbEngine.literal(f.initialDefault()) + ")";
    }
    return "CAST(" + DuckDbEngine.literal(f.initialDefault()) + " AS " + type + ")";
  }
}
