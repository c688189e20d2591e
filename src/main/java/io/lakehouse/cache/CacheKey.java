package io.lakehouse.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What identifies a result: every input that can change it, as named parts, hashed with SHA-256. Each part is
 * length-prefixed, so no two different part lists give the same bytes. The parts themselves are never stored (they
 * may hold parameter values): only the digest is a key.
 */
public final class CacheKey {
  /** Bumped when the entry format or the key's parts change: old entries are then simply never found. */
  static final String FORMAT = "lakehouse-result-cache/1";

  private final String digest;

  private CacheKey(String digest) {
    this.digest = digest;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The hex SHA-256 of the parts. */
  public String digest() {
    return digest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheKey k && k.digest.equals(digest);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return digest.substring(0, 16);
  }

  /** Collects the parts in order. */
  public static final class Builder {
    private final MessageDigest sha;

    private Builder() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      add("format", FORMAT);
    }

    /** Adds a named part (null is a value of its own, distinct from "null"). */
    public Builder add(String name, String value) {
      part(name);
      if (value == null) {
        sha.update((byte) 0);
      } else {
        sha.update((byte) 1);
        part(value);
      }
      return this;
    }

    public Builder add(String name, long value) {
      return add(name, Long.toString(value));
    }

    private void part(String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
      sha.update(bytes);
    }

    public CacheKey build() {
      return new CacheKey(HexFormat.of().formatHex(sha.digest()));
    }
  }
}
