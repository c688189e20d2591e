package io.lakehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/troubleshooting.md explains every SQLState the driver raises, and only those. */
class TroubleshootingDocTest {
  private static final Pattern SECTION = Pattern.compile("^### ([0-9A-Z]{5}) ([A-Z_]+)$", Pattern.MULTILINE);
  private static final Pattern TABLE_ROW = Pattern.compile("^\\| ([0-9A-Z]{5}) \\| `([A-Z_]+)` \\|",
      Pattern.MULTILINE);

  private static String doc() throws Exception {
    Path file = Path.of(System.getProperty("basedir", ".")).resolve("docs/troubleshooting.md");
    assertTrue(Files.isRegularFile(file), file + " not found (run from the project directory)");
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static List<String> matches(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1) + " " + m.group(2));
    }
    return out;
  }

  @Test
  void everySqlStateHasASectionAndARowAndNothingElseDoes() throws Exception {
    String doc = doc();
    List<String> expected = new ArrayList<>();
    for (SqlState s : SqlState.values()) {
      expected.add(s.code() + " " + s.name());
    }
    List<String> sections = matches(SECTION, doc);
    List<String> rows = matches(TABLE_ROW, doc);
    assertEquals(expected.stream().sorted().toList(), sections.stream().sorted().toList(),
        "docs/troubleshooting.md: one '### <code> <CONSTANT>' section per io.lakehouse.SqlState constant");
    assertEquals(expected.stream().sorted().toList(), rows.stream().sorted().toList(),
        "docs/troubleshooting.md: one row per io.lakehouse.SqlState constant in the overview table");
  }

  /** Each section says what to do or what it means in more than a heading. */
  @Test
  void everySectionHasText() throws Exception {
    String doc = doc();
    Matcher m = SECTION.matcher(doc);
    while (m.find()) {
      int next = doc.indexOf("\n#", m.end());
      String body = doc.substring(m.end(), next < 0 ? doc.length() : next).trim();
      assertTrue(body.length() > 40, m.group() + " has no explanation");
    }
  }
}
