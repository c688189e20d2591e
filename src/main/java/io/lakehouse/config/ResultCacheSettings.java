package io.lakehouse.config;

import java.time.Duration;

/**
 * The catalog's {@code cache.results} section: where results of deterministic queries are kept (see
 * docs/result-cache.md).
 *
 * @param type where entries live
 * @param maxBytes the in-process cache's bound (least recently used entries are evicted beyond it)
 * @param maxEntryBytes results whose serialized form is larger are not cached
 * @param redis the Redis server, for {@link Type#REDIS}; null otherwise
 * @param ttl how long an entry lives in Redis (in-process entries live until evicted)
 * @param keyPrefix prefix of every Redis key (catalogs sharing one Redis for different data use different ones)
 */
public record ResultCacheSettings(Type type, long maxBytes, long maxEntryBytes, Redis redis, Duration ttl,
    String keyPrefix) {
  public enum Type { MEMORY, REDIS, NONE }

  public static final long DEFAULT_MAX_BYTES = 256L << 20;
  public static final long DEFAULT_MAX_ENTRY_BYTES = 8L << 20;
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);
  public static final String DEFAULT_KEY_PREFIX = "lakehouse:results:";

  /** Without a {@code cache.results} section: in-process, 256 MB, entries up to 8 MB. */
  public static final ResultCacheSettings DEFAULT = new ResultCacheSettings(Type.MEMORY, DEFAULT_MAX_BYTES,
      DEFAULT_MAX_ENTRY_BYTES, null, DEFAULT_TTL, DEFAULT_KEY_PREFIX);

  /**
   * A Redis server.
   *
   * @param host host name
   * @param port port
   * @param database the database number
   * @param tls whether to connect with TLS ({@code rediss://} or {@code tls: true})
   * @param user the ACL user, or null for the default user
   * @param password the password (a secret), or null
   * @param trustStore extra CAs trusted besides the JVM's (private CA), or null
   * @param timeout connect and read timeout: a slow or absent server costs a query at most this (then the cache is
   *     skipped for a while)
   */
  public record Redis(String host, int port, int database, boolean tls, String user, Secret password,
      TrustStore trustStore, Duration timeout) {
    /** {@code redis[s]://host:port/db}: never the password. */
    public String address() {
      return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
      return "Redis[" + address() + (user == null ? "" : ", user=" + user) + (password == null ? ""
          : ", password=****") + "]";
    }
  }
}
