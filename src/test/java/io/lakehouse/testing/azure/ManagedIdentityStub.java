package io.lakehouse.testing.azure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback stand-in for the App Service / Azure Functions managed-identity endpoint ({@code IDENTITY_ENDPOINT} +
 * {@code IDENTITY_HEADER}, api-version 2019-08-01), speaking its real protocol to the real azure-identity / MSAL4J
 * clients: {@code GET <endpoint>?api-version=2019-08-01&resource=<resource>[&client_id=...]} with the secret in the
 * {@code X-IDENTITY-HEADER} header; answers {@code {"access_token", "expires_on" (epoch seconds, as a string),
 * "resource", "token_type": "Bearer", "client_id"}}. The access tokens are minted by an {@link EntraIdStub} (so
 * Azurite in oauth mode accepts them). A missing or wrong header gets 401, a missing resource or another api-version
 * 400, as App Service answers.
 *
 * <p><b>How the client finds it.</b> azure-identity 1.18 delegates managed identity to MSAL4J's
 * {@code ManagedIdentityApplication}, which reads {@code IDENTITY_ENDPOINT} / {@code IDENTITY_HEADER} /
 * {@code MSI_ENDPOINT} from the process environment ({@code System.getenv}) -- not from azure-core's
 * {@code Configuration} and not from system properties. The only in-JVM way to point it here is MSAL4J's own
 * test seam, the package-private static {@code ManagedIdentityApplication.environmentVariables}
 * ({@code IEnvironmentVariables}); {@link #installEnvironment()} sets it (by reflection) to a view of the real
 * environment plus this endpoint, and {@link #close()} restores the previous value. {@link #environmentSeamAvailable()}
 * tells whether the MSAL4J on the class path still has that seam.
 */
public final class ManagedIdentityStub implements AutoCloseable {
  public static final String API_VERSION = "2019-08-01";
  private static final String MSAL_APP = "com.microsoft.aad.msal4j.ManagedIdentityApplication";
  private static final String MSAL_ENV = "com.microsoft.aad.msal4j.IEnvironmentVariables";

  /** One request as received: query parameters and the identity header. */
  public record Request(String method, String path, Map<String, String> query, String identityHeader) { }

  private final HttpServer server;
  private final ExecutorService executor;
  private final EntraIdStub minter;
  private final String tenant;
  private final String principalId;
  private final String secret;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private boolean installed;
  private Object previousEnvironment;

  private ManagedIdentityStub(HttpServer server, ExecutorService executor, EntraIdStub minter, String tenant,
                              String principalId, String secret) {
    this.server = server;
    this.executor = executor;
    this.minter = minter;
    this.tenant = tenant;
    this.principalId = principalId;
    this.secret = secret;
  }

  /**
   * Starts on 127.0.0.1 (plain HTTP, as the App Service endpoint is) handing out tokens of {@code minter} for the
   * identity {@code principalId} of {@code tenant}.
   */
  public static ManagedIdentityStub start(EntraIdStub minter, String tenant, String principalId) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "managed-identity-stub");
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(executor);
      byte[] b = new byte[16];
      new SecureRandom().nextBytes(b);
      StringBuilder secret = new StringBuilder();
      for (byte x : b) {
        secret.append(String.format("%02x", x));
      }
      ManagedIdentityStub stub = new ManagedIdentityStub(server, executor, minter, tenant, principalId,
          secret.toString());
      server.createContext("/msi/token", stub::handle);
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the managed-identity stub: " + e.getMessage(), e);
    }
  }

  /** {@code http://127.0.0.1:PORT/msi/token}: the value of {@code IDENTITY_ENDPOINT}. */
  public String endpoint() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/msi/token"; }

  /** The value of {@code IDENTITY_HEADER}. */
  public String secret() { return secret; }

  public List<Request> requests() { return List.copyOf(requests); }

  /** Whether MSAL4J's environment seam ({@code ManagedIdentityApplication.environmentVariables}) exists. */
  public static boolean environmentSeamAvailable() {
    try {
      Class.forName(MSAL_APP).getDeclaredField("environmentVariables");
      Class.forName(MSAL_ENV);
      return true;
    } catch (ReflectiveOperationException | LinkageError e) {
      return false;
    }
  }

  /**
   * Makes MSAL4J (hence azure-identity's ManagedIdentityCredential) see {@code IDENTITY_ENDPOINT} and
   * {@code IDENTITY_HEADER} of this stub, everything else from the real environment (minus {@code MSI_*},
   * {@code IDENTITY_SERVER_THUMBPRINT} and {@code IMDS_ENDPOINT}, which would select another source) until
   * {@link #close()}.
   */
  public synchronized ManagedIdentityStub installEnvironment() {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("IDENTITY_ENDPOINT", endpoint());
    overrides.put("IDENTITY_HEADER", secret);
    List<String> hidden = List.of("MSI_ENDPOINT", "MSI_SECRET", "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT");
    try {
      Class<?> envType = Class.forName(MSAL_ENV);
      Object env = Proxy.newProxyInstance(envType.getClassLoader(), new Class<?>[] {envType}, (p, m, args) -> {
        if (m.getName().equals("getEnvironmentVariable") && args != null && args.length == 1) {
          String name = (String) args[0];
          return overrides.containsKey(name) ? overrides.get(name) : hidden.contains(name) ? null
              : System.getenv(name);
        }
        return switch (m.getName()) {
          case "toString" -> "ManagedIdentityStub environment " + overrides;
          case "hashCode" -> System.identityHashCode(p);
          case "equals" -> p == args[0];
          default -> throw new UnsupportedOperationException(m.toString());
        };
      });
      Field f = seam();
      if (!installed) {
        previousEnvironment = f.get(null);
      }
      f.set(null, env);
      installed = true;
      return this;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("MSAL4J's ManagedIdentityApplication.environmentVariables seam is not usable "
          + "here: " + e, e);
    }
  }

  private static Field seam() throws ReflectiveOperationException {
    Field f = Class.forName(MSAL_APP).getDeclaredField("environmentVariables");
    f.setAccessible(true);
    return f;
  }

  @Override
  public synchronized void close() {
    try {
      if (installed) {
        seam().set(null, previousEnvironment);
        installed = false;
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    } finally {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Map<String, String> q = EntraIdStub.parseForm(ex.getRequestURI().getRawQuery());
      String header = ex.getRequestHeaders().getFirst("X-IDENTITY-HEADER");
      requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), q, header));
      if (!ex.getRequestMethod().equals("GET")) {
        error(ex, 405, "Method not allowed");
      } else if (header == null || !header.equals(secret)) {
        error(ex, 401, "The request is missing or has an invalid X-IDENTITY-HEADER");
      } else if (!API_VERSION.equals(q.get("api-version"))) {
        error(ex, 400, "Unsupported api-version " + q.get("api-version"));
      } else if (q.get("resource") == null || q.get("resource").isEmpty()) {
        error(ex, 400, "Required query parameter 'resource' is missing");
      } else {
        String resource = q.get("resource");
        String clientId = q.getOrDefault("client_id", principalId);
        long expiresOn = System.currentTimeMillis() / 1000 + minter.tokenLifetimeSeconds();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", minter.mintAccessToken(tenant, clientId, resource));
        m.put("expires_on", Long.toString(expiresOn));
        m.put("resource", resource);
        m.put("token_type", "Bearer");
        m.put("client_id", clientId);
        send(ex, 200, m);
      }
    } catch (RuntimeException e) {
      error(ex, 500, "stub failure: " + e);
    }
  }

  private static void error(HttpExchange ex, int status, String message) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("statusCode", status);
    m.put("message", message);
    send(ex, status, m);
  }

  private static void send(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
    byte[] bytes = EntraIdStub.toJson(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(bytes);
    }
  }
}
