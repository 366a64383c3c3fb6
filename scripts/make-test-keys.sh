#!/usr/bin/env bash
# Makes throwaway keys for trying encrypted delivery by hand or in an end-to-end test:
#   make-test-keys.sh DIR
# writes into DIR (created if missing):
#   bank-gnupg/             the bank's GnuPG home: decrypt with
#                           gpg --homedir DIR/bank-gnupg --batch --decrypt FILE.pgp
#   bank.asc                the bank's OpenPGP public key (configure as the bank key);
#                           its fingerprint goes to bank.fpr
#   ours-secret.asc         our OpenPGP signing key, protected by the passphrase in
#   ours.passphrase         (configure as a passphrase file; the bank already trusts ours.asc)
#   bank-cert.pem           the bank's RSA certificate for CMS (configure as the certificate);
#   bank-key.pem            its private key: openssl cms -decrypt -binary -inform DER \
#                           -in FILE.p7m -inkey DIR/bank-key.pem -recip DIR/bank-cert.pem
# Never use these keys for anything real.
set -euo pipefail

DIR=${1:?usage: make-test-keys.sh DIR}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

bank_home="$DIR/bank-gnupg"
ours_home=$(mktemp -d)
trap 'gpgconf --homedir "$ours_home" --kill gpg-agent 2>/dev/null || true; rm -rf "$ours_home"' EXIT
mkdir -p -m 700 "$bank_home"
chmod 700 "$ours_home"

gpg_in() { local home=$1; shift; gpg --homedir "$home" --batch --yes --quiet --pinentry-mode loopback "$@"; }
new_key() { gpg_in "$1" --passphrase "$3" --status-fd 1 --quick-gen-key "$2" future-default default 2y | awk '/KEY_CREATED/ { print $NF }'; }

bank_fpr=$(new_key "$bank_home" "Test Bank <ach@bank.example>" "")
gpg_in "$bank_home" --armor --output "$DIR/bank.asc" --export "$bank_fpr"
echo "$bank_fpr" >"$DIR/bank.fpr"

passphrase=$(openssl rand -hex 16)
printf '%s\n' "$passphrase" >"$DIR/ours.passphrase"
chmod 600 "$DIR/ours.passphrase"
ours_fpr=$(new_key "$ours_home" "ACH Worker Test <ach@worker.example>" "$passphrase")
gpg_in "$ours_home" --passphrase "$passphrase" --armor --output "$DIR/ours-secret.asc" --export-secret-keys "$ours_fpr"
chmod 600 "$DIR/ours-secret.asc"
gpg_in "$ours_home" --armor --output "$DIR/ours.asc" --export "$ours_fpr"
gpg_in "$bank_home" --import "$DIR/ours.asc"
gpgconf --homedir "$bank_home" --kill gpg-agent 2>/dev/null || true

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$DIR/bank-key.pem" -out "$DIR/bank-cert.pem" \
  -subj "/CN=Test Bank ACH" -days 730 2>/dev/null
chmod 600 "$DIR/bank-key.pem"

echo "test keys in $DIR (bank OpenPGP fingerprint $bank_fpr)"
