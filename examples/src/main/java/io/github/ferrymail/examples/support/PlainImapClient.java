package io.github.ferrymail.examples.support;

import io.github.ferrymail.examples.support.DemoMailServer.ServerMessage;
import jakarta.mail.FetchProfile;
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
import java.util.TreeSet;

/**
 * A second IMAP client, plain Jakarta Mail and nothing of Ferry's, for what the demo server really
 * holds: one connection per call, closed after it.
 */
final class PlainImapClient {
  private final int port;
  private final String password;

  PlainImapClient(int port, String password) {
    this.port = port;
    this.password = password;
  }

  /** Work on a connected store. */
  interface StoreWork<T> {
    T apply(Store store) throws MessagingException;
  }

  /** Connects as {@code user} on loopback, runs {@code work}, and disconnects. */
  <T> T withStore(String user, StoreWork<T> work) {
    Properties props = new Properties();
    props.put("mail.imap.connectiontimeout", "10000");
    props.put("mail.imap.timeout", "10000");
    try {
      Store store = Session.getInstance(props).getStore("imap");
      store.connect("127.0.0.1", port, user, password);
      try {
        return work.apply(store);
      } finally {
        store.close();
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("demo IMAP server: " + e.getMessage(), e);
    }
  }

  /** The messages of one folder, in UID order, with their flags. */
  static List<ServerMessage> read(Store store, String name) throws MessagingException {
    Folder folder = store.getFolder(name);
    if (!folder.exists()) {
      throw new IllegalStateException("no folder " + name + " on the server");
    }
    folder.open(Folder.READ_ONLY);
    try {
      UIDFolder uids = (UIDFolder) folder;
      Message[] all = folder.getMessages();
      // One FETCH for the whole folder instead of several round trips per message.
      FetchProfile profile = new FetchProfile();
      profile.add(UIDFolder.FetchProfileItem.UID);
      profile.add(FetchProfile.Item.FLAGS);
      profile.add(FetchProfile.Item.ENVELOPE);
      profile.add("Message-ID");
      folder.fetch(all, profile);
      List<ServerMessage> messages = new ArrayList<>();
      for (Message m : all) {
        String[] ids = m.getHeader("Message-ID");
        messages.add(
            new ServerMessage(
                uids.getUIDValidity(),
                uids.getUID(m),
                ids == null ? null : ids[0],
                m.getSubject(),
                m.isSet(Flags.Flag.SEEN),
                m.isSet(Flags.Flag.FLAGGED),
                m.isSet(Flags.Flag.DELETED),
                m.isSet(Flags.Flag.ANSWERED),
                new TreeSet<>(List.of(m.getFlags().getUserFlags()))));
      }
      return messages;
    } finally {
      folder.close(false);
    }
  }
}
