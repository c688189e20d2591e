package io.lakehouse.testing.azure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP {@code CONNECT} proxy on 127.0.0.1 that tunnels only to loopback: a request for a routed host name (e.g.
 * {@code login.microsoftonline.com}) is connected to {@code 127.0.0.1} on the requested port, a request for
 * {@code 127.0.0.1}/{@code localhost} is connected as asked, and everything else is refused with {@code 403} (nothing
 * ever leaves the machine). TLS runs end to end through the tunnel, so the client checks the certificate against the
 * name it asked for.
 *
 * <p>Why: MSAL4J sends Azure AD <em>instance discovery</em> for an authority host it does not know (such as a stub on
 * 127.0.0.1) to {@code https://login.microsoftonline.com:<authority port>/common/discovery/instance}. The Azure SDK's
 * Netty transport resolves names with its own DNS client (no hosts-file override), but honours the JVM proxy
 * properties ({@code https.proxyHost}/{@code https.proxyPort}/{@code http.nonProxyHosts}), so a child JVM pointed at
 * this proxy reaches the {@link EntraIdStub} under the real discovery host name.
 *
 * <p>Every CONNECT target is {@linkplain #tunnels() recorded}, with the answer given.
 */
public final class LoopbackConnectProxy implements AutoCloseable {

  /** One CONNECT request: the target asked for and whether it was tunnelled. */
  public record Tunnel(String host, int port, boolean allowed) { }

  private final ServerSocket server;
  private final Set<String> routed;
  private final List<Tunnel> tunnels = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private LoopbackConnectProxy(ServerSocket server, Set<String> routed) {
    this.server = server;
    this.routed = routed;
  }

  /** Starts on 127.0.0.1 (kernel-chosen port), tunnelling {@code routedHosts} (and loopback) to 127.0.0.1. */
  public static LoopbackConnectProxy start(String... routedHosts) throws IOException {
    ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Set<String> routed = ConcurrentHashMap.newKeySet();
    for (String h : routedHosts) routed.add(h.toLowerCase(Locale.ROOT));
    LoopbackConnectProxy p = new LoopbackConnectProxy(s, routed);
    Thread t = new Thread(p::acceptLoop, "connect-proxy-accept");
    t.setDaemon(true);
    t.start();
    return p;
  }

  public int port() { return server.getLocalPort(); }

  /** Every CONNECT so far, oldest first. */
  public List<Tunnel> tunnels() { return List.copyOf(tunnels); }

  /**
   * JVM system properties making the Azure SDK (azure-core's {@code ProxyOptions.fromConfiguration}) and
   * {@code HttpURLConnection} use this proxy for every host except loopback.
   */
  public Map<String, String> jvmProperties() {
    return Map.of("https.proxyHost", "127.0.0.1", "https.proxyPort", String.valueOf(port()),
        "http.proxyHost", "127.0.0.1", "http.proxyPort", String.valueOf(port()),
        "http.nonProxyHosts", "127.0.0.1|localhost");
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        open.add(client);
        Thread t = new Thread(() -> serve(client), "connect-proxy-" + client.getPort());
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void serve(Socket client) {
    Socket upstream = null;
    try {
      client.setSoTimeout(30_000);
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      String head = readHead(in);
      String requestLine = head.split("\r\n", 2)[0];
      String[] parts = requestLine.split(" ");
      if (parts.length < 3 || !parts[0].equalsIgnoreCase("CONNECT")) {
        out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      String target = parts[1];
      int colon = target.lastIndexOf(':');
      String host = (colon < 0 ? target : target.substring(0, colon)).toLowerCase(Locale.ROOT);
      int port = colon < 0 ? 443 : Integer.parseInt(target.substring(colon + 1));
      boolean allowed = routed.contains(host) || host.equals("127.0.0.1") || host.equals("localhost");
      tunnels.add(new Tunnel(host, port, allowed));
      if (!allowed) {
        out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      upstream = new Socket();
      upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
      open.add(upstream);
      out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      client.setSoTimeout(0);
      Socket up = upstream;
      Thread back = new Thread(() -> pipe(up, client), "connect-proxy-back");
      back.setDaemon(true);
      back.start();
      pipe(client, upstream);
      back.join(60_000);
    } catch (IOException | RuntimeException e) {
      // client gone or malformed request
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      state = switch (state) {
        case 0, 2 -> c == '\r' ? state + 1 : 0;
        case 1 -> c == '\n' ? 2 : 0;
        case 3 -> c == '\n' ? 4 : 0;
        default -> 0;
      };
      if (state == 4) break;
      if (b.size() > 16 * 1024) throw new IOException("request head too long");
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private void pipe(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void closeQuietly(Socket s) {
    if (s == null) return;
    open.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // gone
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // gone
    }
    for (Socket s : open) closeQuietly(s);
  }

  @Override
  public String toString() { return "LoopbackConnectProxy[127.0.0.1:" + port() + ", routes " + routed + "]"; }
}
