package io.lakehouse.storage;

import java.io.IOException;

/**
 * A read outside the catalog's locations (its tables' roots and scan roots), refused: table metadata named a file
 * the catalog does not grant. Reported as SQLState 42501.
 */
public final class OutsideCatalogException extends IOException {
  public OutsideCatalogException(String location) {
    super("names a file outside the catalog's locations (" + location + "); it is not read. If that location "
        + "belongs to the table, add it to the catalog's scan_roots");
  }
}
