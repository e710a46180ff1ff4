# Installs the Debian packages the service needs, and only when something is missing:
# a machine that has them all never runs apt-get at all.

deb_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# apt_install PACKAGE...: one apt-get update, then install; quiet unless it fails.
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: this set-up expects Debian 12 (missing: $*)"
  [ "$(id -u)" = 0 ] || die "installing $* needs root (run as root, or install them first)"
  note "installing: $*"
  local log="$LEDGER_DATA/apt.log"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get update >"$log" 2>&1; then
    tail -20 "$log" >&2; die "apt-get update failed (log: $log)"
  fi
  if ! apt-get install -y --no-install-recommends "$@" >>"$log" 2>&1; then
    tail -20 "$log" >&2; die "apt-get install $* failed (log: $log)"
  fi
}

ensure_packages() {
  step "Checking system packages"
  local missing=()
  local pkg
  # jq: the README's tour (scripts/tour.sh) reads ids and keys out of the service's answers with it.
  # libturbojpeg0: the vision plugin decodes JPEG frames with it (SIMD; Skia's own copy has none; docs/VISION.md).
  for pkg in postgresql postgresql-contrib rabbitmq-server jq libturbojpeg0; do
    deb_installed "$pkg" || missing+=("$pkg")
  done
  # Node.js may come from another source than Debian (whose npm then conflicts), so check the commands.
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
  else
    note "postgresql, rabbitmq-server, jq, libturbojpeg0, node and npm are installed"
  fi
  [ -x "$LEDGER_PG_BIN/postgres" ] || die "PostgreSQL 15 not found in $LEDGER_PG_BIN (is this Debian 12?)"
  command -v rabbitmq-server >/dev/null || die "rabbitmq-server not found after installing it"

  # The .NET SDK is part of the machine, not something this script installs.
  command -v dotnet >/dev/null || die "the .NET SDK 10 is required but 'dotnet' is not on PATH"
  local sdk
  sdk="$(dotnet --version 2>/dev/null)" || die "'dotnet --version' failed: is a .NET SDK installed?"
  case "$sdk" in
    10.*) note "dotnet SDK $sdk" ;;
    *) die "the .NET SDK 10 is required, found '$sdk'" ;;
  esac
}

# ensure_test_packages: what only the test command needs. promtool (Debian's prometheus package) checks and
# unit-tests the alert rules in docker/prometheus. The package also brings a Prometheus server; on a machine with
# systemd the freshly installed one is stopped and disabled again, as nothing here wants it running.
# chromium (Debian's package) is the browser the console's tests drive with Playwright, by its executable path:
# Playwright's own browser download is not reachable from here.
ensure_test_packages() {
  step "Checking test tools"
  local missing=()
  command -v promtool >/dev/null || missing+=(prometheus)
  command -v chromium >/dev/null || missing+=(chromium)
  if [ ${#missing[@]} -eq 0 ]; then
    note "promtool and chromium are installed"
    return
  fi
  apt_install "${missing[@]}"
  command -v promtool >/dev/null || die "promtool not found after installing prometheus"
  command -v chromium >/dev/null || die "chromium not found after installing it"
  if [[ " ${missing[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
}
