package io.lakehouse.cli;

import io.lakehouse.SqlState;
import io.lakehouse.jdbc.NonRegisteringLakehouseDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The command-line SQL shell over a catalog file or lakehouse directory (docs/shell.md).
 *
 * <pre>
 *   lakehouse-shell [options] &lt;catalog.yaml | directory&gt;                  prompt on a terminal, else stdin
 *   lakehouse-shell [options] &lt;catalog.yaml | directory&gt; -e "SQL" -f x.sql  run statements and exit
 * </pre>
 *
 * Exit status: {@value #OK} every statement succeeded, {@value #FAILED} a statement failed, {@value #USAGE} bad
 * command line, {@value #NO_CATALOG} the catalog cannot be opened.
 */
public final class LakehouseShell {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int NO_CATALOG = 3;

  private LakehouseShell() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the shell on this process's standard streams and returns its exit status. */
  public static int run(String[] args) {
    return run(args, System.in, System.out, System.err, System.console() != null);
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
    ShellOptions options;
    try {
      options = ShellOptions.parse(args);
    } catch (ShellOptions.UsageException e) {
      err.println("lakehouse-shell: " + e.getMessage() + " (--help for usage)");
      return USAGE;
    }
    if (options.help()) {
      out.print(ShellOptions.USAGE);
      return OK;
    }
    if (options.version()) {
      out.println("lakehouse-shell " + version() + " (Java " + Runtime.version() + ")");
      return OK;
    }
    ErrorReport errors = new ErrorReport(err, options.verbose());
    try (Connection connection = connect(options); ProgressLine progress = new ProgressLine(err)) {
      if (options.sources().isEmpty() && terminal) {
        return InteractiveShell.run(options, connection, out, err, progress);
      }
      // Statements given on a terminal show the progress line too; piped or redirected runs print none.
      StatementRunner runner = new StatementRunner(connection, options, out, errors, terminal ? progress : null);
      if (options.sources().isEmpty()) {
        return runScript(runner, new String(in.readAllBytes(), StandardCharsets.UTF_8), "stdin");
      }
      for (ShellOptions.Source source : options.sources()) {
        String text = source.file() == null ? source.sql() : Files.readString(source.file());
        int status = runScript(runner, text, source.file() == null ? null : source.file().toString());
        if (status != OK) {
          return status;
        }
      }
      return OK;
    } catch (CatalogException e) {
      errors.report(e.getCause());
      return NO_CATALOG;
    } catch (IOException e) {
      errors.report(new SQLException("cannot read " + e.getMessage(), SqlState.GENERAL.code(), e));
      return FAILED;
    } catch (SQLException e) {
      errors.report(e);  // closing the connection failed: the statements ran
      return FAILED;
    }
  }

  /** Runs a script's statements in order and stops at the first that fails. */
  private static int runScript(StatementRunner runner, String text, String name) {
    for (SqlScript.Statement statement : SqlScript.split(text)) {
      String where = name == null ? null : name + ", the statement at line " + statement.line();
      if (!runner.run(statement.sql(), where)) {
        return FAILED;
      }
    }
    return OK;
  }

  /** Opens the catalog; a missing or unreadable catalog or a refused connection is a {@link CatalogException}. */
  private static Connection connect(ShellOptions options) throws CatalogException {
    Path catalog = options.catalog().toAbsolutePath().normalize();
    if (!Files.exists(catalog)) {
      throw new CatalogException(new SQLException("catalog not found: " + catalog + " (give a catalog file or a "
          + "lakehouse directory)", SqlState.CONNECTION_FAILED.code()));
    }
    if (!Files.isReadable(catalog)) {
      throw new CatalogException(new SQLException("catalog not readable: " + catalog,
          SqlState.CONNECTION_FAILED.code()));
    }
    Properties properties = new Properties();
    properties.putAll(options.properties());
    try {
      Connection connection = new NonRegisteringLakehouseDriver().connect("jdbc:lakehouse:" + catalog, properties);
      if (connection == null) {
        throw new SQLException("not a lakehouse URL: jdbc:lakehouse:" + catalog, SqlState.CONNECTION_FAILED.code());
      }
      return connection;
    } catch (SQLException e) {
      throw new CatalogException(e);
    }
  }

  static String version() {
    String v = LakehouseShell.class.getPackage().getImplementationVersion();
    NonRegisteringLakehouseDriver driver = new NonRegisteringLakehouseDriver();
    return v != null ? v : driver.getMajorVersion() + "." + driver.getMinorVersion();
  }

  /** The catalog could not be opened (exit status {@value #NO_CATALOG}). */
  private static final class CatalogException extends Exception {
    CatalogException(SQLException cause) {
      super(cause);
    }
  }
}
