#!/usr/bin/env bash
# Builds Lanyard's per-machine deployment MSI from an unpacked Windows app folder, with Debian's
# wixl (apt: wixl msitools). Public properties POLICYFILE, POLICYJSON, STATIONNAME and IDPISSUER
# become values under HKLM\SOFTWARE\Policies\Lanyard (see build/msi/lanyard.wxs, docs/deployment.md).
#
#   scripts/build-msi.sh APP_DIR OUTPUT.msi [VERSION]
#
# APP_DIR is electron-builder's release/win-unpacked (must hold Lanyard.exe). VERSION defaults to
# package.json's, without any pre-release suffix (MSI versions are numeric: major.minor.build).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "build-msi: $*" >&2; exit 1; }
[ $# -ge 2 ] && [ $# -le 3 ] || die "usage: scripts/build-msi.sh APP_DIR OUTPUT.msi [VERSION]"
for tool in wixl wixl-heat msibuild msiinfo; do
  command -v "$tool" >/dev/null || die "$tool is missing: apt-get install wixl msitools"
done

app_dir=$(cd "$1" 2>/dev/null && pwd) || die "app folder '$1' does not exist"
[ -f "$app_dir/Lanyard.exe" ] || die "'$app_dir' has no Lanyard.exe: point at electron-builder's win-unpacked folder"
output=$2
version=${3:-$(node -p "require('$here/package.json').version")}
version=${version%%[-+]*}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "version '$version' is not major.minor.build"

work=$(mktemp -d /tmp/lanyard-msi.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Every file of the app, one 64-bit component each, under INSTALLDIR. wixl only takes source paths
# relative to where it runs, so both tools run inside the app folder.
(cd "$app_dir" && find . -type f | LC_ALL=C sort \
  | wixl-heat --prefix ./ --directory-ref INSTALLDIR --component-group AppFiles --var var.SourceDir --win64 \
  > "$work/files.wxs")
(cd "$app_dir" && wixl --arch x64 -D Version="$version" -D SourceDir=. -D Win64=yes \
  -o "$work/lanyard.msi" "$here/build/msi/lanyard.wxs" "$work/files.wxs")

# What wixl cannot express: each policy value is written only when its property is set, and the
# properties are secure so their command-line values reach the elevated (per-machine) install.
properties=(POLICYFILE:PolicyFileValue POLICYJSON:PolicyJsonValue STATIONNAME:StationNameValue IDPISSUER:IdpIssuerValue)
secure=$(msiinfo export "$work/lanyard.msi" Property | tr -d '\r' | awk -F'\t' '$1 == "SecureCustomProperties" { print $2 }')
for pair in "${properties[@]}"; do
  property=${pair%%:*} component=${pair#*:}
  msibuild "$work/lanyard.msi" -q "UPDATE \`Component\` SET \`Condition\` = '$property' WHERE \`Component\` = '$component'"
  secure="${secure:+$secure;}$property"
done
if msiinfo export "$work/lanyard.msi" Property | grep -q '^SecureCustomProperties'; then
  msibuild "$work/lanyard.msi" -q "UPDATE \`Property\` SET \`Value\` = '$secure' WHERE \`Property\` = 'SecureCustomProperties'"
else
  msibuild "$work/lanyard.msi" -q "INSERT INTO \`Property\` (\`Property\`, \`Value\`) VALUES ('SecureCustomProperties', '$secure')"
fi

mkdir -p "$(dirname "$output")"
mv "$work/lanyard.msi" "$output"
echo "build-msi: $output (Lanyard $version, per machine, x64)"
