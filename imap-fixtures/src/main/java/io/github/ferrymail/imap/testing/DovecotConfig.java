package io.github.ferrymail.imap.testing;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Writes the dovecot.conf of one test instance: everything under its own directory, nothing read
 * from /etc/dovecot, a static password for every user name, and the capabilities of its profile.
 */
final class DovecotConfig {

  private DovecotConfig() {}

  /**
   * The configuration text.
   *
   * @param dir the instance's directory (run/, state/, home/ and the log live under it)
   * @param port the port to listen on, on 127.0.0.1
   * @param password the password every user name logs in with
   * @param profile what the instance offers
   * @param certificate the server certificate, for the TLS profiles
   */
  static String render(
      Path dir,
      int port,
      String password,
      DovecotServer.Profile profile,
      @Nullable TestCertificate certificate) {
    var conf = new StringBuilder();
    conf.append(
        """
        # Written by Ferry's DovecotServer test fixture; the instance is deleted with its directory.
        base_dir = %1$s/run
        state_dir = %1$s/state
        log_path = %1$s/dovecot.log
        listen = 127.0.0.1
        protocols = imap
        auth_mechanisms = plain login
        auth_failure_delay = 0
        first_valid_uid = 1
        mail_uid = nobody
        mail_gid = nogroup
        mail_location = maildir:~/Maildir
        # Test mailboxes are thrown away: do not pay for fsync.
        mail_fsync = never
        # Cluster tests hold one connection per account and worker (150 and more at once);
        # each IMAP connection is a process of its own, and the default limit is 100.
        default_process_limit = 512
        default_client_limit = 2048
        passdb {
          driver = static
          args = password=%2$s
        }
        userdb {
          driver = static
          args = uid=nobody gid=nogroup home=%1$s/home/%%u
        }
        namespace inbox {
          inbox = yes
          mailbox Trash {
            special_use = \\Trash
            auto = subscribe
          }
          mailbox Archive {
            special_use = \\Archive
            auto = subscribe
          }
          mailbox Sent {
            special_use = \\Sent
            auto = subscribe
          }
        }
        """
            .formatted(dir, password));
    if (certificate == null) {
      conf.append(
          """
          ssl = no
          disable_plaintext_auth = no
          service imap-login {
            inet_listener imap {
              port = %d
            }
            inet_listener imaps {
              port = 0
            }
          }
          """
              .formatted(port));
    } else {
      conf.append(
          """
          ssl = required
          ssl_cert = <%s
          ssl_key = <%s
          service imap-login {
            inet_listener imap {
              port = 0
            }
            inet_listener imaps {
              port = %d
              ssl = yes
            }
          }
          """
              .formatted(certificate.certificateFile(), certificate.keyFile(), port));
    }
    conf.append("protocol imap {\n");
    // The default of 10 would refuse tests that open many connections as one user.
    conf.append("  mail_max_userip_connections = 1000\n");
    if (profile == DovecotServer.Profile.OLD_NO_MOVE_NO_UIDPLUS) {
      // Dovecot still executes MOVE and still answers COPY with COPYUID; it only stops saying so.
      conf.append("  imap_capability = IMAP4rev1 LITERAL+ IDLE NAMESPACE UNSELECT\n");
    }
    conf.append("}\n");
    return conf.toString();
  }
}
