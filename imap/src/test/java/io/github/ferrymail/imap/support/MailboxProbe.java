package io.github.ferrymail.imap.support;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Another, independent IMAP client (plain Jakarta Mail) that tests use to see what really is on the
 * server, and to act as "another client" (flagging a message \Deleted, copying behind our back).
 */
public final class MailboxProbe implements AutoCloseable {
  private final Store store;

  /** One message as the server shows it. */
  public record Seen(long uid, String messageId, Flags flags) {
    public boolean has(Flags.Flag flag) {
      return flags.contains(flag);
    }

    public boolean hasKeyword(String keyword) {
      return flags.contains(keyword);
    }
  }

  /** Sockets with {@code TCP_NODELAY}. */
  private static final class NoDelaySocketFactory extends javax.net.SocketFactory {
    @Override
    public java.net.Socket createSocket() throws java.io.IOException {
      java.net.Socket socket = new java.net.Socket();
      socket.setTcpNoDelay(true);
      return socket;
    }

    @Override
    public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
      return connected(new java.net.InetSocketAddress(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        String host, int port, java.net.InetAddress localHost, int localPort)
        throws java.io.IOException {
      return connected(new java.net.InetSocketAddress(host, port));
    }

    @Override
    public java.net.Socket createSocket(java.net.InetAddress host, int port)
        throws java.io.IOException {
      return connected(new java.net.InetSocketAddress(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        java.net.InetAddress address, int port, java.net.InetAddress localAddress, int localPort)
        throws java.io.IOException {
      return connected(new java.net.InetSocketAddress(address, port));
    }

    private java.net.Socket connected(java.net.InetSocketAddress address)
        throws java.io.IOException {
      java.net.Socket socket = createSocket();
      socket.connect(address, 10_000);
      return socket;
    }
  }

  public MailboxProbe(String host, int port, String user, String password) {
    try {
      Properties props = new Properties();
      props.setProperty("mail.imap.connectiontimeout", "10000");
      props.setProperty("mail.imap.timeout", "20000");
      // Reading a large message back 16 KB per FETCH (the default) takes minutes on GreenMail.
      props.setProperty("mail.imap.fetchsize", Integer.toString(4 * 1024 * 1024));
      // Angus writes an APPEND in pieces: with Nagle's algorithm each one waits for a delayed ACK.
      props.put("mail.imap.socketFactory", new NoDelaySocketFactory());
      Session session = Session.getInstance(props);
      store = session.getStore("imap");
      store.connect(host, port, user, password);
    } catch (MessagingException e) {
      throw new IllegalStateException("probe cannot connect to " + host + ":" + port, e);
    }
  }

  public List<Seen> list(String folderName) {
    try {
      Folder folder = store.getFolder(folderName);
      if (!folder.exists()) {
        return List.of();
      }
      folder.open(Folder.READ_ONLY);
      try {
        List<Seen> out = new ArrayList<>();
        UIDFolder uf = (UIDFolder) folder;
        for (Message m : folder.getMessages()) {
          String[] ids = m.getHeader("Message-ID");
          out.add(
              new Seen(uf.getUID(m), ids == null ? "" : ids[0].trim(), new Flags(m.getFlags())));
        }
        return out;
      } finally {
        folder.close(false);
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("probe cannot list " + folderName, e);
    }
  }

  /** A message as stored: UID, flags, internal date, size and a digest of its bytes. */
  public record Stored(
      long uid, Flags flags, java.time.Instant internalDate, int size, String sha256, String head) {
    public boolean has(Flags.Flag flag) {
      return flags.contains(flag);
    }
  }

  /** Every message with its bytes' size and SHA-256 (streamed), and its first 200 bytes. */
  public List<Stored> stored(String folderName) {
    try {
      Folder folder = store.getFolder(folderName);
      folder.open(Folder.READ_ONLY);
      try {
        List<Stored> out = new ArrayList<>();
        for (Message m : folder.getMessages()) {
          java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
          java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
          int[] size = {0};
          m.writeTo(
              new java.io.OutputStream() {
                @Override
                public void write(int b) {
                  write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                  digest.update(b, off, len);
                  int keep = Math.min(len, 200 - head.size());
                  if (keep > 0) {
                    head.write(b, off, keep);
                  }
                  size[0] += len;
                }
              });
          out.add(
              new Stored(
                  ((UIDFolder) folder).getUID(m),
                  new Flags(m.getFlags()),
                  m.getReceivedDate().toInstant(),
                  size[0],
                  java.util.HexFormat.of().formatHex(digest.digest()),
                  head.toString(java.nio.charset.StandardCharsets.US_ASCII)));
        }
        return out;
      } finally {
        folder.close(false);
      }
    } catch (MessagingException | java.io.IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("probe cannot read " + folderName, e);
    }
  }

  /** Every message's flags by UID, read with one FETCH: for folders too large for {@link #list}. */
  public java.util.SortedMap<Long, Flags> flagsByUid(String folderName) {
    try {
      Folder folder = store.getFolder(folderName);
      folder.open(Folder.READ_ONLY);
      try {
        Message[] messages = folder.getMessages();
        jakarta.mail.FetchProfile profile = new jakarta.mail.FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(jakarta.mail.FetchProfile.Item.FLAGS);
        folder.fetch(messages, profile);
        java.util.SortedMap<Long, Flags> out = new java.util.TreeMap<>();
        for (Message m : messages) {
          out.put(((UIDFolder) folder).getUID(m), new Flags(m.getFlags()));
        }
        return out;
      } finally {
        folder.close(false);
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("probe cannot read the flags of " + folderName, e);
    }
  }

  public List<String> messageIds(String folderName) {
    return list(folderName).stream().map(Seen::messageId).toList();
  }

  public long uidValidity(String folderName) {
    try {
      Folder folder = store.getFolder(folderName);
      folder.open(Folder.READ_ONLY);
      try {
        return ((UIDFolder) folder).getUIDValidity();
      } finally {
        folder.close(false);
      }
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The message's MODSEQ (RFC 7162), as a sync engine would have fetched it. */
  public long modSeq(String folderName, long uid) {
    try {
      org.eclipse.angus.mail.imap.IMAPFolder folder =
          (org.eclipse.angus.mail.imap.IMAPFolder) store.getFolder(folderName);
      folder.open(Folder.READ_ONLY);
      try {
        return ((org.eclipse.angus.mail.imap.IMAPMessage) folder.getMessageByUID(uid)).getModSeq();
      } finally {
        folder.close(false);
      }
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the folder exists (and can hold messages). */
  public boolean exists(String folderName) {
    try {
      Folder folder = store.getFolder(folderName);
      return folder.exists() && (folder.getType() & Folder.HOLDS_MESSAGES) != 0;
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the folder is subscribed (LSUB). */
  public boolean subscribed(String folderName) {
    try {
      return store.getFolder(folderName).isSubscribed();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  public void create(String folderName) {
    try {
      Folder folder = store.getFolder(folderName);
      if (!folder.exists()) {
        folder.create(Folder.HOLDS_MESSAGES);
      }
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appends messages, as a delivery would. */
  public void append(String folderName, jakarta.mail.internet.MimeMessage... messages) {
    try {
      Folder folder = store.getFolder(folderName);
      folder.appendMessages(messages);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sets or clears a flag on one message by UID, as another client would. */
  public void setFlag(String folderName, long uid, Flags.Flag flag, boolean value) {
    try {
      Folder folder = store.getFolder(folderName);
      folder.open(Folder.READ_WRITE);
      try {
        Message m = ((UIDFolder) folder).getMessageByUID(uid);
        m.setFlag(flag, value);
      } finally {
        folder.close(false);
      }
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sets a keyword on one message by UID, as another client would. */
  public void setKeyword(String folderName, long uid, String keyword) {
    try {
      Folder folder = store.getFolder(folderName);
      folder.open(Folder.READ_WRITE);
      try {
        ((UIDFolder) folder).getMessageByUID(uid).setFlags(new Flags(keyword), true);
      } finally {
        folder.close(false);
      }
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sets one flag on each of several messages by UID, in one folder visit. */
  public void setFlags(String folderName, java.util.Map<Long, Flags.Flag> flags) {
    try {
      Folder folder = store.getFolder(folderName);
      folder.open(Folder.READ_WRITE);
      try {
        for (java.util.Map.Entry<Long, Flags.Flag> e : flags.entrySet()) {
          ((UIDFolder) folder).getMessageByUID(e.getKey()).setFlag(e.getValue(), true);
        }
      } finally {
        folder.close(false);
      }
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies one message by UID, as another client (or an interrupted earlier attempt) would. */
  public void copy(String from, long uid, String to) {
    try {
      Folder folder = store.getFolder(from);
      folder.open(Folder.READ_WRITE);
      try {
        Message m = ((UIDFolder) folder).getMessageByUID(uid);
        folder.copyMessages(new Message[] {m}, store.getFolder(to));
      } finally {
        folder.close(false);
      }
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Moves one message by UID (copy, \Deleted, expunge), as an earlier attempt might have. */
  public void move(String from, long uid, String to) {
    try {
      Folder folder = store.getFolder(from);
      folder.open(Folder.READ_WRITE);
      try {
        Message m = ((UIDFolder) folder).getMessageByUID(uid);
        folder.copyMessages(new Message[] {m}, store.getFolder(to));
        m.setFlag(Flags.Flag.DELETED, true);
        ((org.eclipse.angus.mail.imap.IMAPFolder) folder).expunge(new Message[] {m});
      } finally {
        folder.close(false);
      }
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      store.close();
    } catch (MessagingException e) {
      // nothing to do
    }
  }
}
