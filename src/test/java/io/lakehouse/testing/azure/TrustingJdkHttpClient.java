package io.lakehouse.testing.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.core.util.FluxUtil;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal azure-core {@link HttpClient} over the JDK's {@link HttpsURLConnection} with a caller-supplied
 * {@link SSLContext}, so the Azure SDK can talk to an HTTPS Azurite whose self-signed certificate only that context
 * trusts, whichever HTTP transport (Netty, JDK, OkHttp) the main class path brings. Test-only: bodies are buffered in
 * memory (fine for test-sized blobs), calls are blocking (async ones run on Reactor's bounded-elastic pool).
 *
 * <p>Why not {@code java.net.http}: it refuses to send a {@code Date} header, and the Storage SDK signs {@code Date}
 * (it sends no {@code x-ms-date}), so every shared-key request fails with 403. HttpURLConnection sends it.
 * Known gap: HttpURLConnection adds {@code Content-Type: application/x-www-form-urlencoded} to a POST with a body and
 * no Content-Type (the Blob operations used in tests are GET/HEAD/PUT/DELETE).
 */
public final class TrustingJdkHttpClient implements HttpClient {

  private final SSLSocketFactory sockets;

  public TrustingJdkHttpClient(SSLContext sslContext) {
    this.sockets = sslContext.getSocketFactory();
  }

  @Override
  public Mono<HttpResponse> send(HttpRequest request) {
    return Mono.fromCallable(() -> execute(request)).subscribeOn(Schedulers.boundedElastic());
  }

  @Override
  public HttpResponse sendSync(HttpRequest request, Context context) {
    try {
      return execute(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse execute(HttpRequest request) throws IOException {
    HttpURLConnection c = (HttpURLConnection) request.getUrl().openConnection();
    if (c instanceof HttpsURLConnection) ((HttpsURLConnection) c).setSSLSocketFactory(sockets);
    c.setRequestMethod(request.getHttpMethod().name());
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setConnectTimeout(10_000);
    c.setReadTimeout(60_000);
    for (HttpHeader h : request.getHeaders()) {
      if (h.getName().equalsIgnoreCase("Content-Length")) continue;  // from the body below (same value as signed)
      for (String v : h.getValuesList()) c.addRequestProperty(h.getName(), v);
    }
    // Not getBodyAsBinaryData().toBytes(): azure-core's FileContent throws "Premature EOF" on an empty file.
    Flux<ByteBuffer> body = request.getBody();
    byte[] bytes = body == null ? null : FluxUtil.collectBytesInByteBufferStream(body).defaultIfEmpty(new byte[0]).block();
    String method = request.getHttpMethod().name().toUpperCase(Locale.ROOT);
    if (bytes != null && bytes.length > 0 || method.equals("PUT") || method.equals("POST")) {
      byte[] b = bytes == null ? new byte[0] : bytes;
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(b.length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(b);
      }
    }
    int status = c.getResponseCode();
    HttpHeaders headers = new HttpHeaders();
    for (Map.Entry<String, List<String>> e : c.getHeaderFields().entrySet()) {
      if (e.getKey() != null) headers.set(e.getKey(), e.getValue());   // null key = status line
    }
    byte[] content;
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    if (in == null || method.equals("HEAD")) {
      content = new byte[0];
      if (in != null) in.close();
    } else {
      try (InputStream i = in) {
        content = i.readAllBytes();
      }
    }
    return new Buffered(request, status, headers, content);
  }

  private static final class Buffered extends HttpResponse {
    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;

    Buffered(HttpRequest request, int status, HttpHeaders headers, byte[] body) {
      super(request);
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    @Override public int getStatusCode() { return status; }

    @Override public String getHeaderValue(String name) { return headers.getValue(name); }

    @Override public HttpHeaders getHeaders() { return headers; }

    @Override public Flux<ByteBuffer> getBody() {
      return body.length == 0 ? Flux.empty() : Flux.just(ByteBuffer.wrap(body).asReadOnlyBuffer());
    }

    @Override public Mono<byte[]> getBodyAsByteArray() { return body.length == 0 ? Mono.empty() : Mono.just(body); }

    @Override public Mono<String> getBodyAsString() { return getBodyAsString(StandardCharsets.UTF_8); }

    @Override public Mono<String> getBodyAsString(Charset charset) {
      return body.length == 0 ? Mono.empty() : Mono.just(new String(body, charset));
    }

    @Override public HttpResponse buffer() { return this; }
  }
}
