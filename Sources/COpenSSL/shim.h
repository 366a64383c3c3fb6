// OpenSSL: CMS EnvelopedData for the banks that want it (Debian: libssl-dev).
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
