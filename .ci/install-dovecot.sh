#!/usr/bin/env bash
# Installs Debian's dovecot-imapd for the imap module's interoperability tests, once.
#
# The tests never use the system's Dovecot: each test class starts its own instance with its own
# configuration, on a free port of 127.0.0.1 (see DovecotServer in imap-fixtures). The package's
# own service is therefore stopped if the package started one, so that it holds no ports (143,
# 993) and no CPU. Idempotent: it does nothing when /usr/sbin/dovecot is already there, except
# make sure no system instance runs.
set -euo pipefail

log() { printf '[install-dovecot] %s\n' "$*"; }

# True while the process runs; a zombie (dead, not yet reaped by whoever adopted it) does not.
running() {
  local state
  state=$(sed -n 's/.*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

if [ -x /usr/sbin/dovecot ]; then
  log "dovecot is installed: $(/usr/sbin/dovecot --version)"
else
  if [ "$(id -u)" -ne 0 ]; then
    log "dovecot-imapd is not installed and this script needs root to install it"
    exit 1
  fi
  log "installing dovecot-imapd"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null
  log "installed: $(/usr/sbin/dovecot --version)"
fi

# Under systemd the package enables and starts dovecot.service (and its socket units).
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
fi

# Without systemd the package's postinst starts the system instance through its init script
# (unless policy-rc.d forbids it, as in this project's containers).
# Stop it by its own pid file (never by name: the tests' instances are dovecot processes too).
pid_file=/run/dovecot/master.pid
if [ -s "$pid_file" ]; then
  pid=$(cat "$pid_file")
  if running "$pid"; then
    log "stopping the system dovecot instance (pid $pid)"
    kill "$pid" || true
    for _ in $(seq 1 50); do
      running "$pid" || break
      sleep 0.1
    done
    if running "$pid"; then
      log "the system dovecot instance (pid $pid) did not stop"
      exit 1
    fi
  fi
fi
