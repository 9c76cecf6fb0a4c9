#!/usr/bin/env bash
# Installs a released pivotbook binary for this machine: downloads the
# archive dist built for the platform and its .sha256, verifies the checksum,
# unpacks the binary into a folder and checks that it runs. Used by the
# repository's action (action.yml); runs anywhere bash, tar and sha256sum
# (or shasum) are.
#
#   install.sh resolve    print `version=…`, `target=…` and `repo=…` lines (for $GITHUB_OUTPUT)
#   install.sh install    download, verify and unpack into $PIVOTBOOK_DEST
#
# Settings (environment):
#   PIVOTBOOK_VERSION   a released version (0.2.0 or v0.2.0), or `latest` (default)
#   PIVOTBOOK_REPO      owner/name on GitHub (default: read from the action's own path)
#   PIVOTBOOK_RELEASES  where the archives are: a URL or a local folder
#                       (default: https://github.com/$REPO/releases/download/v$VERSION)
#   PIVOTBOOK_TARGET    the target triple (default: this machine's)
#   PIVOTBOOK_DEST      the folder the binary goes into (default: ~/.pivotbook/bin)
#
# Exit status: 0 installed; 1 a download, checksum or archive failed (nothing
# is installed); 3 no release for this version and target (the action then
# builds from source with cargo install).
set -euo pipefail

die() { echo "pivotbook install: $*" >&2; exit "${2:-1}"; }

target() {
  if [ -n "${PIVOTBOOK_TARGET:-}" ]; then echo "$PIVOTBOOK_TARGET"; return; fi
  local os arch
  os=$(uname -s); arch=$(uname -m)
  case "$arch" in
    x86_64|amd64) arch=x86_64 ;;
    aarch64|arm64) arch=aarch64 ;;
    *) die "no release is built for the processor \`$arch\`" 3 ;;
  esac
  case "$os" in
    Linux) echo "$arch-unknown-linux-musl" ;;
    Darwin) echo "$arch-apple-darwin" ;;
    MINGW*|MSYS*|CYGWIN*|Windows_NT)
      [ "$arch" = x86_64 ] || die "no release is built for Windows on \`$arch\`" 3
      echo "x86_64-pc-windows-msvc" ;;
    *) die "no release is built for the system \`$os\`" 3 ;;
  esac
}

# owner/name: given, or from the action's checkout path (…/_actions/OWNER/NAME/REF).
repo() {
  if [ -n "${PIVOTBOOK_REPO:-}" ]; then echo "$PIVOTBOOK_REPO"; return; fi
  local path="${GITHUB_ACTION_PATH:-}"
  if [[ "$path" =~ _actions/([^/]+)/([^/]+)/[^/]+/?$ ]]; then
    echo "${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
  else
    echo "${GITHUB_REPOSITORY:-pivotbook/pivotbook}"
  fi
}

# A URL or a local folder, copied to $2; status 3 when it is not there.
fetch() {
  local src="$1" out="$2"
  case "$src" in
    http://*|https://*)
      local auth=()
      [ -n "${GITHUB_TOKEN:-}" ] && [[ "$src" == https://api.github.com/* ]] && auth=(-H "Authorization: Bearer $GITHUB_TOKEN")
      local code
      code=$(curl -sSL --retry 3 --proto '=https,http' -o "$out" -w '%{http_code}' ${auth[@]+"${auth[@]}"} "$src") || return 1
      [ "$code" = 404 ] && return 3
      [ "$code" -lt 400 ] || return 1 ;;
    file://*) [ -f "${src#file://}" ] || return 3; cp "${src#file://}" "$out" ;;
    *) [ -f "$src" ] || return 3; cp "$src" "$out" ;;
  esac
}

# The version to install, without its `v`.
version() {
  local v="${PIVOTBOOK_VERSION:-latest}"
  if [ "$v" != latest ]; then echo "${v#v}"; return; fi
  if [ -n "${PIVOTBOOK_RELEASES:-}" ]; then
    die "PIVOTBOOK_RELEASES needs PIVOTBOOK_VERSION to name a version"
  fi
  local tmp status=0
  tmp=$(mktemp)
  fetch "https://api.github.com/repos/$(repo)/releases/latest" "$tmp" || status=$?
  if [ "$status" = 3 ]; then rm -f "$tmp"; die "$(repo) has no release yet" 3; fi
  [ "$status" = 0 ] || { rm -f "$tmp"; die "could not ask GitHub for the latest release of $(repo)"; }
  local tag
  tag=$(sed -n 's/.*"tag_name"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$tmp" | head -n 1)
  rm -f "$tmp"
  [ -n "$tag" ] || die "$(repo) has no release yet" 3
  echo "${tag#v}"
}

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null; then shasum -a 256 "$1" | cut -d ' ' -f 1
  else die "neither sha256sum nor shasum is installed: cannot verify the download"
  fi
}

install() {
  local v t ext base dest
  v=$(version); t=$(target)
  case "$t" in *windows*) ext=zip ;; *) ext=tar.gz ;; esac
  base="${PIVOTBOOK_RELEASES:-https://github.com/$(repo)/releases/download/v$v}"
  dest="${PIVOTBOOK_DEST:-$HOME/.pivotbook/bin}"
  local archive="pivotbook-$t.$ext"
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  local work="$WORK"
  local status=0
  fetch "$base/$archive" "$work/$archive" || status=$?
  [ "$status" = 3 ] && die "no release archive $archive for version $v at $base" 3
  [ "$status" = 0 ] || die "could not download $base/$archive"
  fetch "$base/$archive.sha256" "$work/$archive.sha256" || die "no checksum $archive.sha256 beside the archive at $base"
  local want got
  want=$(cut -d ' ' -f 1 < "$work/$archive.sha256" | tr -d '\r\n' | tr 'A-F' 'a-f')
  got=$(sha256 "$work/$archive")
  [ -n "$want" ] && [ "$want" = "$got" ] || die "checksum mismatch for $archive: expected ${want:-nothing}, got $got; nothing installed"
  mkdir -p "$work/unpacked"
  tar -xf "$work/$archive" -C "$work/unpacked" || die "$archive is not a readable archive"
  local exe=pivotbook
  [ "$ext" = zip ] && exe=pivotbook.exe
  local bin
  bin=$(find "$work/unpacked" -type f -name "$exe" | head -n 1)
  [ -n "$bin" ] || die "$archive holds no $exe"
  chmod +x "$bin"
  "$bin" --version >/dev/null || die "the $exe in $archive does not run on this machine"
  mkdir -p "$dest"
  cp "$bin" "$dest/$exe.tmp" && mv -f "$dest/$exe.tmp" "$dest/$exe"
  [ -n "${GITHUB_PATH:-}" ] && echo "$dest" >> "$GITHUB_PATH"
  echo "pivotbook install: $("$dest/$exe" --version) in $dest (sha256 $got)"
}

case "${1:-install}" in
  resolve) status=0; v=$(version) || status=$?
           [ "$status" = 0 ] || [ "$status" = 3 ] || exit "$status"
           echo "version=${v:-}"; echo "target=$(target)"; echo "repo=$(repo)" ;;
  install) install ;;
  *) die "usage: install.sh [resolve|install]" ;;
esac
