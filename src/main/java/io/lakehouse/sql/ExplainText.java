package io.lakehouse.sql;

import io.lakehouse.table.ScanPlan;
import io.lakehouse.table.TableSnapshot;
import io.lakehouse.table.TimeTravel;
import java.util.List;

/** The driver's part of EXPLAIN: per table reference, the snapshot read and the planned files. */
final class ExplainText {
  private static final int EXPLAIN_FILES_SHOWN = 20;

  private ExplainText() {}

  /** Lines about one table reference: the snapshot it pinned and the files it plans (unless a grant restricts it). */
  static void table(TableReference ref, TimeTravel at, TableSnapshot snapshot, ScanPlan plan, List<String> out) {
    long bytes = plan.files().stream().mapToLong(f -> f.sizeBytes()).sum();
    long withDeletes = plan.files().stream().filter(f -> f.hasDeletes()).count();
    out.add("Table " + ref.displayName + " (" + snapshot.format().name() + ", " + at + "): "
        + snapshot.format().versionNoun() + " " + snapshot.version() + " committed "
        + snapshot.committedAt() + "; " + plan.files().size() + " files, " + bytes + " bytes, " + withDeletes
        + " with deletes; planned in " + (plan.planningNanos() / 1_000_000) + " ms");
    if (ref.restriction != null) {
      // File names and partition values could show values of rows or columns the grant hides.
      out.add("  (files not listed: the principal's grant restricts this table)");
      return;
    }
    int shown = 0;
    for (var f : plan.files()) {
      if (shown++ == EXPLAIN_FILES_SHOWN) {
        out.add("  ... " + (plan.files().size() - EXPLAIN_FILES_SHOWN) + " more files");
        break;
      }
      out.add("  " + f.location() + " (" + f.sizeBytes() + " bytes"
          + (f.constants().isEmpty() ? "" : ", partition " + f.constants())
          + (f.hasDeletes() ? ", with deletes" : "") + ")");
    }
  }

  /** Whether table metadata answered the query (and from how many files' statistics), or why not. */
  static void metadata(MetadataAnswers.Answer answer, List<String> out) {
    if (answer == null) {
      return;
    }
    out.add(answer.answered()
        ? "  answered from metadata: " + answer.files() + " files' statistics (no data file read)"
        : "  not answered from metadata: " + answer.fallback() + "; scanned");
  }
}
