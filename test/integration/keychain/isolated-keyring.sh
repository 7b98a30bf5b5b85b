#!/usr/bin/env bash
# Runs CMD against a private D-Bus session whose keychain is broken in one way, under a throw-away
# HOME, and cleans up every process it started (by pid):
#   absent   no keyring daemon running (D-Bus starts one on demand; it has no login keyring)
#   locked   a login keyring exists on disk but the daemon was restarted without unlocking it
#   stalled  the daemon is running but stopped (SIGSTOP) for 4 s: calls wait until it continues
#   no-bus   no D-Bus session at all
set -euo pipefail
mode=$1; shift
tmp=$(mktemp -d /tmp/lanyard-keyring-broken.XXXXXX)
mkdir -p "$tmp/home" "$tmp/run"; chmod 700 "$tmp/run"
export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" LANYARD_KEYRING_MODE="$mode"
unset DISPLAY WAYLAND_DISPLAY  # an unlock prompt must fail, not wait on a screen
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
if [ "$mode" = no-bus ]; then
  DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/run/no-such-bus" "$@"
  exit $?
fi
dbus-run-session -- bash -c '
  set -u
  daemon=""
  stop_daemon() { if [ -n "$daemon" ]; then kill -CONT "$daemon" 2>/dev/null; kill "$daemon" 2>/dev/null; wait 2>/dev/null; fi; }
  trap stop_daemon EXIT
  start_daemon() { # unlock-password-or-empty
    if [ -n "$1" ]; then printf %s "$1" > "$HOME/pw"; else : > "$HOME/pw"; fi
    if [ -n "$1" ]; then gnome-keyring-daemon --foreground --unlock --components=secrets < "$HOME/pw" >/dev/null 2>&1 &
    else gnome-keyring-daemon --foreground --components=secrets < /dev/null >/dev/null 2>&1 & fi
    daemon=$!; rm -f "$HOME/pw"
    for _ in $(seq 50); do dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true && return 0; sleep 0.1; done
    echo "keyring daemon did not start" >&2; return 1
  }
  case "$LANYARD_KEYRING_MODE" in
    absent) ;;
    locked)
      start_daemon "pw-$RANDOM$RANDOM"
      printf x | secret-tool store --label=seed lanyard seed   # creates the login keyring on disk
      stop_daemon; start_daemon "" ;;
    stalled)
      start_daemon "pw-$RANDOM$RANDOM"
      kill -STOP "$daemon"
      # Continue it later so the stuck calls finish and everything exits normally.
      ( sleep 4; kill -CONT "$daemon" 2>/dev/null ) & ;;
    *) echo "unknown mode $LANYARD_KEYRING_MODE" >&2; exit 2 ;;
  esac
  "$@"
' bash "$@" 2> >(grep -v -e "fd limit" -e "Gtk-WARNING" -e "SystemPrompter" -e "^$" -e "couldn.t" >&2)
