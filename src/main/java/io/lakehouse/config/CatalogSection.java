package io.lakehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/**
 * One mapping of a catalog file (a {@code credentials:} section), read field by field: required and optional text,
 * secrets resolved through {@link Secrets} (and so registered for redaction), numbers, booleans, nested mappings.
 * Messages name the file and the key path, never a value.
 *
 * @param key the section's key path ({@code storage.p.credentials})
 */
record CatalogSection(CatalogLoader.Context ctx, String key, JsonNode node, Secrets secrets) {

  /** A required text value; a {@code ${env:}} / {@code ${file:}} reference is resolved. */
  String text(String field) throws SQLException {
    String v = optionalText(field);
    if (v == null) {
      throw CatalogLoader.error(at(field) + "missing");
    }
    return v;
  }

  /** An optional text value (null when absent); non-secret values may be references too (role_arn: ${env:ROLE}). */
  String optionalText(String field) throws SQLException {
    JsonNode v = value(field);
    if (v == null) {
      return null;
    }
    return v.asText().startsWith("${") ? secrets.resolve(v.asText(), at(field)) : v.asText();
  }

  /** A required secret, resolved ({@code ${env:}}, {@code ${file:}}, {@code enc:} or literal). */
  Secret secret(String field) throws SQLException {
    Secret s = optionalSecret(field);
    if (s == null) {
      throw CatalogLoader.error(at(field) + "missing");
    }
    return s;
  }

  Secret optionalSecret(String field) throws SQLException {
    JsonNode v = value(field);
    return v == null ? null : new Secret(secrets.resolve(v.asText(), at(field)));
  }

  Path path(String field) throws SQLException {
    return Path.of(text(field));
  }

  Path optionalPath(String field) throws SQLException {
    String v = optionalText(field);
    return v == null ? null : Path.of(v);
  }

  /** An optional whole number of seconds, or null. */
  Integer optionalSeconds(String field) throws SQLException {
    String v = optionalText(field);
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      throw CatalogLoader.error(at(field) + "expected a whole number of seconds");
    }
  }

  /** An optional {@code true} / {@code false} (also quoted), or the given default. */
  boolean optionalBoolean(String field, boolean absent) throws SQLException {
    String v = optionalText(field);
    if (v == null) {
      return absent;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw CatalogLoader.error(at(field) + "expected true or false");
    };
  }

  /** A nested mapping, or null when absent. */
  CatalogSection optionalSection(String field) throws SQLException {
    JsonNode v = value(field);
    if (v == null) {
      return null;
    }
    CatalogSection nested = new CatalogSection(ctx, key + "." + field, v, secrets);
    ctx.requireObject(v, nested.key());
    return nested;
  }

  /** "file: key.field: ", the prefix of a message about a field. */
  String at(String field) {
    return ctx.at(key + "." + field);
  }

  private JsonNode value(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }
}
