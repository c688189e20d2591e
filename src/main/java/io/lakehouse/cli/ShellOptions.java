package io.lakehouse.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell's command line, parsed once.
 *
 * @param catalog the catalog file or lakehouse directory (null only with --help / --version)
 * @param sources what to run, in command-line order: {@code -e} statements and {@code -f} files; empty = stdin or,
 *     on a terminal, the interactive prompt
 * @param format how results are printed
 * @param nullValue how NULL is printed (null: the format's own: NULL in a table, empty in CSV / TSV)
 * @param maxWidth the most characters a table cell shows (0: no limit); longer values end in a marker
 * @param header whether CSV / TSV output starts with a header line
 * @param verbose stack traces with errors
 * @param properties connection properties (user, password, threads, ...)
 * @param help --help was given
 * @param version --version was given
 */
record ShellOptions(Path catalog, List<Source> sources, OutputFormat format, String nullValue, int maxWidth,
    boolean header, boolean verbose, Map<String, String> properties, boolean help, boolean version) {

  /** Something to run: SQL text given with -e, or a file given with -f. */
  record Source(String sql, Path file) {
    String describe() {
      return file != null ? file.toString() : "-e";
    }
  }

  /** A command line the shell cannot run; the message is printed with the usage hint, exit status 2. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  static final String USAGE = """
      usage: lakehouse-shell [options] <catalog.yaml | lakehouse directory>

      Runs SQL over the catalog's Delta Lake and Iceberg tables. Without -e / -f it reads statements from standard
      input, or opens an interactive prompt when that is a terminal (history, multi-line statements ending in ';',
      Ctrl-C cancels the running query, Ctrl-D exits).

      options:
        -e, --execute SQL       run SQL (one or more statements separated by ';'); may be repeated
        -f, --file FILE         run the statements in FILE; may be repeated, runs in order with -e
        --format FORMAT         table (default), csv, tsv or json (JSON Lines: one object per row)
        --null-value TEXT       how NULL is printed (default: NULL in table, empty in csv / tsv; json: null)
        --max-width N           cut table cells after N characters, marked with '…' (default 0: full width)
        --no-header             csv / tsv without the header line
        -u, --user NAME         the principal to connect as (default: the operating-system user)
        --password PASSWORD     its password (or set LAKEHOUSE_PASSWORD)
        -p, --property KEY=VALUE  a connection property, e.g. threads=4 or time_zone=UTC; may be repeated
        --verbose               stack traces with errors
        -h, --help              this text
        --version               the shell's, the driver's and DuckDB's versions

      exit status: 0 all statements succeeded; 1 a statement failed (the rest are not run); 2 bad command line;
      3 the catalog cannot be opened.
      """;

  static ShellOptions parse(String[] args) throws UsageException {
    Path catalog = null;
    List<Source> sources = new ArrayList<>();
    OutputFormat format = OutputFormat.TABLE;
    String nullValue = null;
    int maxWidth = 0;
    boolean header = true;
    boolean verbose = false;
    boolean help = false;
    boolean version = false;
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("user", System.getProperty("user.name", ""));
    String password = System.getenv("LAKEHOUSE_PASSWORD");
    if (password != null) {
      properties.put("password", password);
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      switch (name) {
        case "-h", "--help" -> help = true;
        case "--version" -> version = true;
        case "--verbose" -> verbose = true;
        case "--no-header" -> header = false;
        case "-e", "--execute" -> sources.add(new Source(value(args, ++i, name, inline), null));
        case "-f", "--file" -> sources.add(new Source(null, Path.of(value(args, ++i, name, inline))));
        case "--format" -> format = OutputFormat.parse(value(args, ++i, name, inline));
        case "--null-value" -> nullValue = value(args, ++i, name, inline);
        case "--max-width" -> maxWidth = nonNegative(value(args, ++i, name, inline), name);
        case "-u", "--user" -> properties.put("user", value(args, ++i, name, inline));
        case "--password" -> properties.put("password", value(args, ++i, name, inline));
        case "-p", "--property" -> {
          String kv = value(args, ++i, name, inline);
          int at = kv.indexOf('=');
          if (at <= 0) {
            throw new UsageException(name + " needs KEY=VALUE, got '" + kv + "'");
          }
          properties.put(kv.substring(0, at), kv.substring(at + 1));
        }
        default -> {
          if (arg.startsWith("-") && !arg.equals("-")) {
            throw new UsageException("unknown option " + arg);
          }
          if (catalog != null) {
            throw new UsageException("one catalog only: '" + catalog + "' and '" + arg + "'");
          }
          catalog = Path.of(arg);
        }
      }
      if (inline != null && List.of("--help", "--version", "--verbose", "--no-header").contains(name)) {
        throw new UsageException(name + " takes no value");
      }
      if (inline != null) {
        i--;  // the value was part of this argument, not the next one
      }
    }
    if (catalog == null && !help && !version) {
      throw new UsageException("no catalog given");
    }
    return new ShellOptions(catalog, List.copyOf(sources), format, nullValue, maxWidth, header, verbose,
        Map.copyOf(properties), help, version);
  }

  private static String value(String[] args, int i, String option, String inline) throws UsageException {
    if (inline != null) {
      return inline;
    }
    if (i >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  private static int nonNegative(String text, String option) throws UsageException {
    try {
      int n = Integer.parseInt(text);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(option + " needs a number >= 0, got '" + text + "'");
  }
}
