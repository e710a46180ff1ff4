#!/usr/bin/env bash
# Makes the API's secret files for docker/compose.yaml, one per setting, each named as the setting's environment
# variable (the service reads the folder as Ledger__SecretsDirectory; compose mounts each file under /run/secrets):
#   Ledger__MasterKey              base64 of 32 random bytes: seals terminal keys, payment credentials, face data keys
#   Audit__SigningKey              base64 of a 32-byte Ed25519 seed: signs the audit checkpoints
#   Ledger__Credentials__Operator  the first operator's bearer token (lgr_ + 32 random bytes, base64url)
# A file that exists is kept: a new master key could not open what the old one sealed, and a new audit key would not
# match the signed history (rotate it with `ledger audit rotate-key`, docker/README.md).
#
#   bash docker/secrets.sh [DIR]    DIR defaults to docker/secrets, which git and the image build ignore
set -euo pipefail

dir="${1:-$(dirname "${BASH_SOURCE[0]}")/secrets}"
command -v openssl >/dev/null || { echo "error: openssl is needed (apt-get install openssl)" >&2; exit 1; }
umask 077
mkdir -p "$dir"
# The folder keeps other users of this host out; the files themselves are world-readable so that the container's
# non-root user (not this host's owner of the files) can read them where compose bind-mounts them.
chmod 700 "$dir"

random_key() { openssl rand -base64 32; }
operator_token() { printf 'lgr_%s\n' "$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n')"; }

# secret NAME COMMAND: writes COMMAND's output to DIR/NAME unless a non-empty file is there already.
secret() {
  local name="$1" file="$dir/$1" tmp
  shift
  if [[ -s "$file" ]]; then
    echo "kept     $file"
    return
  fi
  tmp="$(mktemp "$dir/.$name.XXXXXX")"
  "$@" >"$tmp"
  chmod 444 "$tmp"
  mv -n "$tmp" "$file"
  rm -f "$tmp"
  echo "created  $file"
}

secret Ledger__MasterKey random_key
secret Audit__SigningKey random_key
secret Ledger__Credentials__Operator operator_token
