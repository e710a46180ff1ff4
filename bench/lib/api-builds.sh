# Sourced by the benches that run the API as a child process. Builds the API, the ledger tool and the bench project
# given as $1 in Release, and exports private copies of the API's and the tool's builds (FACEPAY_API_DIR,
# FACEPAY_TOOL_DIR), removed on exit: a rebuild in the shared tree must not swap assemblies under the running server
# (the tool migrates its database and issues the second operator).
for project in Api Cli "$1"; do
  out="$(dotnet build -c Release "$project" --nologo -v quiet -clp:NoSummary 2>&1)" || { echo "$out" >&2; exit 1; }
done
FACEPAY_API_DIR="$(mktemp -d)"
FACEPAY_TOOL_DIR="$(mktemp -d)"
trap 'rm -rf "$FACEPAY_API_DIR" "$FACEPAY_TOOL_DIR"' EXIT
cp -r Api/bin/Release/net10.0/. "$FACEPAY_API_DIR"
cp -r Cli/bin/Release/net10.0/. "$FACEPAY_TOOL_DIR"
export FACEPAY_API_DIR FACEPAY_TOOL_DIR
