package io.lakehouse.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import sqlline.SqlLine;

/**
 * The command-line SQL shell: sqlline connected to a lakehouse catalog.
 *
 * <pre>
 *   lakehouse-shell &lt;catalog.yaml | directory&gt;                 interactive
 *   lakehouse-shell &lt;catalog.yaml | directory&gt; -e "SELECT ..."  run statements and exit
 * </pre>
 */
public final class LakehouseShell {
  private LakehouseShell() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(args));
  }

  /** Runs the shell and returns its exit status (0 = every statement succeeded). */
  public static int run(String[] args) throws IOException {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      System.err.println("usage: lakehouse-shell <catalog.yaml | lakehouse directory> [-e \"SQL\" ...]");
      return args.length == 0 ? 2 : 0;
    }
    List<String> sqlline = new ArrayList<>(List.of(
        "-u", "jdbc:lakehouse:" + args[0],
        "-d", "io.lakehouse.jdbc.LakehouseDriver",
        "-n", System.getProperty("user.name", ""),
        "-p", "",
        "--showWarnings=false",
        "--maxWidth=160",
        "--incremental=false"));
    List<String> statements = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("-e") && i + 1 < args.length) {
        statements.add(args[++i]);
      } else {
        sqlline.add(args[i]);
      }
    }
    if (!statements.isEmpty()) {
      // sqlline runs one -e; several statements are separated the way sqlline splits its input.
      sqlline.add("-e");
      sqlline.add(String.join(";\n", statements.stream().map(s -> s.strip().replaceAll(";+$", "")).toList()));
      sqlline.add("--silent=true");
    }
    // SqlLine.start would System.exit; begin returns the status.
    SqlLine.Status status = new SqlLine().begin(sqlline.toArray(String[]::new), null, true);
    return status == SqlLine.Status.OK ? 0 : 1;
  }
}
