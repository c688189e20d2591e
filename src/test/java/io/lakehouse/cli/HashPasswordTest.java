package io.lakehouse.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.security.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command that makes a principal's password_hash reads the password from standard input, never argv. */
class HashPasswordTest {
  @Test
  void printsAHashThatVerifies() throws Exception {
    InputStream in = System.in;
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream("s3cret pass\n".getBytes(StandardCharsets.UTF_8)));
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      HashPassword.main(new String[] {"--iterations", "2000"});
    } finally {
      System.setIn(in);
      System.setOut(out);
    }
    String hash = printed.toString(StandardCharsets.UTF_8).trim();
    assertTrue(hash.startsWith("pbkdf2-sha256:2000:"), hash);
    assertFalse(hash.contains("s3cret"));
    assertTrue(PasswordHash.verify("s3cret pass".toCharArray(), hash));
    assertFalse(PasswordHash.verify("s3cret pas".toCharArray(), hash));
  }
}
