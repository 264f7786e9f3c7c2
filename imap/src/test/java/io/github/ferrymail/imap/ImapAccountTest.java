package io.github.ferrymail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ImapAccountTest {
  private static ImapAccount.Builder builder() {
    return ImapAccount.builder(
        "imap.example.com", "alice", CredentialsProvider.password("hunter2"));
  }

  @Test
  void defaultsAreSafeAndFinite() {
    ImapAccount a = builder().build();
    assertThat(a.tlsMode()).isEqualTo(TlsMode.IMPLICIT);
    assertThat(a.port()).isEqualTo(993);
    assertThat(a.connectTimeout()).isEqualTo(ImapAccount.DEFAULT_CONNECT_TIMEOUT);
    assertThat(a.readTimeout()).isEqualTo(ImapAccount.DEFAULT_READ_TIMEOUT);
    assertThat(a.writeTimeout()).isEqualTo(ImapAccount.DEFAULT_WRITE_TIMEOUT);
    assertThat(a.noUidPlusPolicy()).isEqualTo(NoUidPlusPolicy.LEAVE_DELETED_FLAG);
    assertThat(a.trashFolder()).isEqualTo("Trash");
    assertThat(a.createMissingFolders()).isFalse();
    assertThat(a.sslSocketFactory()).isNull();
    assertThat(a.protocolTrace()).isEqualTo(ImapAccount.DEFAULT_PROTOCOL_TRACE).isFalse();
    assertThat(builder().protocolTrace(true).build().protocolTrace()).isTrue();
    assertThat(builder().tlsMode(TlsMode.STARTTLS_REQUIRED).build().port()).isEqualTo(143);
  }

  @Test
  void neverShowsTheSecret() {
    assertThat(builder().build().toString()).doesNotContain("hunter2");
    assertThat(CredentialsProvider.password("hunter2").toString()).doesNotContain("hunter2");
    assertThat(Credentials.oauth2Token("tok-123").toString()).doesNotContain("tok-123");
    assertThat(CredentialsProvider.oauth2(() -> "tok-123").credentials().kind())
        .isEqualTo(Credentials.Kind.OAUTH2_TOKEN);
  }

  @Test
  void validatesEachSettingByName() {
    assertThatThrownBy(() -> ImapAccount.builder(" ", "u", CredentialsProvider.password("p")))
        .hasMessageContaining("host");
    assertThatThrownBy(() -> ImapAccount.builder("h", null, CredentialsProvider.password("p")))
        .hasMessageContaining("user");
    assertThatThrownBy(() -> ImapAccount.builder("h", "u", null))
        .hasMessageContaining("credentials");
    assertThatThrownBy(() -> builder().port(0)).hasMessageContaining("port");
    assertThatThrownBy(() -> builder().port(65536)).hasMessageContaining("port");
    assertThatThrownBy(() -> builder().readTimeout(Duration.ZERO))
        .hasMessageContaining("readTimeout");
    assertThatThrownBy(() -> builder().connectTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> builder().writeTimeout(null)).hasMessageContaining("writeTimeout");
    assertThatThrownBy(() -> builder().trashFolder("")).hasMessageContaining("trashFolder");
    assertThatThrownBy(() -> builder().maxUidSetLength(10)).hasMessageContaining("maxUidSetLength");
    assertThatThrownBy(() -> builder().trustedCertificates()).hasMessageContaining("certificates");
    assertThatThrownBy(() -> Credentials.password("")).hasMessageContaining("secret");
  }

  @Test
  void ignoredCapabilitiesAreUpperCased() {
    assertThat(builder().ignoreCapabilities("move", " UidPlus ").build().ignoredCapabilities())
        .containsExactly("MOVE", "UIDPLUS");
  }

  @Test
  void imap4rev2ImpliesMoveAndUidPlus() {
    ServerCapabilities rev2 = new ServerCapabilities(java.util.Set.of("IMAP4rev2"));
    assertThat(rev2.move()).isTrue();
    assertThat(rev2.uidPlus()).isTrue();
    ServerCapabilities old = new ServerCapabilities(java.util.Set.of("IMAP4rev1"));
    assertThat(old.moveStrategy()).isEqualTo(ServerCapabilities.MoveStrategy.COPY_FLAG_DELETED);
    assertThat(new ServerCapabilities(java.util.Set.of("UIDPLUS")).moveStrategy())
        .isEqualTo(ServerCapabilities.MoveStrategy.COPY_UID_EXPUNGE);
  }
}
