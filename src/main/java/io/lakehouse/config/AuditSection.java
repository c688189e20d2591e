package io.lakehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/** Parses the catalog's optional {@code audit:} section; every error names its key path. */
final class AuditSection {
  private static final Set<String> KEYS = Set.of("sink", "path", "max_bytes", "max_files", "mask_literals", "queue",
      "logger");
  private static final Set<String> FILE_ONLY = Set.of("path", "max_bytes", "max_files");
  static final String DEFAULT_PATH = "audit/audit.jsonl";
  private static final int MAX_FILES_LIMIT = 1000;
  private static final int MAX_QUEUE = 1 << 20;
  /** Smaller files would rotate on nearly every record. */
  private static final long MIN_MAX_BYTES = 1000;

  private AuditSection() {}

  static AuditSettings parse(CatalogLoader.Context ctx, JsonNode node, Path base) throws SQLException {
    if (node == null) {
      return AuditSettings.DEFAULT;
    }
    ctx.requireObject(node, "audit");
    ctx.checkKeys(node, "audit", KEYS);
    AuditSettings.Sink sink = AuditSettings.Sink.FILE;
    if (node.has("sink")) {
      String s = ctx.requireText(node, "audit", "sink").toLowerCase(Locale.ROOT);
      sink = switch (s) {
        case "file" -> AuditSettings.Sink.FILE;
        case "slf4j" -> AuditSettings.Sink.SLF4J;
        case "none" -> AuditSettings.Sink.NONE;
        default -> throw CatalogLoader.error(ctx.at("audit.sink") + "expected file, slf4j or none, got '" + s + "'");
      };
    }
    if (sink != AuditSettings.Sink.FILE) {
      for (String key : FILE_ONLY) {
        if (node.has(key)) {
          throw CatalogLoader.error(ctx.at("audit." + key) + "only applies to sink: file");
        }
      }
    }
    if (sink != AuditSettings.Sink.SLF4J && node.has("logger")) {
      throw CatalogLoader.error(ctx.at("audit.logger") + "only applies to sink: slf4j");
    }
    Path path = null;
    if (sink == AuditSettings.Sink.FILE) {
      String text = node.has("path") ? ctx.requireText(node, "audit", "path") : DEFAULT_PATH;
      path = CatalogLoader.localPath(text, base, ctx.at("audit.path"));
      if (java.nio.file.Files.isDirectory(path)) {
        throw CatalogLoader.error(ctx.at("audit.path") + path + " is a directory; name the audit file");
      }
    }
    long maxBytes = AuditSettings.DEFAULT_MAX_BYTES;
    if (node.has("max_bytes")) {
      JsonNode m = node.get("max_bytes");
      maxBytes = m.isIntegralNumber() ? m.asLong() : m.isTextual() ? ByteSize.parse(m.asText(), false).map(ByteSize::asLong).orElse(-1L) : -1;
      if (maxBytes < MIN_MAX_BYTES) {
        throw CatalogLoader.error(ctx.at("audit.max_bytes") + "expected a size of at least 1KB, such as 64MB");
      }
    }
    int maxFiles = intValue(ctx, node, "max_files", AuditSettings.DEFAULT_MAX_FILES, 1, MAX_FILES_LIMIT);
    int queue = intValue(ctx, node, "queue", AuditSettings.DEFAULT_QUEUE, 1, MAX_QUEUE);
    boolean mask = true;
    if (node.has("mask_literals")) {
      JsonNode m = node.get("mask_literals");
      if (!m.isBoolean()) {
        throw CatalogLoader.error(ctx.at("audit.mask_literals") + "expected true or false");
      }
      mask = m.asBoolean();
    }
    String logger = sink == AuditSettings.Sink.SLF4J && node.has("logger")
        ? ctx.requireText(node, "audit", "logger") : AuditSettings.DEFAULT_LOGGER;
    return new AuditSettings(sink, path, maxBytes, maxFiles, mask, queue, logger);
  }

  private static int intValue(CatalogLoader.Context ctx, JsonNode node, String key, int dflt, int min, int max)
      throws SQLException {
    if (!node.has(key)) {
      return dflt;
    }
    JsonNode v = node.get(key);
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw CatalogLoader.error(ctx.at("audit." + key) + "expected an integer from " + min + " to " + max);
    }
    return v.asInt();
  }
}
