package io.lakehouse.cache;

import io.lakehouse.config.ResultCacheSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Entries in Redis, shared by every JVM that uses the same server and key prefix; each expires after the TTL. A
 * failed or slow call (bounded by the configured timeout) is counted and the cache is skipped for
 * {@link #RETRY_AFTER}: queries then run uncached, and the cache is used again once Redis answers.
 */
final class RedisResultCache extends ResultCache {
  /** How long the cache is skipped after a failed call, so a dead server does not cost every query a timeout. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final ResultCacheSettings.Redis redis;
  private final JedisPooled client;
  private final String prefix;
  private final long ttlMillis;
  private volatile long skipUntilNanos;

  RedisResultCache(ResultCacheSettings settings) throws java.sql.SQLException {
    super(settings.maxEntryBytes());
    this.redis = settings.redis();
    this.prefix = settings.keyPrefix();
    this.ttlMillis = settings.ttl().toMillis();
    int timeout = (int) redis.timeout().toMillis();
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(timeout).socketTimeoutMillis(timeout).database(redis.database())
        .clientName("lakehouse-jdbc");
    if (redis.user() != null) {
      config.user(redis.user());
    }
    if (redis.password() != null) {
      config.password(redis.password().value());
    }
    if (redis.tls()) {
      SSLParameters params = new SSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      config.ssl(true).sslParameters(params).sslSocketFactory(RedisTls.socketFactory(redis.trustStore()));
    }
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(16);
    pool.setMaxIdle(16);
    pool.setMinIdle(0);
    pool.setMaxWait(redis.timeout());
    pool.setJmxEnabled(false);
    this.client = new JedisPooled(new HostAndPort(redis.host(), redis.port()), config.build(), pool);
  }

  @Override
  public String describe() {
    return redis.address();
  }

  @Override
  Optional<byte[]> load(String digest) {
    if (skipping()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(client.get(key(digest)));
    } catch (JedisException | IllegalStateException e) {
      failed();
      return Optional.empty();
    }
  }

  @Override
  boolean store(String digest, byte[] value) {
    if (skipping()) {
      return false;
    }
    try {
      client.set(key(digest), value, SetParams.setParams().px(ttlMillis));
      return true;
    } catch (JedisException | IllegalStateException e) {
      failed();
      return false;
    }
  }

  /** Whether Redis answered a PING just now (for tests and diagnostics); never throws. */
  boolean ping() {
    try {
      return "PONG".equals(client.ping());
    } catch (JedisException | IllegalStateException e) {
      return false;
    }
  }

  private boolean skipping() {
    return System.nanoTime() - skipUntilNanos < 0;
  }

  private void failed() {
    counters.error();
    skipUntilNanos = System.nanoTime() + RETRY_AFTER.toNanos();
  }

  private byte[] key(String digest) {
    return (prefix + digest).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  long entries() {
    return -1;
  }

  @Override
  long bytes() {
    return -1;
  }

  @Override
  public void close() {
    client.close();
  }
}
