package io.lakehouse.testing.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A tiny HTTP/1.1 reverse proxy on 127.0.0.1 in front of an S3 server (normally {@link S3ProxyServer}), on raw
 * sockets. Requests are forwarded byte for byte — request line, headers (the {@code Host} header exactly as the
 * client sent it, so SigV4 signatures computed for the proxy's host:port still verify upstream: s3proxy checks the
 * signature against the Host it receives, whatever its own port) and body — over one upstream connection per client
 * connection; responses are piped back unparsed. Point the S3 client at {@link #endpoint()}.
 *
 * <p>Rules decide per request: answer with an S3 error ({@link Fault#SLOW_DOWN} 503, {@link Fault#INTERNAL_ERROR}
 * 500, {@link Fault#SERVICE_UNAVAILABLE} 503; real S3 XML error bodies, {@code Connection: close}), reset the
 * connection ({@link Fault#RESET}), or delay before forwarding. Rules apply to the next N matching requests or to
 * every k-th matching one, optionally filtered by a predicate on the request; the first rule that fires wins. Every
 * request is recorded ({@link #requests()}), and faults, delays and bytes sent back to clients are counted.
 */
public final class FaultInjectingProxy implements AutoCloseable {

  /** What a fault rule answers. */
  public enum Fault {
    SLOW_DOWN(503, "SlowDown", "Please reduce your request rate."),
    SERVICE_UNAVAILABLE(503, "ServiceUnavailable", "Service is unable to handle request."),
    INTERNAL_ERROR(500, "InternalError", "We encountered an internal error. Please try again."),
    /** No response: the connection is reset (TCP RST). */
    RESET(0, null, null);

    public final int status;
    public final String code;
    public final String message;

    Fault(int status, String code, String message) {
      this.status = status;
      this.code = code;
      this.message = message;
    }
  }

  /** One request as the proxy saw it. {@code action} is "forward", "delay", or the {@link Fault} name. */
  public record Request(int seq, String method, String target, String host, String range, Map<String, String> headers,
                        String action) {
    /** The request target without its query ("/bucket/a/b?x-id=GetObject" -> "/bucket/a/b"). */
    public String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    public boolean isGet() { return method.equals("GET"); }
  }

  private final String upstreamHost;
  private final int upstreamPort;
  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger requestCount = new AtomicInteger();
  private final AtomicInteger faultCount = new AtomicInteger();
  private final AtomicInteger delayCount = new AtomicInteger();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final AtomicLong bytesToClients = new AtomicLong();
  private volatile boolean closed;

  private FaultInjectingProxy(String upstreamHost, int upstreamPort) throws IOException {
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    pool.execute(this::acceptLoop);
  }

  /** A proxy for {@code upstreamEndpoint} ("http://127.0.0.1:PORT"; plain http only). */
  public static FaultInjectingProxy start(String upstreamEndpoint) {
    URI u = URI.create(upstreamEndpoint);
    if (!"http".equals(u.getScheme())) throw new IllegalArgumentException("http upstream only: " + upstreamEndpoint);
    try {
      return new FaultInjectingProxy(u.getHost(), u.getPort() < 0 ? 80 : u.getPort());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static FaultInjectingProxy start(S3ProxyServer upstream) {
    return start("http://127.0.0.1:" + upstream.port());
  }

  /** {@code http://127.0.0.1:PORT}: give this to the S3 client (path-style). */
  public String endpoint() { return "http://127.0.0.1:" + port(); }

  /** {@code http://localhost:PORT}: for virtual-host style against an s3proxy started with virtualHost("localhost"). */
  public String localhostEndpoint() { return "http://localhost:" + port(); }

  public int port() { return server.getLocalPort(); }

  // --- rules ---------------------------------------------------------------------------------------------------------

  /** Answer the next {@code n} requests with {@code fault}. */
  public FaultInjectingProxy failNext(int n, Fault fault) { return failNext(n, fault, r -> true); }

  /** Answer the next {@code n} requests that match {@code filter} with {@code fault}. */
  public FaultInjectingProxy failNext(int n, Fault fault, Predicate<Request> filter) {
    rules.add(new Rule(filter, n, 0, fault, null));
    return this;
  }

  /** Answer every k-th request from now on (the k-th, 2k-th, ...) with {@code fault}. */
  public FaultInjectingProxy failEvery(int k, Fault fault) { return failEvery(k, fault, r -> true); }

  public FaultInjectingProxy failEvery(int k, Fault fault, Predicate<Request> filter) {
    if (k < 1) throw new IllegalArgumentException("k must be >= 1");
    rules.add(new Rule(filter, 0, k, fault, null));
    return this;
  }

  /** Hold the next {@code n} requests for {@code delay} before forwarding them. */
  public FaultInjectingProxy delayNext(int n, Duration delay) { return delayNext(n, delay, r -> true); }

  public FaultInjectingProxy delayNext(int n, Duration delay, Predicate<Request> filter) {
    rules.add(new Rule(filter, n, 0, null, delay));
    return this;
  }

  /** Hold every k-th request for {@code delay} before forwarding it. */
  public FaultInjectingProxy delayEvery(int k, Duration delay) {
    if (k < 1) throw new IllegalArgumentException("k must be >= 1");
    rules.add(new Rule(r -> true, 0, k, null, delay));
    return this;
  }

  /** Removes all rules (counters stay). */
  public FaultInjectingProxy clearRules() { rules.clear(); return this; }

  /** Removes all rules and zeroes every counter and the request log. */
  public FaultInjectingProxy reset() {
    rules.clear();
    requests.clear();
    requestCount.set(0);
    faultCount.set(0);
    delayCount.set(0);
    connectionCount.set(0);
    bytesToClients.set(0);
    return this;
  }

  // --- counters ------------------------------------------------------------------------------------------------------

  /** Requests seen (forwarded, delayed and faulted). */
  public int requestCount() { return requestCount.get(); }

  /** Requests answered with a fault (incl. resets). */
  public int faultCount() { return faultCount.get(); }

  public int delayCount() { return delayCount.get(); }

  /** Client connections accepted. */
  public int connectionCount() { return connectionCount.get(); }

  /** Bytes piped from upstream to clients (status lines + headers + bodies; fault responses not included). */
  public long bytesToClients() { return bytesToClients.get(); }

  /** A snapshot of the request log, in arrival order. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  // --- lifecycle -----------------------------------------------------------------------------------------------------

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    for (Socket s : sockets) closeQuietly(s);
    pool.shutdownNow();
  }

  @Override
  public String toString() {
    return "FaultInjectingProxy[" + endpoint() + " -> " + upstreamHost + ":" + upstreamPort + "]";
  }

  // --- implementation ------------------------------------------------------------------------------------------------

  private static final class Rule {
    final Predicate<Request> filter;
    final int everyK;            // > 0: every k-th matching request
    final Fault fault;           // null = delay rule
    final Duration delay;
    final AtomicInteger remaining;  // for "next n" rules
    final AtomicInteger matched = new AtomicInteger();

    Rule(Predicate<Request> filter, int n, int everyK, Fault fault, Duration delay) {
      this.filter = Objects.requireNonNull(filter);
      this.everyK = everyK;
      this.fault = fault;
      this.delay = delay;
      this.remaining = new AtomicInteger(n);
    }

    /** Whether this rule fires for {@code r} (consumes one use if so). */
    boolean fires(Request r) {
      if (!filter.test(r)) return false;
      if (everyK > 0) return matched.incrementAndGet() % everyK == 0;
      return remaining.getAndUpdate(x -> x > 0 ? x - 1 : 0) > 0;
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (closed) return;
        continue;
      }
      connectionCount.incrementAndGet();
      sockets.add(client);
      pool.execute(() -> handle(client));
    }
  }

  private void handle(Socket client) {
    Socket upstream = null;
    try (client) {
      client.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
      OutputStream clientOut = client.getOutputStream();
      while (!closed) {
        byte[] head = readHead(in);
        if (head == null) return; // client closed the connection between requests
        Head h = Head.parse(head);
        int seq = requestCount.incrementAndGet();
        Request probe = new Request(seq, h.method, h.target, h.headers.get("host"), h.headers.get("range"),
            h.headers, "forward");
        Rule fired = null;
        for (Rule rule : rules) {
          if (rule.fires(probe)) {
            fired = rule;
            break;
          }
        }
        String action = fired == null ? "forward" : fired.fault != null ? fired.fault.name() : "delay";
        requests.add(new Request(seq, h.method, h.target, probe.host(), probe.range(), h.headers, action));

        if (fired != null && fired.fault == Fault.RESET) {
          faultCount.incrementAndGet();
          client.setSoLinger(true, 0); // close() sends RST
          return;
        }
        if (fired != null && fired.fault != null) {
          faultCount.incrementAndGet();
          // With "Expect: 100-continue" the client waits for us before sending the body: a final status now means it
          // never sends it. Otherwise read and drop the body so the client is not reset mid-upload.
          if (!h.expectsContinue()) copyBody(h, in, OutputStream.nullOutputStream());
          clientOut.write(errorResponse(fired.fault, h.method.equals("HEAD")));
          clientOut.flush();
          return; // Connection: close
        }
        if (fired != null) {
          delayCount.incrementAndGet();
          Thread.sleep(fired.delay.toMillis());
        }
        if (upstream == null || upstream.isClosed()) {
          upstream = new Socket();
          sockets.add(upstream);
          upstream.setTcpNoDelay(true);
          upstream.connect(new InetSocketAddress(upstreamHost, upstreamPort), 5000);
          Socket up = upstream;
          pool.execute(() -> pump(up, client));
        }
        OutputStream upOut = upstream.getOutputStream();
        upOut.write(head);
        copyBody(h, in, upOut);
        upOut.flush();
      }
    } catch (IOException | InterruptedException e) {
      // connection gone (either side) or proxy closing
    } finally {
      if (upstream != null) {
        closeQuietly(upstream);
        sockets.remove(upstream);
      }
      sockets.remove(client);
    }
  }

  /** upstream -> client, raw. When upstream closes, the client connection is closed too (after the bytes). */
  private void pump(Socket upstream, Socket client) {
    byte[] buf = new byte[64 * 1024];
    try {
      InputStream in = upstream.getInputStream();
      OutputStream out = client.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
        bytesToClients.addAndGet(n);
      }
    } catch (IOException ignored) {
      // either side closed
    } finally {
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  private static byte[] errorResponse(Fault f, boolean head) {
    String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
    String hostId = java.util.Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(
        StandardCharsets.US_ASCII));
    byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + f.code + "</Code><Message>"
        + f.message + "</Message><RequestId>" + requestId + "</RequestId><HostId>" + hostId
        + "</HostId></Error>").getBytes(StandardCharsets.UTF_8);
    String reason = f.status == 503 ? "Service Unavailable" : f.status == 500 ? "Internal Server Error" : "Error";
    String headers = "HTTP/1.1 " + f.status + " " + reason + "\r\n"
        + "x-amz-request-id: " + requestId + "\r\n"
        + "x-amz-id-2: " + hostId + "\r\n"
        + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
        + "Content-Type: application/xml\r\n"
        + "Content-Length: " + (head ? 0 : body.length) + "\r\n"
        + "Connection: close\r\n"
        + "Server: AmazonS3\r\n\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
    if (!head) out.writeBytes(body);
    return out.toByteArray();
  }

  /** Parsed request head; the raw bytes are forwarded untouched. */
  private record Head(String method, String target, Map<String, String> headers) {
    static Head parse(byte[] raw) throws IOException {
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      String[] lines = text.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      if (requestLine.length < 3) throw new IOException("bad request line: " + lines[0]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int c = lines[i].indexOf(':');
        if (c <= 0) continue;
        headers.merge(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim(),
            (a, b) -> a + "," + b);
      }
      return new Head(requestLine[0], requestLine[1], Collections.unmodifiableMap(headers));
    }

    boolean chunked() {
      String te = headers.get("transfer-encoding");
      return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    long contentLength() {
      String cl = headers.get("content-length");
      return cl == null ? 0 : Long.parseLong(cl.trim());
    }

    boolean expectsContinue() {
      String e = headers.get("expect");
      return e != null && e.equalsIgnoreCase("100-continue");
    }
  }

  /** Reads up to and including CRLFCRLF; null on EOF before any byte. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
    int state = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (buf.size() == 0) return null;
        throw new EOFException("EOF inside request head");
      }
      buf.write(b);
      state = switch (state) {
        case 0, 2 -> b == '\r' ? state + 1 : 0;
        case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
        default -> 0;
      };
      if (state == 4) return buf.toByteArray();
      if (buf.size() > 256 * 1024) throw new IOException("request head too large");
    }
  }

  /** Copies the request body as framed by HTTP/1.1 (Content-Length or chunked incl. trailers), bytes untouched. */
  private static void copyBody(Head h, InputStream in, OutputStream out) throws IOException {
    if (h.chunked()) {
      while (true) {
        byte[] sizeLine = readLine(in);
        out.write(sizeLine);
        String s = new String(sizeLine, StandardCharsets.ISO_8859_1).trim();
        int semi = s.indexOf(';');
        long size = Long.parseLong(semi < 0 ? s : s.substring(0, semi), 16);
        if (size == 0) {
          while (true) { // trailers, then the empty line
            byte[] line = readLine(in);
            out.write(line);
            if (line.length == 2) return;
          }
        }
        copyExactly(in, out, size);
        out.write(readLine(in)); // CRLF after the chunk data
      }
    }
    copyExactly(in, out, h.contentLength());
  }

  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    int prev = -1;
    while (true) {
      int b = in.read();
      if (b < 0) throw new EOFException("EOF inside chunked body");
      buf.write(b);
      if (prev == '\r' && b == '\n') return buf.toByteArray();
      prev = b;
    }
  }

  private static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[64 * 1024];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) throw new EOFException("EOF inside request body");
      out.write(buf, 0, r);
      n -= r;
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
