package io.lakehouse.storage;

import io.lakehouse.SqlState;
import io.lakehouse.LakehouseSqlException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;

/**
 * Finds a storage failure in an exception's cause chain (the format libraries wrap ours) and turns it into an
 * SQLException: 42501 outside the catalog's locations, 28000 access denied by the store, 08006 missing object or
 * unreachable store.
 */
public final class StorageErrors {
  private StorageErrors() {}

  /** The SQLException for the storage failure inside {@code e}, or null when there is none. */
  public static SQLException find(Throwable e, String table) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutsideCatalogException o) {
        return new LakehouseSqlException("Table '" + table + "' " + o.getMessage(),
            SqlState.ACCESS_DENIED, e);
      }
      if (t instanceof AccessDeniedException a) {
        return new LakehouseSqlException("Access denied reading table '" + table + "': " + a.getReason(), SqlState.AUTHENTICATION,
            e);
      }
      if (t instanceof FileNotFoundException || t instanceof NoSuchFileException) {
        return new LakehouseSqlException("Cannot read table '" + table + "': " + t.getMessage(),
            SqlState.STORAGE_FAILURE, e);
      }
      if (t instanceof IOException) {
        return new LakehouseSqlException("Cannot read table '" + table + "': " + t.getMessage(),
            SqlState.STORAGE_FAILURE, e);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
