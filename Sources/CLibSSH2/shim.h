// libssh2 with its SFTP subsystem (Debian: libssh2-1-dev).
#include <libssh2.h>
#include <libssh2_sftp.h>
