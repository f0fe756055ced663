#!/bin/sh
# Derives the site names from the app's settings (one source of truth: the same .env as the web app),
# checks the certificate files are there, then runs Caddy.
set -eu
: "${KALPANA_PUBLIC_URL:?KALPANA_PUBLIC_URL is required (e.g. https://kalpana.example.com)}"
# https://host[:port][/...] -> host
host=${KALPANA_PUBLIC_URL#*://}; host=${host%%/*}; host=${host%%:*}
export KALPANA_APP_HOST="$host"
export KALPANA_WORKSPACE_DOMAIN="${KALPANA_WORKSPACE_DOMAIN:-$host}"
export KALPANA_PREVIEW_DOMAIN="${KALPANA_PREVIEW_DOMAIN:-$KALPANA_WORKSPACE_DOMAIN}"
# The http→https redirect names the https port unless it is the default.
if [ "${KALPANA_HTTPS_PORT:-443}" = 443 ]; then export KALPANA_HTTPS_SUFFIX=""; else export KALPANA_HTTPS_SUFFIX=":$KALPANA_HTTPS_PORT"; fi
# Started as root only to read the key (it may stay 0600 root on the host); Caddy gets a private copy.
# A renewed certificate takes effect at `docker compose restart proxy`.
for f in fullchain.pem privkey.pem; do
  [ -r "/etc/kalpana/certs/$f" ] || { echo "kalpana-proxy: /etc/kalpana/certs/$f is missing or unreadable (README, Production: certificates)" >&2; exit 1; }
  install -o caddy -g caddy -m 0600 "/etc/kalpana/certs/$f" "/run/kalpana-certs/$f"
done
echo "kalpana-proxy: https://$KALPANA_APP_HOST, *.$KALPANA_WORKSPACE_DOMAIN, *.$KALPANA_PREVIEW_DOMAIN -> 127.0.0.1:${KALPANA_WEB_PORT:-3000}"
exec setpriv --reuid=caddy --regid=caddy --init-groups caddy run --config /etc/caddy/Caddyfile --adapter caddyfile
