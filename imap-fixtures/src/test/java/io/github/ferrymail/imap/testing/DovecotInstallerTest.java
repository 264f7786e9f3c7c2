package io.github.ferrymail.imap.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fixture does when Dovecot is missing: installs it where it can (here with a stand-in
 * install script, as the real one would need the package removed), and otherwise says exactly what
 * to install.
 */
class DovecotInstallerTest {
  @TempDir Path dir;

  @Test
  void asRootWithAptGetItRunsTheInstallScriptOnceAndFindsTheBinary() throws Exception {
    Path binary = dir.resolve("sbin/dovecot");
    Path runs = dir.resolve("runs");
    Path script =
        script(
            "mkdir -p "
                + binary.getParent()
                + " && printf '#!/bin/sh\\n' > "
                + binary
                + " && chmod +x "
                + binary
                + " && echo run >> "
                + runs);
    DovecotInstaller installer = installer(binary, true, Path.of("/bin/sh"), script);

    assertThat(installer.ensureInstalled()).isNull();
    assertThat(installer.ensureInstalled()).isNull();
    assertThat(Files.isExecutable(binary)).isTrue();
    assertThat(Files.readAllLines(runs)).containsExactly("run");
  }

  @Test
  void aFailingInstallSaysWhatItRanAndWhatItPrinted() throws Exception {
    Path script = script("echo 'E: Unable to locate package dovecot-imapd' && exit 100");
    String failure =
        installer(dir.resolve("dovecot"), true, Path.of("/bin/sh"), script).ensureInstalled();
    assertThat(failure)
        .contains("installing dovecot-imapd failed")
        .contains("exit 100")
        .contains("Unable to locate package dovecot-imapd");
  }

  @Test
  void withoutRootItSaysHowToInstallIt() {
    String failure =
        installer(dir.resolve("dovecot"), false, Path.of("/bin/sh"), null).ensureInstalled();
    assertThat(failure).contains("as root").contains("apt-get install dovecot-imapd");
  }

  @Test
  void withoutAptGetItSaysWhatMustExist() {
    Path binary = dir.resolve("dovecot");
    String failure = installer(binary, true, dir.resolve("no-apt-get"), null).ensureInstalled();
    assertThat(failure).contains("no apt-get").contains(binary.toString());
  }

  @Test
  void theRepositorysScriptIsFoundFromAModuleDirectory() {
    Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    assertThat(DovecotInstaller.findScript(module))
        .isNotNull()
        .satisfies(p -> assertThat(p.getFileName()).hasToString("install-dovecot.sh"));
    assertThat(DovecotInstaller.findScript(dir)).isNull();
  }

  private DovecotInstaller installer(Path binary, boolean root, Path aptGet, Path script) {
    return new DovecotInstaller(binary, root, aptGet, script, dir.resolve("lock"));
  }

  private Path script(String body) throws Exception {
    Path script = dir.resolve("install.sh");
    Files.writeString(script, "set -e\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }
}
