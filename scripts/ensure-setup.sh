#!/usr/bin/env bash
# Idempotent set-up for a fresh machine (Debian 12, Node 20): system packages, then npm dependencies.
# Runs before `npm start` and `npm test`, so those two commands are all a new user needs.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(pcscd libpcsclite-dev vsmartcard-vpcd pcsc-tools opensc yubico-piv-tool chromium
  xvfb xauth dbus gnome-keyring libsecret-1-dev libsecret-tools python3-fido2 wixl msitools
  wine wine64  # wine: the MSI + Group Policy registry round trip (test/integration/installer), ~12 s to install
  libengine-pkcs11-openssl  # OpenSSL's pkcs11 engine: card TLS client certificates (main/identity/standard), ~1 s
  # An independent OpenID Connect provider for the standard profile's tests (test/fixtures/lemonldap): its
  # portal behind nginx with SSL client-certificate authentication. The two Perl modules are Recommends
  # the portal needs; named so a no-recommends apt still installs them. Services are not started here.
  lemonldap-ng lemonldap-ng-fastcgi-server nginx-light libstring-random-perl libio-string-perl
  libnss3-tools  # certutil: the provider's CA in Chromium's NSS database, as IT trusts a trust's own CA on Linux
  publicsuffix)  # the Public Suffix List: WebAuthn RP IDs on provider pages (main/auth/fido/system-public-suffix.ts)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "lanyard: installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Electron's binary and Playwright's browsers cannot be downloaded here; native modules build
# against the system's Node headers (ENVIRONMENT.md).
export ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_config_nodedir=/usr
stamp=node_modules/.lanyard-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "lanyard: installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
