#!/usr/bin/env bash
# Installs from Debian what danescope needs and is missing; does nothing when all is there.
#   scripts/deps.sh build   libraries to build and run danescope
#   scripts/deps.sh test    the above plus the real peers the tests start
set -euo pipefail

build_packages=(libncurses-dev libssl-dev libunbound-dev dns-root-data libstdc++-12-dev)
test_packages=(tmux nsd unbound ldnsutils bind9-utils bind9-dnsutils postfix swaks openssl
  iproute2 procps)

wanted=("${build_packages[@]}")
if [ "${1:-build}" = test ]; then
  wanted+=("${test_packages[@]}")
fi

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  sudo=sudo
else
  sudo=
fi
echo "deps: installing ${missing[*]}"
# Postfix asks how to configure itself; danescope runs private instances only, so: none.
echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${missing[@]}"
# Package scripts may start daemons we do not want on the machine's ports; our tests start
# their own private instances.
for service in nsd unbound postfix; do
  $sudo service "$service" stop >/dev/null 2>&1 || true
done
