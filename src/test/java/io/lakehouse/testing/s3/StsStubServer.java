package io.lakehouse.testing.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for AWS STS: no real STS can be reached from tests, so this speaks enough of the real STS Query
 * API (form-encoded POST, {@code Version=2011-06-15}) for the AWS SDK's {@code StsClient} and its credential providers
 * ({@code StsAssumeRoleCredentialsProvider}, {@code StsAssumeRoleWithWebIdentityCredentialsProvider}) pointed at
 * {@link #endpoint()}.
 *
 * <p>Actions: {@code AssumeRole} and {@code AssumeRoleWithWebIdentity}, answered in STS's XML format with the
 * configured credentials (typically an {@link S3ProxyServer}'s keys, so assumed-role credentials really work against
 * s3proxy) plus a fresh session token per call, expiring {@link #expiresIn(Duration) after a configurable time}.
 * Validation like STS: missing RoleArn / RoleSessionName / WebIdentityToken and DurationSeconds outside 900..43200
 * answer 400 ValidationError. {@link #rejectWithAccessDenied()} answers 403 AccessDenied. Every request's parameters
 * are recorded ({@link #requests()}); the signature is not checked (AssumeRoleWithWebIdentity is unsigned anyway), but
 * the signing access key id is recorded.
 */
public final class StsStubServer implements AutoCloseable {

  public static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

  /** One STS call as received. */
  public record StsRequest(String action, Map<String, String> params, String signingAccessKey,
                           String securityToken) {
    public String roleArn() { return params.get("RoleArn"); }
    public String roleSessionName() { return params.get("RoleSessionName"); }
    public String externalId() { return params.get("ExternalId"); }
    public String webIdentityToken() { return params.get("WebIdentityToken"); }
    public String policy() { return params.get("Policy"); }

    public Integer durationSeconds() {
      String d = params.get("DurationSeconds");
      return d == null ? null : Integer.valueOf(d);
    }

    /** Whether the request carried a SigV4 Authorization header (AssumeRole: yes; ...WithWebIdentity: no). */
    public boolean signed() { return signingAccessKey != null; }
  }

  private final HttpServer server;
  private final List<StsRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger issued = new AtomicInteger();
  private volatile String accessKeyId = "ASIASTUBACCESSKEY";
  private volatile String secretAccessKey = "stub-secret-" + UUID.randomUUID();
  private volatile String fixedSessionToken;               // null = a new token per call
  private volatile Duration ttl = Duration.ofHours(1);
  private volatile Instant fixedExpiration;
  private volatile boolean reject;
  private volatile String accountId = "123456789012";

  private StsStubServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sts-stub");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  public static StsStubServer start() {
    try {
      return new StsStubServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Hands out an {@link S3ProxyServer}'s keys (plus a session token), so the assumed role works against it. */
  public static StsStubServer startFor(S3ProxyServer s3) {
    return start().issueCredentials(s3.accessKey(), s3.secretKey());
  }

  /** {@code http://127.0.0.1:PORT} — for {@code StsClient.builder().endpointOverride(URI.create(...))}. */
  public String endpoint() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

  // --- configuration -------------------------------------------------------------------------------------------------

  /** The AccessKeyId / SecretAccessKey returned; session tokens are generated per call ("stub-session-<n>-..."). */
  public StsStubServer issueCredentials(String accessKeyId, String secretAccessKey) {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    return this;
  }

  /** Always return this session token instead of a fresh one per call. */
  public StsStubServer sessionToken(String token) { this.fixedSessionToken = token; return this; }

  /** Expiration = time of the call + ttl (default 1 h). */
  public StsStubServer expiresIn(Duration ttl) {
    this.ttl = ttl;
    this.fixedExpiration = null;
    return this;
  }

  /** A fixed Expiration for every call. */
  public StsStubServer expiresAt(Instant at) { this.fixedExpiration = at; return this; }

  /** Answer every call with 403 AccessDenied (until {@link #accept()}). */
  public StsStubServer rejectWithAccessDenied() { this.reject = true; return this; }

  public StsStubServer accept() { this.reject = false; return this; }

  public StsStubServer accountId(String id) { this.accountId = id; return this; }

  // --- observations --------------------------------------------------------------------------------------------------

  public List<StsRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public int requestCount() { return requests.size(); }

  /** Credentials handed out so far. */
  public int issuedCount() { return issued.get(); }

  public StsRequest lastRequest() {
    synchronized (requests) {
      return requests.isEmpty() ? null : requests.get(requests.size() - 1);
    }
  }

  public void clearRequests() { requests.clear(); }

  @Override
  public void close() { server.stop(0); ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow(); }

  // --- protocol ------------------------------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> params = new LinkedHashMap<>(parseForm(ex.getRequestURI().getRawQuery()));
      params.putAll(parseForm(body));
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String signingKey = null;
      if (auth != null) {
        Matcher m = CREDENTIAL.matcher(auth);
        signingKey = m.find() ? m.group(1) : "(unparsed)";
      }
      String action = params.getOrDefault("Action", "");
      requests.add(new StsRequest(action, Collections.unmodifiableMap(params), signingKey,
          ex.getRequestHeaders().getFirst("X-Amz-Security-Token")));

      if (!ex.getRequestMethod().equals("POST") && !ex.getRequestMethod().equals("GET")) {
        error(ex, 405, "Sender", "InvalidAction", "Unsupported method " + ex.getRequestMethod());
        return;
      }
      if (!action.equals("AssumeRole") && !action.equals("AssumeRoleWithWebIdentity")) {
        error(ex, 400, "Sender", "InvalidAction", "Could not find operation " + action + " for version "
            + params.getOrDefault("Version", "NO_VERSION_SPECIFIED"));
        return;
      }
      String validation = validate(action, params);
      if (validation != null) {
        error(ex, 400, "Sender", "ValidationError", validation);
        return;
      }
      if (reject) {
        String msg = action.equals("AssumeRole")
            ? "User: arn:aws:iam::" + accountId + ":user/stub is not authorized to perform: sts:AssumeRole on "
              + "resource: " + params.get("RoleArn")
            : "Not authorized to perform sts:AssumeRoleWithWebIdentity";
        error(ex, 403, "Sender", "AccessDenied", msg);
        return;
      }
      send(ex, 200, success(action, params));
    }
  }

  private static String validate(String action, Map<String, String> p) {
    List<String> errors = new ArrayList<>();
    if (p.get("RoleArn") == null) {
      errors.add("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    }
    if (p.get("RoleSessionName") == null) {
      errors.add("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
    }
    if (action.equals("AssumeRoleWithWebIdentity") && p.get("WebIdentityToken") == null) {
      errors.add("Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null");
    }
    String d = p.get("DurationSeconds");
    if (d != null) {
      int secs = Integer.parseInt(d);
      if (secs < 900) {
        errors.add("Value '" + d + "' at 'durationSeconds' failed to satisfy constraint: Member must have value "
            + "greater than or equal to 900");
      } else if (secs > 43200) {
        errors.add("Value '" + d + "' at 'durationSeconds' failed to satisfy constraint: Member must have value "
            + "less than or equal to 43200");
      }
    }
    if (errors.isEmpty()) return null;
    return errors.size() + " validation error" + (errors.size() > 1 ? "s" : "") + " detected: "
        + String.join("; ", errors);
  }

  private String success(String action, Map<String, String> p) {
    int n = issued.incrementAndGet();
    Instant exp = (fixedExpiration != null ? fixedExpiration : Instant.now().plus(ttl)).truncatedTo(ChronoUnit.SECONDS);
    String token = fixedSessionToken != null ? fixedSessionToken
        : "stub-session-" + n + "-" + UUID.randomUUID().toString().replace("-", "");
    String roleArn = p.get("RoleArn");
    String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
    String session = p.get("RoleSessionName");
    String assumedArn = "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + session;
    String roleId = "AROASTUB" + Integer.toHexString(roleArn.hashCode()).toUpperCase() + ":" + session;
    StringBuilder x = new StringBuilder();
    x.append("<").append(action).append("Response xmlns=\"").append(NS).append("\">\n");
    x.append("  <").append(action).append("Result>\n");
    if (action.equals("AssumeRoleWithWebIdentity")) {
      x.append("    <SubjectFromWebIdentityToken>stub-subject</SubjectFromWebIdentityToken>\n");
      x.append("    <Audience>sts.amazonaws.com</Audience>\n");
      String provider = p.getOrDefault("ProviderId", "stub-oidc-provider");
      x.append("    <Provider>").append(esc(provider)).append("</Provider>\n");
    }
    x.append("    <AssumedRoleUser>\n");
    x.append("      <Arn>").append(esc(assumedArn)).append("</Arn>\n");
    x.append("      <AssumedRoleId>").append(esc(roleId)).append("</AssumedRoleId>\n");
    x.append("    </AssumedRoleUser>\n");
    x.append("    <Credentials>\n");
    x.append("      <AccessKeyId>").append(esc(accessKeyId)).append("</AccessKeyId>\n");
    x.append("      <SecretAccessKey>").append(esc(secretAccessKey)).append("</SecretAccessKey>\n");
    x.append("      <SessionToken>").append(esc(token)).append("</SessionToken>\n");
    x.append("      <Expiration>").append(exp).append("</Expiration>\n");
    x.append("    </Credentials>\n");
    if (action.equals("AssumeRole")) x.append("    <PackedPolicySize>6</PackedPolicySize>\n");
    x.append("  </").append(action).append("Result>\n");
    x.append("  <ResponseMetadata>\n    <RequestId>").append(UUID.randomUUID()).append("</RequestId>\n");
    x.append("  </ResponseMetadata>\n");
    x.append("</").append(action).append("Response>\n");
    return x.toString();
  }

  private static void error(HttpExchange ex, int status, String type, String code, String message) throws IOException {
    String xml = "<ErrorResponse xmlns=\"" + NS + "\">\n"
        + "  <Error>\n    <Type>" + type + "</Type>\n    <Code>" + code + "</Code>\n    <Message>" + esc(message)
        + "</Message>\n  </Error>\n"
        + "  <RequestId>" + UUID.randomUUID() + "</RequestId>\n"
        + "</ErrorResponse>\n";
    send(ex, status, xml);
  }

  private static void send(HttpExchange ex, int status, String xml) throws IOException {
    byte[] b = xml.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/xml");
    ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private static Map<String, String> parseForm(String s) {
    Map<String, String> m = new LinkedHashMap<>();
    if (s == null || s.isEmpty()) return m;
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      m.put(k, v);
    }
    return m;
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
