package io.lakehouse.cli;

import io.lakehouse.security.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Prints the {@code password_hash} of a catalog principal: reads the password from the terminal without echo (or
 * one line of standard input when piped; never from the command line, which other users can see) and prints
 * {@code pbkdf2-sha256:<iterations>:<salt>:<hash>}. {@code --iterations N} overrides the default work factor.
 */
public final class HashPassword {
  private HashPassword() {}

  public static void main(String[] args) throws Exception {
    int iterations = PasswordHash.DEFAULT_ITERATIONS;
    if (args.length == 2 && args[0].equals("--iterations")) {
      iterations = Integer.parseInt(args[1]);
    } else if (args.length != 0) {
      System.err.println("usage: HashPassword [--iterations N]   (password from the terminal or standard input)");
      System.exit(2);
    }
    char[] password;
    Console console = System.console();
    if (console != null) {
      password = console.readPassword("Password: ");
    } else {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      password = line == null ? null : line.toCharArray();
    }
    if (password == null || password.length == 0) {
      System.err.println("HashPassword: no password given");
      System.exit(2);
    }
    System.out.println(PasswordHash.create(password, iterations));
    Arrays.fill(password, '\0');
  }
}
