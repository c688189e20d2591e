package io.lakehouse.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The prompt on a terminal (JLine): history in {@code ~/.lakehouse_shell_history}, statements over several lines
 * until one ends with ';', Ctrl-C cancels the running statement (or clears the line being typed), Ctrl-D or
 * {@code quit} exits with status 0. Errors are reported and the prompt comes back.
 */
final class InteractiveShell {
  static final String PROMPT = "lakehouse> ";
  static final String CONTINUATION = "      ...> ";
  static final String HELP = """
      Statements end with ';' and may span lines. Ctrl-C cancels a running query, Ctrl-D or quit exits.
      Results print as --format says (table, csv, tsv, json); see lakehouse-shell --help.""";

  private InteractiveShell() {}

  static int run(ShellOptions options, java.sql.Connection connection, PrintStream out, PrintStream err,
      ProgressLine progress) throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader reader = LineReaderBuilder.builder()
          .terminal(terminal)
          .appName("lakehouse-shell")
          .parser(new StatementParser())
          .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".lakehouse_shell_history"))
          .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
          .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)  // '!' is SQL, not history expansion
          .build();
      StatementRunner runner = new StatementRunner(connection, options, out, new ErrorReport(err, options.verbose()),
          progress);
      terminal.handle(Terminal.Signal.INT, signal -> runner.cancel());
      while (true) {
        String text;
        try {
          text = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue;  // Ctrl-C while typing: a fresh prompt
        } catch (EndOfFileException e) {
          return 0;  // Ctrl-D
        }
        if (SqlScript.isCommand(text)) {
          if (text.strip().toLowerCase(java.util.Locale.ROOT).startsWith("help")) {
            out.println(HELP);
            continue;
          }
          return 0;
        }
        for (SqlScript.Statement statement : SqlScript.split(text)) {
          if (!runner.run(statement.sql())) {
            break;  // the rest of what was typed depended on it, perhaps
          }
        }
      }
    }
  }

  /** Accepts the line only when the statement is complete (ends with ';' outside quotes and comments). */
  static final class StatementParser extends DefaultParser {
    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
      if (context == ParseContext.ACCEPT_LINE && !SqlScript.isComplete(line)) {
        throw new EOFError(-1, cursor, "statement not ended with ;", ";");
      }
      return super.parse(line, cursor, context);
    }
  }
}
