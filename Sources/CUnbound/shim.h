// Bridge to libunbound. Linked directly (`link "unbound"`): its pkg-config file needs
// libevent-dev and nettle-dev, which danescope does not otherwise use.
#ifndef DANESCOPE_CUNBOUND_SHIM_H
#define DANESCOPE_CUNBOUND_SHIM_H

#include <unbound.h>

#endif
