package io.github.ferrymail.imap.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Installs the socket factories through which Angus Mail reads every server response with a bound
 * (see {@link BoundedResponseStream}): the plain one for the connection before TLS, or without it,
 * and a wrapper of the TLS factory for the decrypted stream after the handshake.
 */
final class BoundedSockets {
  /**
   * The most bytes of one server response, literals included: 64 MiB. Ferry asks for flags, UIDs,
   * sizes and Message-ID headers, never bodies; the longest legitimate answer is a {@code SEARCH}
   * line of all UIDs in a folder, about 11 bytes a message, so this leaves room for six million
   * messages in one folder while keeping a hostile server from filling the heap.
   */
  static final long MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

  private BoundedSockets() {}

  /**
   * Sets {@code <prefix>socketFactory} and {@code <prefix>ssl.socketFactory} (wrapping the TLS
   * factory already set there, or the JVM default).
   *
   * @param props the session properties being built
   * @param prefix {@code mail.imap.} or {@code mail.imaps.}
   */
  static void install(Properties props, String prefix) {
    props.put(prefix + "socketFactory", new Plain(MAX_RESPONSE_BYTES));
    Object tls = props.get(prefix + "ssl.socketFactory");
    SSLSocketFactory delegate =
        tls instanceof SSLSocketFactory
            ? (SSLSocketFactory) tls
            : (SSLSocketFactory) SSLSocketFactory.getDefault();
    props.put(prefix + "ssl.socketFactory", new Tls(delegate, MAX_RESPONSE_BYTES));
  }

  /** Plain sockets whose input is bounded. */
  static final class Plain extends SocketFactory {
    private final long limit;

    Plain(long limit) {
      this.limit = limit;
    }

    @Override
    public Socket createSocket() {
      return new BoundedSocket(limit);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return connected(new BoundedSocket(limit), host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      Socket s = new BoundedSocket(limit);
      s.bind(new java.net.InetSocketAddress(local, localPort));
      return connected(s, host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      Socket s = new BoundedSocket(limit);
      s.connect(new java.net.InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      Socket s = new BoundedSocket(limit);
      s.bind(new java.net.InetSocketAddress(local, localPort));
      s.connect(new java.net.InetSocketAddress(host, port));
      return s;
    }

    private static Socket connected(Socket s, String host, int port) throws IOException {
      s.connect(new java.net.InetSocketAddress(host, port));
      return s;
    }
  }

  /** A plain socket whose input is bounded. */
  static final class BoundedSocket extends Socket {
    private final long limit;
    private @Nullable InputStream input;

    BoundedSocket(long limit) {
      this.limit = limit;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (input == null) {
        input = new BoundedResponseStream(super.getInputStream(), limit);
      }
      return input;
    }
  }

  /** TLS sockets whose decrypted input is bounded. */
  static final class Tls extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final long limit;

    Tls(SSLSocketFactory delegate, long limit) {
      this.delegate = delegate;
      this.limit = limit;
    }

    private Socket wrap(Socket s) {
      return s instanceof SSLSocket ? new BoundedSslSocket((SSLSocket) s, limit) : s;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return wrap(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose)
        throws IOException {
      return wrap(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return wrap(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return wrap(delegate.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return wrap(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return wrap(delegate.createSocket(host, port, local, localPort));
    }
  }
}
