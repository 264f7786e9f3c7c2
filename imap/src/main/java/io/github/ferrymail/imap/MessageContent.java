package io.github.ferrymail.imap;

import io.github.ferrymail.core.internal.Args;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of a message to append (RFC 5322, lines ending in CRLF), as a {@link
 * MessageContentProvider} hands them over. They are streamed to the server as the {@code APPEND}
 * literal, {@value #CHUNK_SIZE} bytes at a time, so a large message never has to be in memory: give
 * a file ({@link #of(Path)}) or a stream of your own rather than a byte array for those.
 */
public interface MessageContent {

  /** The most bytes of a message: what an IMAP literal of Jakarta Mail can announce, less room. */
  long MAX_SIZE = Integer.MAX_VALUE - 64 * 1024;

  /** How many bytes are read and written at a time while the literal is sent. */
  int CHUNK_SIZE = 64 * 1024;

  /**
   * The exact number of bytes {@link #open()} returns, announced before they are sent.
   *
   * @return the size, from 1 to {@link #MAX_SIZE}
   */
  long size();

  /**
   * Opens the bytes; called once per attempt, and the stream is closed after it.
   *
   * @return a stream of exactly {@link #size()} bytes
   * @throws IOException when they cannot be read (the append is retried later)
   */
  InputStream open() throws IOException;

  /**
   * Bytes in memory; fine for small messages.
   *
   * @param bytes the message, copied
   * @return the content
   */
  static MessageContent of(byte[] bytes) {
    byte[] copy = Args.notNull(bytes, "bytes").clone();
    return new MessageContent() {
      @Override
      public long size() {
        return copy.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(copy);
      }
    };
  }

  /**
   * A file, read as it is sent: its size is taken now.
   *
   * @param file the message file
   * @return the content
   * @throws UncheckedIOException when the file's size cannot be read
   */
  static MessageContent of(Path file) {
    Args.notNull(file, "file");
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
    return new MessageContent() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }
    };
  }
}
