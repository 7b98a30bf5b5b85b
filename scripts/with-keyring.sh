#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (the real Secret
# Service keytar talks to), under a throw-away HOME so no real keychain is touched.
set -uo pipefail
tmp=$(mktemp -d /tmp/lanyard-keyring.XXXXXX)
mkdir -p "$tmp/home" "$tmp/run"; chmod 700 "$tmp/run"
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" LANYARD_KEYRING_PASSWORD="keyring-$RANDOM$RANDOM" \
  dbus-run-session -- sh -c 'printf %s "$LANYARD_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; unset LANYARD_KEYRING_PASSWORD; exec "$@"' sh "$@"
