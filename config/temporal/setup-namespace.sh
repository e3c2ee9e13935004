#!/bin/sh
# Creates Loudwire's namespace and registers its search attributes through the operator API, then waits until a
# visibility query can use them. Idempotent: safe at every start. Used as is by `npm run start:postgres`, CI and
# the compose file's temporal-namespace job (temporalio/admin-tools), with cluster.env in the environment plus:
#   TEMPORAL_ADDRESS   the frontend, host:port
#   TEMPORAL_CLI       optional: the temporal CLI binary to use
set -eu
: "${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS}" "${LOUDWIRE_NAMESPACE:?}" "${LOUDWIRE_NAMESPACE_RETENTION:?}"
: "${LOUDWIRE_SEARCH_ATTRIBUTES:?}"
cli="${TEMPORAL_CLI:-temporal}"
namespace="$LOUDWIRE_NAMESPACE"

# Retries a command for up to a minute and prints its output once it succeeds: the frontend may still be joining
# its cluster, and a new namespace or search attribute reaches every cache within seconds, not at once.
output="$(mktemp)"
trap 'rm -f "$output"' EXIT
retry() {
  attempt=1
  until "$@" >"$output" 2>&1; do
    if [ "$attempt" -ge 60 ]; then
      cat "$output" >&2
      return 1
    fi
    attempt=$((attempt + 1))
    sleep 1
  done
  cat "$output"
}

retry "$cli" operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null
if "$cli" operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$namespace" >/dev/null 2>&1; then
  echo "namespace: $namespace exists"
else
  "$cli" operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$namespace" \
    --retention "$LOUDWIRE_NAMESPACE_RETENTION"
  echo "namespace: $namespace created (retention $LOUDWIRE_NAMESPACE_RETENTION)"
fi

registered=$(retry "$cli" operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$namespace")
for attribute in $LOUDWIRE_SEARCH_ATTRIBUTES; do
  name="${attribute%%=*}"
  type="${attribute##*=}"
  if printf '%s\n' "$registered" | grep -qw "$name"; then continue; fi
  retry "$cli" operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$namespace" \
    --name "$name" --type "$type" >/dev/null
  echo "search attribute: $name ($type) registered"
done

# Ready when the frontend accepts a visibility query on every attribute (its caches have caught up).
query=""
for attribute in $LOUDWIRE_SEARCH_ATTRIBUTES; do
  # A value of the attribute's own type: Datetime and Int attributes refuse the word 'ready'.
  case "${attribute#*=}" in
    Datetime) value="'2000-01-01T00:00:00Z'" ;;
    Int | Double) value=0 ;;
    *) value="'ready'" ;;
  esac
  query="${query:+$query OR }${attribute%%=*} = $value"
done
retry "$cli" workflow count --address "$TEMPORAL_ADDRESS" --namespace "$namespace" --query "$query" >/dev/null
echo "namespace: $namespace ready"
