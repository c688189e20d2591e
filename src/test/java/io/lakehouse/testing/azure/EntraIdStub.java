package io.lakehouse.testing.azure;

import io.lakehouse.testing.TestFiles;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback stand-in for the Microsoft identity platform (Azure AD / Entra ID), speaking the real protocol to the real
 * azure-identity / MSAL4J clients, for tests only: Azure AD itself cannot run here.
 *
 * <p>Served over HTTPS (MSAL refuses non-https authorities) with a self-signed certificate made by keytool for
 * {@code 127.0.0.1}, {@code localhost} and {@code login.microsoftonline.com} (the last one because MSAL sends
 * <em>instance discovery</em> for an authority it does not know to {@code https://login.microsoftonline.com:<the
 * authority's port>/common/discovery/instance}; a test routes that name here with {@link LoopbackConnectProxy}).
 * Clients trust it through {@link #certificate()} (e.g. a trust store built by the test).
 *
 * <p>Endpoints, as Azure AD serves them (paths and JSON shapes from the v2.0 endpoints):
 * <ul>
 *   <li>{@code GET /common/discovery/instance?api-version=1.1&authorization_endpoint=...}: instance discovery; the
 *       metadata names the requesting host as its own preferred network/cache, so MSAL keeps using this server;</li>
 *   <li>{@code GET /<tenant>/v2.0/.well-known/openid-configuration} (and the v1 {@code /<tenant>/.well-known/...}):
 *       tenant discovery (OpenID Connect metadata) with this server's endpoints;</li>
 *   <li>{@code POST /<tenant>/oauth2/v2.0/token}: {@code grant_type=client_credentials} with either
 *       {@code client_secret} or a {@code client_assertion} (jwt-bearer; what workload identity sends). A known app with
 *       the right secret / assertion gets a bearer token; a wrong one gets Azure AD's {@code 401 invalid_client}
 *       (AADSTS7000215 / AADSTS700213); an unknown tenant {@code 400 invalid_request} (AADSTS90002); an unknown client
 *       {@code 400 unauthorized_client} (AADSTS700016).</li>
 * </ul>
 *
 * <p>The access token is a JWT (HS256 with a random per-stub key: nobody can verify it, and Azurite in
 * {@code --oauth basic} mode does not check signatures) with what Azurite does check: {@code iss}
 * {@code https://sts.windows.net/<tenant>/}, {@code aud} the requested resource (scope minus {@code /.default}, e.g.
 * {@code https://storage.azure.com}), and {@code iat}/{@code nbf}/{@code exp}.
 *
 * <p>Every request is {@linkplain #requests() recorded} (method, host header, path, query, form parameters) so a test
 * can assert what the client sent, e.g. its client id, secret and scope.
 */
public final class EntraIdStub implements AutoCloseable {

  /** The Azure AD instance discovery host MSAL4J asks about unknown authorities. */
  public static final String DISCOVERY_HOST = "login.microsoftonline.com";
  public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** One HTTP request as the stub received it. {@code form} holds the decoded x-www-form-urlencoded body of a POST. */
  public record Request(String method, String host, String path, String query, Map<String, String> form) {
    public boolean isToken() { return method.equals("POST") && path.endsWith("/oauth2/v2.0/token"); }

    /** Without the values of credential parameters ({@code client_secret}, {@code client_assertion}). */
    @Override
    public String toString() {
      Map<String, String> shown = new LinkedHashMap<>(form);
      shown.replaceAll((k, v) -> k.equals("client_secret") || k.equals("client_assertion") ? "****" : v);
      return method + " https://" + host + path + (query == null ? "" : "?" + query) + (shown.isEmpty() ? ""
          : " " + shown);
    }
  }

  /**
   * A registered application: a client secret, or the federated token it accepts as client assertion, or a
   * certificate whose key must sign the client assertion (private_key_jwt), or a combination.
   */
  private record App(String tenant, String clientId, String secret, String federatedToken,
                     X509Certificate certificate) { }

  private final HttpsServer server;
  private final ExecutorService executor;
  private final Path tlsDir;
  private final X509Certificate certificate;
  private final byte[] signingKey = new byte[32];
  private final Map<String, App> apps = new ConcurrentHashMap<>();
  private final Set<String> tenants = ConcurrentHashMap.newKeySet();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile long tokenLifetimeSeconds = 3600;

  private EntraIdStub(HttpsServer server, ExecutorService executor, Path tlsDir, X509Certificate certificate) {
    this.server = server;
    this.executor = executor;
    this.tlsDir = tlsDir;
    this.certificate = certificate;
    RANDOM.nextBytes(signingKey);
  }

  /** Starts on 127.0.0.1 with a kernel-chosen port and a fresh self-signed certificate (keytool, ~1 s). */
  public static EntraIdStub start() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("entra-stub-tls-");
      String password = Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong());
      Path keyStore = dir.resolve("server.p12");
      keytool(List.of("-genkeypair", "-noprompt", "-alias", "entra", "-keyalg", "RSA", "-keysize", "2048",
          "-validity", "7", "-dname", "CN=localhost",
          "-ext", "SAN=ip:127.0.0.1,dns:localhost,dns:" + DISCOVERY_HOST,
          "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        ks.load(in, password.toCharArray());
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password.toCharArray());
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(kmf.getKeyManagers(), null, null);

      HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(ssl));
      ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "entra-stub");
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(executor);
      EntraIdStub stub = new EntraIdStub(server, executor, dir, (X509Certificate) ks.getCertificate("entra"));
      server.createContext("/", stub::handle);
      server.start();
      return stub;
    } catch (IOException e) {
      TestFiles.deleteRecursively(dir);
      throw new UncheckedIOException("could not start the Azure AD stub: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      TestFiles.deleteRecursively(dir);
      throw new IllegalStateException("could not start the Azure AD stub: " + e.getMessage(), e);
    }
  }

  private static void keytool(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("keytool " + args.get(0) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  // ------------------------------------------------------------------------------------------------ configuration

  /** Registers an app (service principal) with a client secret in {@code tenant}. */
  public EntraIdStub clientSecretApp(String tenant, String clientId, String secret) {
    tenants.add(tenant);
    apps.put(tenant + "/" + clientId, new App(tenant, clientId, secret, null, null));
    return this;
  }

  /**
   * Registers an app with a federated identity credential: it accepts exactly {@code federatedToken} as
   * {@code client_assertion} (what a Kubernetes projected service-account token file holds for workload identity).
   */
  public EntraIdStub federatedApp(String tenant, String clientId, String federatedToken) {
    tenants.add(tenant);
    apps.put(tenant + "/" + clientId, new App(tenant, clientId, null, federatedToken, null));
    return this;
  }

  /**
   * Registers an app with a certificate credential: it accepts a {@code client_assertion} JWT (RS256) signed by the
   * certificate's private key whose header names the certificate ({@code x5t#S256} or {@code x5t}), with
   * {@code iss} = {@code sub} = the client id, {@code aud} the token endpoint and an unexpired {@code exp}, as Azure
   * AD does for certificate credentials (what ClientCertificateCredential / MSAL send).
   */
  public EntraIdStub clientCertificateApp(String tenant, String clientId, X509Certificate certificate) {
    tenants.add(tenant);
    apps.put(tenant + "/" + clientId, new App(tenant, clientId, null, null, certificate));
    return this;
  }

  /** Lifetime of issued access tokens (default 3600 s). */
  public EntraIdStub tokenLifetimeSeconds(long seconds) {
    this.tokenLifetimeSeconds = seconds;
    return this;
  }

  // ---------------------------------------------------------------------------------------------------- accessors

  public int port() { return server.getAddress().getPort(); }

  /** {@code https://127.0.0.1:PORT/}: what azure-identity calls the authority host. */
  public String authorityHost() { return "https://127.0.0.1:" + port() + "/"; }

  /** The self-signed certificate clients must trust. */
  public X509Certificate certificate() { return certificate; }

  /** A client TLS context trusting exactly this stub's certificate (for calling it directly from a test). */
  public SSLContext sslContext() {
    try {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("entra", certificate);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every request so far, oldest first. */
  public List<Request> requests() { return List.copyOf(requests); }

  /** The token requests (POST .../oauth2/v2.0/token) so far. */
  public List<Request> tokenRequests() { return requests.stream().filter(Request::isToken).toList(); }

  public void clearRequests() { requests.clear(); }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    TestFiles.deleteRecursively(tlsDir);
  }

  @Override
  public String toString() { return "EntraIdStub[" + authorityHost() + "]"; }

  // ------------------------------------------------------------------------------------------------------ serving

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, String> form = method.equals("POST") ? parseForm(new String(body, StandardCharsets.UTF_8)) : Map.of();
      String host = ex.getRequestHeaders().getFirst("Host");
      requests.add(new Request(method, host, path, query, form));
      String base = "https://" + (host == null ? "127.0.0.1:" + port() : host);

      String[] seg = path.substring(1).split("/");
      if (method.equals("GET") && path.equals("/common/discovery/instance")) {
        instanceDiscovery(ex, parseForm(query == null ? "" : query));
      } else if (method.equals("GET") && seg.length == 4 && seg[1].equals("v2.0")
          && path.endsWith("/.well-known/openid-configuration")) {
        openIdConfiguration(ex, base, seg[0], true);
      } else if (method.equals("GET") && seg.length == 3 && path.endsWith("/.well-known/openid-configuration")) {
        openIdConfiguration(ex, base, seg[0], false);
      } else if (method.equals("POST") && seg.length == 4 && path.endsWith("/oauth2/v2.0/token")) {
        token(ex, seg[0], form);
      } else {
        json(ex, 404, error("invalid_request", 90002 /* closest AAD code */, "AADSTS90002: no such endpoint: "
            + method + " " + path));
      }
    } catch (RuntimeException e) {
      json(ex, 500, error("server_error", 0, "stub failure: " + e));
    }
  }

  private void instanceDiscovery(HttpExchange ex, Map<String, String> q) throws IOException {
    // authorization_endpoint=https://<host>/<tenant>/oauth2/v2.0/authorize (host without port, as MSAL sends it)
    String authorize = q.getOrDefault("authorization_endpoint", "");
    String rest = authorize.replaceFirst("^https://", "");
    int slash = rest.indexOf('/');
    String host = slash < 0 ? rest : rest.substring(0, slash);
    String tenant = slash < 0 ? "common" : rest.substring(slash + 1).split("/")[0];
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("preferred_network", host);
    entry.put("preferred_cache", host);
    entry.put("aliases", List.of(host));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenant_discovery_endpoint", "https://" + host + ":" + port() + "/" + tenant
        + "/v2.0/.well-known/openid-configuration");
    m.put("api-version", "1.1");
    m.put("metadata", List.of(entry));
    json(ex, 200, m);
  }

  private void openIdConfiguration(HttpExchange ex, String base, String tenant, boolean v2) throws IOException {
    if (!tenants.contains(tenant) && !tenant.equals("common") && !tenant.equals("organizations")) {
      json(ex, 400, error("invalid_tenant", 90002, "AADSTS90002: Tenant '" + tenant + "' not found."));
      return;
    }
    String v = v2 ? "/v2.0" : "";
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("token_endpoint", base + "/" + tenant + "/oauth2" + v + "/token");
    m.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt",
        "client_secret_basic"));
    m.put("jwks_uri", base + "/" + tenant + "/discovery" + v + "/keys");
    m.put("response_modes_supported", List.of("query", "fragment", "form_post"));
    m.put("subject_types_supported", List.of("pairwise"));
    m.put("id_token_signing_alg_values_supported", List.of("RS256"));
    m.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
    m.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
    m.put("issuer", v2 ? base + "/" + tenant + "/v2.0" : "https://sts.windows.net/" + tenant + "/");
    m.put("request_uri_parameter_supported", false);
    m.put("authorization_endpoint", base + "/" + tenant + "/oauth2" + v + "/authorize");
    m.put("device_authorization_endpoint", base + "/" + tenant + "/oauth2" + v + "/devicecode");
    m.put("http_logout_supported", true);
    m.put("frontchannel_logout_supported", true);
    m.put("end_session_endpoint", base + "/" + tenant + "/oauth2" + v + "/logout");
    m.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid"));
    m.put("tenant_region_scope", "EU");
    m.put("cloud_instance_name", "microsoftonline.com");
    m.put("cloud_graph_host_name", "graph.windows.net");
    m.put("msgraph_host", "graph.microsoft.com");
    json(ex, 200, m);
  }

  private void token(HttpExchange ex, String tenant, Map<String, String> form) throws IOException {
    if (!tenants.contains(tenant)) {
      json(ex, 400, error("invalid_request", 90002, "AADSTS90002: Tenant '" + tenant + "' not found. Check to make "
          + "sure you have the correct tenant ID and are signing into the correct cloud."));
      return;
    }
    String grant = form.get("grant_type");
    if (!"client_credentials".equals(grant)) {
      json(ex, 400, error("unsupported_grant_type", 70003, "AADSTS70003: The app requested an unsupported grant "
          + "type '" + grant + "'."));
      return;
    }
    String clientId = form.get("client_id");
    App app = clientId == null ? null : apps.get(tenant + "/" + clientId);
    if (app == null) {
      json(ex, 400, error("unauthorized_client", 700016, "AADSTS700016: Application with identifier '" + clientId
          + "' was not found in the directory '" + tenant + "'."));
      return;
    }
    if (form.containsKey("client_assertion") && app.certificate() != null) {
      String why = JWT_BEARER.equals(form.get("client_assertion_type"))
          ? certificateAssertionProblem(app, form.get("client_assertion"), ex) : "wrong client_assertion_type";
      if (why != null) {
        json(ex, 401, error("invalid_client", 700027, "AADSTS700027: Client assertion failed signature validation "
            + "(" + why + ")."));
        return;
      }
    } else if (form.containsKey("client_assertion")) {
      if (!JWT_BEARER.equals(form.get("client_assertion_type")) || app.federatedToken() == null
          || !app.federatedToken().equals(form.get("client_assertion"))) {
        json(ex, 401, error("invalid_client", 700213, "AADSTS700213: No matching federated identity record found "
            + "for presented assertion."));
        return;
      }
    } else if (app.secret() == null || !app.secret().equals(form.get("client_secret"))) {
      json(ex, 401, error("invalid_client", 7000215, "AADSTS7000215: Invalid client secret provided. Ensure the "
          + "secret being sent in the request is the client secret value, not the client secret ID, for a secret "
          + "added to app '" + clientId + "'."));
      return;
    }
    String scope = form.getOrDefault("scope", "");
    String resource = null;
    for (String s : scope.split(" ")) {
      if (s.endsWith("/.default")) {
        resource = s.substring(0, s.length() - "/.default".length());
      }
    }
    if (resource == null) {
      json(ex, 400, error("invalid_scope", 1002012, "AADSTS1002012: The provided value for scope '" + scope
          + "' is not valid. Client credential flows must have a scope value with /.default suffixed to the "
          + "resource identifier (application ID URI)."));
      return;
    }
    long now = System.currentTimeMillis() / 1000;
    long lifetime = tokenLifetimeSeconds;
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", resource);
    claims.put("iss", "https://sts.windows.net/" + tenant + "/");
    claims.put("iat", now - 5);
    claims.put("nbf", now - 5);
    claims.put("exp", now + lifetime);
    claims.put("appid", clientId);
    claims.put("appidacr", app.secret() != null && !form.containsKey("client_assertion") ? "1" : "2");
    claims.put("idp", "https://sts.windows.net/" + tenant + "/");
    claims.put("oid", UUID.nameUUIDFromBytes(clientId.getBytes(StandardCharsets.UTF_8)).toString());
    claims.put("sub", UUID.nameUUIDFromBytes(clientId.getBytes(StandardCharsets.UTF_8)).toString());
    claims.put("tid", tenant);
    claims.put("uti", Long.toHexString(RANDOM.nextLong()));
    claims.put("ver", "1.0");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("token_type", "Bearer");
    m.put("expires_in", lifetime);
    m.put("ext_expires_in", lifetime);
    m.put("access_token", jwt(claims));
    json(ex, 200, m);
  }

  /**
   * Why a certificate-signed client assertion is not acceptable for {@code app} (null when it is): signature
   * (SHA256withRSA with the certificate's key), thumbprint header, iss/sub, aud (this token endpoint) and exp.
   */
  private String certificateAssertionProblem(App app, String assertion, HttpExchange ex) {
    String[] parts = assertion == null ? new String[0] : assertion.split("\\.");
    if (parts.length != 3) {
      return "not a signed JWT";
    }
    Base64.Decoder d = Base64.getUrlDecoder();
    String header = new String(d.decode(parts[0]), StandardCharsets.UTF_8);
    String payload = new String(d.decode(parts[1]), StandardCharsets.UTF_8);
    try {
      java.security.Signature sig = java.security.Signature.getInstance("SHA256withRSA");
      sig.initVerify(app.certificate().getPublicKey());
      sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!"RS256".equals(jsonField(header, "alg")) || !sig.verify(d.decode(parts[2]))) {
        return "bad signature";
      }
      String s256 = jsonField(header, "x5t#S256");
      String s1 = jsonField(header, "x5t");
      if (!(thumbprint(app.certificate(), "SHA-256").equals(normalizeThumbprint(s256))
          || thumbprint(app.certificate(), "SHA-1").equals(normalizeThumbprint(s1)))) {
        return "x5t/x5t#S256 does not name the registered certificate";
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return "unverifiable: " + e;
    }
    if (!app.clientId().equals(jsonField(payload, "iss")) || !app.clientId().equals(jsonField(payload, "sub"))) {
      return "iss/sub is not the client id";
    }
    String aud = jsonField(payload, "aud");
    if (aud == null || !aud.endsWith(ex.getRequestURI().getRawPath())) {
      return "aud " + aud + " is not this token endpoint";
    }
    String exp = jsonField(payload, "exp");
    if (exp == null || Long.parseLong(exp) < System.currentTimeMillis() / 1000) {
      return "expired";
    }
    return null;
  }

  /** Base64url (no padding) of the certificate's DER digest: what the {@code x5t} / {@code x5t#S256} headers hold. */
  public static String thumbprint(X509Certificate certificate, String digest) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          java.security.MessageDigest.getInstance(digest).digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A thumbprint header value in the form {@link #thumbprint} returns: MSAL4J sends standard base64 with padding
   * ({@code +}, {@code /}, {@code =}), RFC 7515 says base64url; Azure AD takes both.
   */
  public static String normalizeThumbprint(String value) {
    return value == null ? null : value.replace('+', '-').replace('/', '_').replaceAll("=+$", "");
  }

  /** A top-level string or number member of a flat JSON object, or null (enough for JWT headers and claims). */
  public static String jsonField(String json, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + java.util.regex.Pattern.quote(name)
        + "\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+))").matcher(json);
    if (!m.find()) {
      return null;
    }
    return m.group(1) != null ? m.group(1).replace("\\/", "/") : m.group(2);
  }

  /**
   * An access token as this stub issues them from its token endpoint (HS256 JWT, {@code iss}
   * {@code https://sts.windows.net/<tenant>/}, {@code aud} = {@code resource}, lifetime {@link #tokenLifetimeSeconds}),
   * for other identity endpoints of a test (e.g. a managed-identity endpoint stub) to hand out.
   */
  public String mintAccessToken(String tenant, String clientId, String resource) {
    long now = System.currentTimeMillis() / 1000;
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", resource);
    claims.put("iss", "https://sts.windows.net/" + tenant + "/");
    claims.put("iat", now - 5);
    claims.put("nbf", now - 5);
    claims.put("exp", now + tokenLifetimeSeconds);
    claims.put("appid", clientId);
    claims.put("appidacr", "2");
    claims.put("idp", "https://sts.windows.net/" + tenant + "/");
    claims.put("oid", UUID.nameUUIDFromBytes(clientId.getBytes(StandardCharsets.UTF_8)).toString());
    claims.put("sub", UUID.nameUUIDFromBytes(clientId.getBytes(StandardCharsets.UTF_8)).toString());
    claims.put("tid", tenant);
    claims.put("uti", Long.toHexString(RANDOM.nextLong()));
    claims.put("ver", "1.0");
    return jwt(claims);
  }

  /** The token lifetime in seconds that {@link #mintAccessToken} and the token endpoint use. */
  public long tokenLifetimeSeconds() { return tokenLifetimeSeconds; }

  /** An HS256 JWT over {@code claims} with this stub's random key. */
  private String jwt(Map<String, Object> claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString(toJson(Map.of("typ", "JWT", "alg", "HS256")).getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(toJson(claims).getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
      byte[] sig = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + b64.encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Azure AD's error body. */
  private static Map<String, Object> error(String error, long code, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    String trace = UUID.randomUUID().toString();
    String correlation = UUID.randomUUID().toString();
    m.put("error", error);
    m.put("error_description", description + "\r\nTrace ID: " + trace + "\r\nCorrelation ID: " + correlation
        + "\r\nTimestamp: " + java.time.Instant.now());
    m.put("error_codes", List.of(code));
    m.put("timestamp", java.time.Instant.now().toString());
    m.put("trace_id", trace);
    m.put("correlation_id", correlation);
    m.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
    return m;
  }

  private static void json(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
    byte[] bytes = toJson(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store, no-cache");
    ex.getResponseHeaders().set("Pragma", "no-cache");
    ex.getResponseHeaders().set("x-ms-request-id", UUID.randomUUID().toString());
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(bytes);
    }
  }

  static Map<String, String> parseForm(String s) {
    Map<String, String> m = new LinkedHashMap<>();
    if (s == null || s.isEmpty()) {
      return Collections.unmodifiableMap(m);
    }
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      m.put(k, v);
    }
    return Collections.unmodifiableMap(m);
  }

  /** Minimal JSON writer for maps, lists, strings, numbers and booleans. */
  static String toJson(Object o) {
    StringBuilder sb = new StringBuilder();
    writeJson(o, sb);
    return sb.toString();
  }

  private static void writeJson(Object o, StringBuilder sb) {
    if (o == null) {
      sb.append("null");
    } else if (o instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) sb.append(',');
        first = false;
        writeJson(String.valueOf(e.getKey()), sb);
        sb.append(':');
        writeJson(e.getValue(), sb);
      }
      sb.append('}');
    } else if (o instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) sb.append(',');
        writeJson(l.get(i), sb);
      }
      sb.append(']');
    } else if (o instanceof Number || o instanceof Boolean) {
      sb.append(o);
    } else {
      String s = o.toString();
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
          }
        }
      }
      sb.append('"');
    }
  }
}
