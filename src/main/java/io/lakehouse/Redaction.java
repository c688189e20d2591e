package io.lakehouse;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret values this JVM's driver has resolved (storage keys, tokens, passwords), and their removal from any
 * text before it is shown, logged or thrown. Every {@link LakehouseSqlException} message passes {@link #redact}.
 */
public final class Redaction {
  private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
  private static final int MIN_REDACTED_LENGTH = 4;

  private Redaction() {}

  /** Remembers a secret value (also temporary credentials) so that messages never show it. */
  public static void register(String value) {
    if (value != null && value.length() >= MIN_REDACTED_LENGTH) {
      KNOWN.add(value);
    }
  }

  /** The text with every known secret replaced by {@code ****}. */
  public static String redact(String text) {
    if (text == null || KNOWN.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : KNOWN) {
      if (out.contains(secret)) {
        out = out.replace(secret, "****");
      }
    }
    return out;
  }
}
