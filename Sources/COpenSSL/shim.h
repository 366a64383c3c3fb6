// OpenSSL (Debian: libssl-dev): CMS EnvelopedData for the banks that want it, HMAC, and
// AES-256-GCM for account numbers at rest.
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
