package io.github.ferrymail.examples.admin;

import com.sun.net.httpserver.HttpServer;
import io.github.ferrymail.core.processor.QueueAdmin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Ferry's admin calls ({@link QueueAdmin}) as JSON over HTTP, on the JDK's built-in server, bound
 * to 127.0.0.1 only:
 *
 * <ul>
 *   <li>{@code GET /api/sync/pending?account=alice[&after=ID&size=N]}: pending and in-flight
 *       operations, oldest first; {@code nextAfter} is the {@code after} of the next page, or null.
 *   <li>{@code GET /api/sync/failed?account=alice[&after=ID&size=N]}: failed operations.
 *   <li>{@code POST /api/sync/retry/{id}}: a failed operation is due again, attempts reset.
 *   <li>{@code POST /api/sync/discard/{id}}: a pending or failed operation is cancelled for good.
 *   <li>{@code GET /api/sync/counts?account=alice}: operations per status.
 * </ul>
 *
 * <p>Errors are JSON too: 400 for a missing or bad parameter (named in the message), 404 for an
 * unknown operation or one the action does not apply to, 405 for a wrong method. There is no
 * authentication: an application mounts these behind its own administrator login.
 */
public final class AdminHttpServer implements AutoCloseable {
  /** Where the endpoints live. */
  public static final String BASE_PATH = "/api/sync/";

  private final HttpServer server;

  private AdminHttpServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving.
   *
   * @param admin the queue's admin facade ({@code processor.admin()})
   * @param port the port on 127.0.0.1, or 0 for a free one
   * @return the running server; close it when done
   * @throws IOException when the port cannot be bound
   */
  public static AdminHttpServer start(QueueAdmin admin, int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
    server.createContext(
        BASE_PATH + "pending", new OperationListHandler(BASE_PATH + "pending", admin::pending));
    server.createContext(
        BASE_PATH + "failed", new OperationListHandler(BASE_PATH + "failed", admin::failed));
    server.createContext(BASE_PATH + "counts", new CountsHandler(BASE_PATH + "counts", admin));
    server.createContext(
        BASE_PATH + "retry/",
        new OperationActionHandler(BASE_PATH + "retry/", "retried", "FAILED", admin::retry, admin));
    server.createContext(
        BASE_PATH + "discard/",
        new OperationActionHandler(
            BASE_PATH + "discard/", "discarded", "PENDING or FAILED", admin::discard, admin));
    server.start();
    return new AdminHttpServer(server);
  }

  /**
   * The port served.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The base of every endpoint, for example {@code http://127.0.0.1:8080/api/sync/}.
   *
   * @return the URI
   */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port() + BASE_PATH);
  }

  /** Stops serving at once. */
  @Override
  public void close() {
    server.stop(0);
  }
}
