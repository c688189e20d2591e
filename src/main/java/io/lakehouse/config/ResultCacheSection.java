package io.lakehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the catalog's optional {@code cache.results} section; every error names its key path, never a secret. */
final class ResultCacheSection {
  private static final Set<String> KEYS = Set.of("type", "max_bytes", "max_entry_bytes", "url", "user", "password",
      "tls", "trust_store", "trust_store_password", "ttl", "timeout", "key_prefix");
  private static final Set<String> REDIS_ONLY = Set.of("url", "user", "password", "tls", "trust_store",
      "trust_store_password", "ttl", "timeout", "key_prefix");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
  private static final String KEY = "cache.results";

  private ResultCacheSection() {}

  static ResultCacheSettings parse(CatalogLoader.Context ctx, JsonNode node, Path base, Secrets secrets)
      throws SQLException {
    if (node == null) {
      return ResultCacheSettings.DEFAULT;
    }
    ctx.requireObject(node, KEY);
    ctx.checkKeys(node, KEY, KEYS);
    CatalogSection section = new CatalogSection(ctx, KEY, node, secrets);
    ResultCacheSettings.Type type = ResultCacheSettings.Type.MEMORY;
    if (node.has("type")) {
      String t = ctx.requireText(node, KEY, "type").toLowerCase(Locale.ROOT);
      type = switch (t) {
        case "memory", "in-process", "in_process" -> ResultCacheSettings.Type.MEMORY;
        case "redis" -> ResultCacheSettings.Type.REDIS;
        case "none", "off" -> ResultCacheSettings.Type.NONE;
        default -> throw CatalogLoader.error(ctx.at(KEY + ".type") + "expected memory, redis or none, got '" + t
            + "'");
      };
    }
    if (type != ResultCacheSettings.Type.REDIS) {
      for (String key : REDIS_ONLY) {
        if (node.has(key)) {
          throw CatalogLoader.error(ctx.at(KEY + "." + key) + "only applies to type: redis");
        }
      }
    }
    if (type == ResultCacheSettings.Type.REDIS && node.has("max_bytes")) {
      throw CatalogLoader.error(ctx.at(KEY + ".max_bytes") + "only applies to type: memory (Redis bounds its "
          + "memory itself: maxmemory)");
    }
    long maxBytes = size(ctx, node, "max_bytes", ResultCacheSettings.DEFAULT_MAX_BYTES);
    long maxEntry = size(ctx, node, "max_entry_bytes", ResultCacheSettings.DEFAULT_MAX_ENTRY_BYTES);
    ResultCacheSettings.Redis redis = null;
    Duration ttl = ResultCacheSettings.DEFAULT_TTL;
    String prefix = ResultCacheSettings.DEFAULT_KEY_PREFIX;
    if (type == ResultCacheSettings.Type.REDIS) {
      redis = redis(ctx, node, section, base, secrets);
      ttl = duration(ctx, section, "ttl", ResultCacheSettings.DEFAULT_TTL);
      if (ttl.toSeconds() < 1) {
        throw CatalogLoader.error(ctx.at(KEY + ".ttl") + "expected at least 1s");
      }
      if (node.has("key_prefix")) {
        prefix = ctx.requireText(node, KEY, "key_prefix");
      }
    }
    return new ResultCacheSettings(type, maxBytes, maxEntry, redis, ttl, prefix);
  }

  private static ResultCacheSettings.Redis redis(CatalogLoader.Context ctx, JsonNode node, CatalogSection section,
      Path base, Secrets secrets) throws SQLException {
    String text = section.optionalText("url");
    if (text == null) {
      throw CatalogLoader.error(ctx.at(KEY + ".url") + "missing: type redis needs url: redis://host:port");
    }
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw CatalogLoader.error(ctx.at(KEY + ".url") + "expected redis://host:port[/database] or rediss://...");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss") || uri.getHost() == null) {
      throw CatalogLoader.error(ctx.at(KEY + ".url") + "expected redis://host:port[/database] or rediss://...");
    }
    if (uri.getRawUserInfo() != null) {
      // A password in the URL would be printed wherever the URL is; it belongs in password: (a secret).
      throw CatalogLoader.error(ctx.at(KEY + ".url") + "must not hold a user or password; use the user and "
          + "password keys (password as a secret: ${env:NAME}, ${file:/path} or enc:)");
    }
    int port = uri.getPort() < 0 ? 6379 : uri.getPort();
    int database = 0;
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
    if (!path.isEmpty()) {
      try {
        database = Integer.parseInt(path);
      } catch (NumberFormatException e) {
        database = -1;
      }
      if (database < 0) {
        throw CatalogLoader.error(ctx.at(KEY + ".url") + "the path must be a database number, such as /0");
      }
    }
    boolean tls = section.optionalBoolean("tls", scheme.equals("rediss"));
    if (scheme.equals("rediss") && !tls) {
      throw CatalogLoader.error(ctx.at(KEY + ".tls") + "rediss:// always uses TLS");
    }
    String user = section.optionalText("user");
    Secret password = section.optionalSecret("password");
    TrustStore trust = null;
    String trustFile = section.optionalText("trust_store");
    if (trustFile != null) {
      if (!tls) {
        throw CatalogLoader.error(ctx.at(KEY + ".trust_store") + "only applies with TLS (rediss:// or tls: true)");
      }
      trust = new TrustStore(CatalogLoader.localPath(trustFile, base, ctx.at(KEY + ".trust_store")),
          section.optionalSecret("trust_store_password"));
    } else if (node.has("trust_store_password")) {
      throw CatalogLoader.error(ctx.at(KEY + ".trust_store_password") + "only applies with trust_store");
    }
    Duration timeout = duration(ctx, section, "timeout", ResultCacheSettings.DEFAULT_TIMEOUT);
    if (timeout.toMillis() < 1 || timeout.toMillis() > 60_000) {
      throw CatalogLoader.error(ctx.at(KEY + ".timeout") + "expected from 1ms to 60s");
    }
    return new ResultCacheSettings.Redis(uri.getHost(), port, database, tls, user, password, trust, timeout);
  }

  private static long size(CatalogLoader.Context ctx, JsonNode node, String key, long dflt) throws SQLException {
    if (!node.has(key)) {
      return dflt;
    }
    JsonNode m = node.get(key);
    long v = m.isIntegralNumber() ? m.asLong() : m.isTextual()
        ? ByteSize.parse(m.asText(), false).map(ByteSize::asLong).orElse(-1L) : -1;
    if (v <= 0) {
      throw CatalogLoader.error(ctx.at(KEY + "." + key) + "expected a size such as 64MB or 512KB");
    }
    return v;
  }

  /** {@code 250ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 7d}; a bare number is seconds. */
  static Duration duration(CatalogLoader.Context ctx, CatalogSection section, String key, Duration dflt)
      throws SQLException {
    String text = section.optionalText(key);
    if (text == null) {
      return dflt;
    }
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw CatalogLoader.error(ctx.at(KEY + "." + key) + "expected a duration such as 250ms, 30s, 10m, 1h or 7d");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw CatalogLoader.error(ctx.at(KEY + "." + key) + "expected a duration such as 250ms, 30s, 10m, 1h or 7d");
    }
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }
}
