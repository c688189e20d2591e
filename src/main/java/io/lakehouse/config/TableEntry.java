package io.lakehouse.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One table of the catalog: its qualified name ({@code schema} + {@code name}), format and location.
 *
 * @param schema schema name; {@link CatalogConfig#DEFAULT_SCHEMA} for names without a dot
 * @param name table name within the schema
 * @param format {@code delta} or {@code iceberg}
 * @param location table root directory, or for Iceberg also a {@code *.metadata.json} file
 */
public record TableEntry(String schema, String name, String format, Path location) {

  public String qualifiedName() {
    return schema + "." + name;
  }

  /** The key under which unquoted (case-insensitive) references find this table. */
  String lookupKey() {
    return (schema + "." + name).toLowerCase(Locale.ROOT);
  }

  /** Directory that holds the table's files: the root, also when the location names a metadata file. */
  public Path root() {
    if (location.getFileName() != null && location.getFileName().toString().endsWith(".metadata.json")) {
      Path metadataDir = location.getParent();
      return metadataDir.getParent() != null ? metadataDir.getParent() : metadataDir;
    }
    return location;
  }
}
