package io.lakehouse.config;

/**
 * A resolved secret (key, token, password) from the catalog. {@link Secrets#resolve} has registered it for
 * redaction; {@link #toString} never shows it, so records holding secrets may be printed.
 */
public record Secret(String value) {
  @Override
  public String toString() {
    return "****";
  }
}
