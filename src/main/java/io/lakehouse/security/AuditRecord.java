package io.lakehouse.security;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.lakehouse.Redaction;
import io.lakehouse.config.Secrets;
import io.lakehouse.table.TableRead;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One statement execution, as captured on the query thread (cheap: no formatting there). The writer thread turns
 * it into one JSON line: literals masked if configured, every text field through {@link Secrets#redact}.
 */
record AuditRecord(Instant time, String principal, String organization, String connectionId, long statementId,
    String statement, boolean maskLiterals, AuditOutcome outcome, String sqlState, String error,
    List<TableRead> tables, boolean explain, long rowsReturned, long durationNanos, long executeNanos,
    boolean cacheHit) {

  /** A connection attempt (authentication and scoping), successful or not: {@code "event": "connect"}. */
  static AuditRecord connect(String principal, String organization, String connectionId, SQLException failure) {
    return new AuditRecord(Instant.now(), principal, organization, connectionId, 0, null, false,
        failure == null ? AuditOutcome.OK : AuditOutcome.of(failure), failure == null ? null : failure.getSQLState(),
        failure == null ? null : failure.getMessage(), List.of(), false, -1, 0, -1, false);
  }

  boolean isConnect() {
    return statementId == 0 && statement == null && rowsReturned < 0;
  }

  private static final JsonFactory JSON = new JsonFactory();

  /** The JSON line; {@code droppedBefore} records lost since the previously written one (0: field omitted). */
  String toJson(long droppedBefore) {
    StringWriter text = new StringWriter(256 + (statement == null ? 0 : statement.length()));
    try (JsonGenerator g = JSON.createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
      if (isConnect()) {
        g.writeStringField("event", "connect");
        g.writeStringField("principal", Redaction.redact(principal));
        g.writeStringField("organization", Redaction.redact(organization));
        g.writeStringField("connection_id", connectionId);
        g.writeStringField("outcome", outcome.json());
        g.writeStringField("sqlstate", sqlState);
        g.writeStringField("error", Redaction.redact(error));
        if (droppedBefore > 0) {
          g.writeNumberField("dropped_before", droppedBefore);
        }
        g.writeEndObject();
        g.flush();
        return text.toString();
      }
      g.writeStringField("principal", Redaction.redact(principal));
      g.writeStringField("organization", Redaction.redact(organization));
      g.writeStringField("connection_id", connectionId);
      g.writeNumberField("statement_id", statementId);
      String sql = statement == null ? null : maskLiterals ? LiteralMasker.mask(statement) : statement;
      g.writeStringField("statement", Redaction.redact(sql));
      g.writeStringField("outcome", outcome.json());
      g.writeStringField("sqlstate", sqlState);
      g.writeStringField("error", Redaction.redact(error));
      g.writeArrayFieldStart("tables");
      long files = 0;
      long bytes = 0;
      for (TableRead t : tables) {
        g.writeStartObject();
        g.writeStringField("name", Redaction.redact(t.name()));
        g.writeStringField("format", t.format().name());
        g.writeNumberField(t.format().versionField(), t.version());
        g.writeNumberField("files", t.files());
        g.writeNumberField("bytes", t.bytes());
        g.writeEndObject();
        files += t.files();
        bytes += t.bytes();
      }
      g.writeEndArray();
      // EXPLAIN plans the files but reads none of them.
      g.writeNumberField("files_scanned", explain ? 0 : files);
      g.writeNumberField("bytes_scanned", explain ? 0 : bytes);
      g.writeNumberField("rows_returned", rowsReturned);
      g.writeNumberField("duration_ms", millis(durationNanos));
      if (executeNanos >= 0) {
        g.writeNumberField("execute_ms", millis(executeNanos));
      }
      if (cacheHit) {
        // Served from the result cache: the tables' versions are listed, no file was read.
        g.writeBooleanField("cache_hit", true);
      }
      if (droppedBefore > 0) {
        g.writeNumberField("dropped_before", droppedBefore);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);  // a StringWriter does not fail
    }
    return text.toString();
  }

  /** The line written when records were lost and no later record will carry the count (writer shutdown). */
  static String lostLine(Instant time, long dropped) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
      g.writeStringField("event", "records_lost");
      g.writeNumberField("dropped_before", dropped);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static BigDecimal millis(long nanos) {
    return BigDecimal.valueOf(nanos).movePointLeft(6).setScale(3, RoundingMode.HALF_UP);
  }
}
