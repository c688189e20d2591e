package io.lakehouse.security;

import java.sql.SQLException;

/**
 * Lets an application choose the principal of each new connection, e.g. the tenant of the current request, so
 * the person typing SQL never chooses it. Set on {@code LakehouseDataSource.setPrincipalResolver}; when set, the
 * {@code user} and {@code password} properties are not used to authenticate.
 *
 * <pre>{@code
 * dataSource.setPrincipalResolver(() -> Principal.named(RequestContext.current().userId()));
 * }</pre>
 *
 * <p>The principal is fixed for the connection's life: a pool shared across tenants must not hand one tenant's
 * connection to another (keep a pool per tenant, or open a connection per request).
 */
@FunctionalInterface
public interface PrincipalResolver {
  /**
   * The principal for the connection being opened.
   *
   * @throws SQLException to refuse the connection (reported to the caller as is)
   */
  Principal resolve() throws SQLException;
}
