package io.lakehouse.config;

import java.util.Locale;

/**
 * One table of the catalog: its qualified name ({@code schema} + {@code name}), format and location.
 *
 * @param schema schema name; {@link CatalogConfig#DEFAULT_SCHEMA} for names without a dot
 * @param name table name within the schema
 * @param format {@code delta} or {@code iceberg}
 * @param location table root (absolute local path or object-store URI without a trailing slash), or for Iceberg
 *     also a {@code *.metadata.json} file
 * @param storage the storage profile named by the table, or null
 */
public record TableEntry(String schema, String name, String format, String location, String storage) {

  public String qualifiedName() {
    return schema + "." + name;
  }

  /** The key under which unquoted (case-insensitive) references find this table. */
  String lookupKey() {
    return (schema + "." + name).toLowerCase(Locale.ROOT);
  }

  /** Where the table's files live: the root, also when the location names a metadata file. */
  public String root() {
    if (location.endsWith(".metadata.json")) {
      String metadataDir = location.substring(0, location.lastIndexOf('/'));
      return metadataDir.endsWith("/metadata") ? metadataDir.substring(0, metadataDir.length() - 9) : metadataDir;
    }
    return location;
  }
}
