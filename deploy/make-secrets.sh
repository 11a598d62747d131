#!/usr/bin/env bash
# Writes to standard output the Secrets the manifests reference (deploy/secrets.example.yaml names them), for
# `kubectl apply -f -`; run it once per site, before `kubectl apply -k`. Needs openssl and kubectl (no cluster: it
# only formats, with --dry-run=client).
#
#   bash deploy/make-secrets.sh --demo | kubectl apply -f -        # the demo overlay: everything made up here
#   PULSE_REDIS='redis.example.internal:6380,password=...,ssl=true' \
#   PULSE_POSTGRES='Host=postgres.example.internal;Username=pulse;Password=...;Database=pulse;SSL Mode=Require' \
#     bash deploy/make-secrets.sh [--feed-tls DIR] [--ingress-tls DIR] [--host pulse.example.com] | kubectl apply -f -
#
# --demo         Redis and PostgreSQL are the demo overlay's own (redis:6380, postgres:5432) with random passwords, and
#                the ConfigMap pulse-demo-clock gets the current minute (the upstream services' shared start).
# --feed-tls DIR the feed certificate from DIR/tls.crt, DIR/tls.key, DIR/ca.crt; without it a new CA (its key deleted
#                once it has signed) and a certificate for every feed Service of the namespace, valid 365 days.
# --ingress-tls DIR  the Ingress certificate from DIR/tls.crt and DIR/tls.key; without it a self-signed one for --host
#                (browsers warn: a site gives its own, or lets cert-manager write pulse-ingress-tls).
# --logins FILE  the auth role's logins, a JSON array of {"userName","tenant","passwordHash"} (docs/host.md, auth);
#                required without --demo. With --demo and without it: supervisor, teamlead and admin of the tenant
#                "demo", password "pulse", hashed here (PBKDF2-SHA256, 600,000 iterations).
# --namespace NS the namespace (default pulse).
# The feed and forwarder secrets are random (32 hex digits), and so is the auth role's new RSA key: running the script
# again replaces them (sessions then end; restart the roles to pick up the new values).
set -euo pipefail

demo=false feed_tls="" ingress_tls="" host=pulse.example.com ns=pulse logins=""
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) demo=true ;;
    --feed-tls) feed_tls=$2; shift ;;
    --ingress-tls) ingress_tls=$2; shift ;;
    --host) host=$2; shift ;;
    --logins) logins=$2; shift ;;
    --namespace) ns=$2; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "make-secrets.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for tool in openssl kubectl; do
  command -v "$tool" >/dev/null || { echo "make-secrets.sh: $tool is required" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077
random() { openssl rand -hex 16; }
emit() { kubectl create "$@" --namespace "$ns" --dry-run=client -o yaml; echo "---"; }

if $demo; then
  redis_password=$(random) postgres_password=$(random)
  redis="redis:6380,password=$redis_password"
  postgres="Host=postgres;Port=5432;Username=pulse;Password=$postgres_password;Database=pulse"
else
  redis=${PULSE_REDIS:?"make-secrets.sh: set PULSE_REDIS to the site's Redis configuration (or give --demo)"}
  postgres=${PULSE_POSTGRES:?"make-secrets.sh: set PULSE_POSTGRES to the site's PostgreSQL connection string (or give --demo)"}
  redis_password="" postgres_password=""
fi

# The feed certificate: every Service a feed client connects to, in its short and namespaced forms.
if [ -z "$feed_tls" ]; then
  feed_tls=$work/feed
  mkdir -p "$feed_tls"
  names=""
  for service in lds lds-vq voice-sip voice-sip-vq ixn ixn-vq; do
    names="$names,DNS:$service,DNS:$service.$ns,DNS:$service.$ns.svc,DNS:$service.$ns.svc.cluster.local"
  done
  {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 -subj "/CN=pulse-feed-ca" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout "$feed_tls/ca.key" -out "$feed_tls/ca.crt"
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=pulse-feed" \
      -keyout "$feed_tls/tls.key" -out "$feed_tls/tls.csr"
    printf '%s\n' "subjectAltName=${names#,}" "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
      "extendedKeyUsage=serverAuth" >"$feed_tls/tls.ext"
    openssl x509 -req -in "$feed_tls/tls.csr" -CA "$feed_tls/ca.crt" -CAkey "$feed_tls/ca.key" -CAcreateserial -days 365 \
      -extfile "$feed_tls/tls.ext" -out "$feed_tls/tls.crt"
    rm -f "$feed_tls/ca.key"
  } 2>"$work/openssl.log" || { cat "$work/openssl.log" >&2; exit 1; }
fi
if [ -z "$ingress_tls" ]; then
  ingress_tls=$work/ingress
  mkdir -p "$ingress_tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 -subj "/CN=$host" \
    -addext "subjectAltName=DNS:$host" -keyout "$ingress_tls/tls.key" -out "$ingress_tls/tls.crt" 2>"$work/openssl.log" \
    || { cat "$work/openssl.log" >&2; exit 1; }
fi
# The auth role's logins: the site's file, or the demo's, hashed as the role's PasswordHasher does.
pbkdf2() { # PASSWORD: pbkdf2-sha256$600000$<salt>$<key>, base64
  local salt key
  salt=$(openssl rand 16 | base64)
  key=$(openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:"$1" -kdfopt hexsalt:"$(printf '%s' "$salt" | base64 -d | od -An -tx1 | tr -d ' \n')" \
    -kdfopt iter:600000 -binary PBKDF2 | base64)
  printf 'pbkdf2-sha256$600000$%s$%s' "$salt" "$key"
}
if [ -z "$logins" ]; then
  $demo || { echo "make-secrets.sh: give --logins FILE, the site's logins (see --help)" >&2; exit 2; }
  logins=$work/logins.json
  printf '[' >"$logins"
  sep=""
  for user in supervisor teamlead admin; do
    printf '%s{"userName":"%s","tenant":"demo","passwordHash":"%s"}' "$sep" "$user" "$(pbkdf2 pulse)" >>"$logins"
    sep=","
  done
  printf ']\n' >>"$logins"
fi
[ -r "$logins" ] || { echo "make-secrets.sh: --logins $logins cannot be read" >&2; exit 2; }

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/signing-key.pem" 2>"$work/openssl.log" \
  || { cat "$work/openssl.log" >&2; exit 1; }

redis_args=(--from-literal=configuration="$redis")
postgres_args=(--from-literal=connection-string="$postgres")
if $demo; then
  redis_args+=(--from-literal=password="$redis_password")
  postgres_args+=(--from-literal=password="$postgres_password")
fi
emit secret generic pulse-redis "${redis_args[@]}"
emit secret generic pulse-postgres "${postgres_args[@]}"
emit secret generic pulse-feed --from-literal=secret="$(random)"
emit secret generic pulse-forwarder --from-literal=secret="$(random)"
emit secret generic pulse-config-admin --from-literal=secret="$(random)"
emit secret generic pulse-config-read --from-literal=secret="$(random)"
emit secret generic pulse-auth-signing-key --from-file=signing-key.pem="$work/signing-key.pem"
emit secret generic pulse-auth-logins --from-file=logins.json="$logins"
emit secret generic pulse-feed-tls --type=kubernetes.io/tls \
  --from-file=tls.crt="$feed_tls/tls.crt" --from-file=tls.key="$feed_tls/tls.key" --from-file=ca.crt="$feed_tls/ca.crt"
emit secret tls pulse-ingress-tls --cert="$ingress_tls/tls.crt" --key="$ingress_tls/tls.key"
if $demo; then
  emit configmap pulse-demo-clock --from-literal=start="$(date -u +%Y-%m-%dT%H:%M:00Z)"
fi
