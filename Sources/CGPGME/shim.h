// GPGME, the library interface to GnuPG (Debian: libgpgme-dev; needs `gpg` at run time).
#include <gpgme.h>
