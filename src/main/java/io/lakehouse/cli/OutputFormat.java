package io.lakehouse.cli;

import java.util.Locale;

/** How result rows are printed. */
enum OutputFormat {
  /** Aligned columns with a header, for people. */
  TABLE,
  /** Comma-separated values with a header line, quoted as RFC 4180 says. */
  CSV,
  /** Tab-separated values with a header line, quoted like CSV. */
  TSV,
  /** JSON Lines: one JSON object per row, keyed by column label. */
  JSON;

  static OutputFormat parse(String text) throws ShellOptions.UsageException {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ShellOptions.UsageException("unknown format '" + text + "': use table, csv, tsv or json");
    }
  }
}
