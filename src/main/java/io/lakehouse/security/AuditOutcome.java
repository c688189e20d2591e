package io.lakehouse.security;

import io.lakehouse.SqlState;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/** How a statement execution ended. */
enum AuditOutcome {
  OK, DENIED, ERROR, CANCELLED, TIMEOUT;

  String json() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * A failure's outcome. Denied: the driver refused the statement before reading data for it: access rules and
   * syntax (SQLState class 42, e.g. 42501 policy, 42000 syntax, 42S02 unknown table), authorization (28), not a
   * read (25006), unsupported (0A000). Cancelled: HY008. Timeout: the query timeout. Anything else is an error.
   */
  static AuditOutcome of(Throwable e) {
    if (e instanceof SQLTimeoutException) {
      return TIMEOUT;
    }
    if (!(e instanceof SQLException s) || s.getSQLState() == null) {
      return ERROR;
    }
    if (SqlState.CANCELLED.is(s)) {
      return CANCELLED;
    }
    String state = s.getSQLState();
    if (state.startsWith("42") || state.startsWith("28") || SqlState.READ_ONLY.is(s) || SqlState.NOT_SUPPORTED.is(s)) {
      return DENIED;
    }
    return ERROR;
  }
}
