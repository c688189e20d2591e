package io.lakehouse.security;

import java.util.List;

/**
 * Who a connection runs as: a name, the organisation (tenant) whose tables and credentials it uses, and its
 * roles. Returned by a {@link PrincipalResolver}; the organisation and roles must exist in the catalog.
 *
 * @param name the principal's name, recorded in the audit log
 * @param organization the organisation, or null to take it (and the roles) from the catalog's principal of this
 *     name
 * @param roles role names; ignored when {@code organization} is null
 */
public record Principal(String name, String organization, List<String> roles) {
  public Principal {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a principal needs a name");
    }
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** The catalog's principal of this name, with its organisation and roles. */
  public static Principal named(String name) {
    return new Principal(name, null, List.of());
  }
}
