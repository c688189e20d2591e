package io.lakehouse.config;

import io.lakehouse.SqlState;
import io.lakehouse.LakehouseSqlException;
import io.lakehouse.Redaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Function;

/**
 * Secret values from the catalog: literal, {@code ${env:NAME}}, {@code ${file:/path}} or encrypted
 * ({@code enc:v1:...}, see {@link SecretCipher}). Every resolved secret is
 * remembered so that {@link Redaction#redact} can remove it from any message before it is shown, logged or thrown.
 */
public final class Secrets {
  private final Function<String, String> environment;

  public Secrets(Function<String, String> environment) {
    this.environment = environment;
  }

  /** Reads the process environment. */
  public static Secrets fromEnvironment() {
    return new Secrets(System::getenv);
  }

  /**
   * Resolves a secret reference and registers the value for redaction.
   *
   * @param where the key path, for messages (never the value)
   */
  public String resolve(String text, String where) throws SQLException {
    String value;
    if (text.startsWith("${env:") && text.endsWith("}")) {
      String name = text.substring(6, text.length() - 1);
      value = environment.apply(name);
      if (value == null) {
        throw new LakehouseSqlException(where + ": environment variable " + name + " is not set",
            SqlState.CONNECTION_FAILED);
      }
    } else if (text.startsWith("${file:") && text.endsWith("}")) {
      Path file = Path.of(text.substring(7, text.length() - 1));
      try {
        value = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new LakehouseSqlException(where + ": cannot read secret file " + file,
            SqlState.CONNECTION_FAILED);
      }
    } else if (text.startsWith(SecretCipher.PREFIX)) {
      try {
        value = SecretCipher.decrypt(text, SecretCipher.key(environment));
      } catch (java.security.GeneralSecurityException | IOException | IllegalArgumentException e) {
        // Never the value, nor the key: only which setting failed and why.
        throw new LakehouseSqlException(where + ": cannot decrypt the enc: value (" + e.getMessage() + ")",
            SqlState.CONNECTION_FAILED);
      }
    } else {
      value = text;
    }
    Redaction.register(value);
    return value;
  }

  /** For tests: a Secrets over a fixed environment. */
  static Secrets of(Map<String, String> env) {
    return new Secrets(env::get);
  }
}
