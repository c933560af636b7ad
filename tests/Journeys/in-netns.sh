#!/usr/bin/env bash
# Runs a command in a private network namespace that has only loopback (127.0.0.1 / ::1), and in its
# own PID namespace, so nothing it starts can reach another address and nothing outlives it: when the
# command ends, the kernel kills every process it left behind.
#
#   bash tests/Journeys/in-netns.sh node tests/Journeys/run.mjs
#
# Needs `unshare` (util-linux) and `ip` (iproute2). As root it uses the namespaces directly; as any
# other user it first enters an unprivileged user namespace (`unshare -r`), where that user is root
# of the new namespaces only and gains nothing on the host.
set -euo pipefail
if [ "$#" -eq 0 ]; then echo "usage: $0 <command> [args...]" >&2; exit 2; fi
if [ "${IN_JOURNEY_NETNS:-}" = "1" ]; then exec "$@"; fi   # already inside
user_ns=()
if [ "$(id -u)" -ne 0 ]; then
  user_ns=(--user --map-root-user)
  if ! unshare "${user_ns[@]}" --net true 2>/dev/null; then
    cat >&2 <<'EOT'
in-netns.sh: this kernel does not let an ordinary user create a network namespace (unprivileged
user namespaces are off: sysctl kernel.unprivileged_userns_clone=0 or user.max_user_namespaces=0).
The tests run in a loopback-only namespace so that nothing can reach another address. Either run
the script as root (sudo ./scripts/test.sh), or allow user namespaces:
  sudo sysctl -w kernel.unprivileged_userns_clone=1   # Debian/Ubuntu
EOT
    exit 1
  fi
fi
# The command becomes PID 1 of the new PID namespace (so it should handle SIGTERM/SIGINT itself).
# The Playground ports (56150...) lie inside Linux's ephemeral range (32768-60999), and on Linux an
# outgoing connection's ephemeral source port blocks a listener on that port: the bot's connections to
# Azurite or a Playground once took 56152 before the third Playground started (CI, session 3). The
# namespace has its own sysctls, so reserving the range here changes nothing on the host.
exec unshare "${user_ns[@]}" --net --pid --fork --mount-proc --kill-child=SIGTERM \
  env IN_JOURNEY_NETNS=1 bash -c 'set -e; ip link set lo up
    echo 56150-56199 > /proc/sys/net/ipv4/ip_local_reserved_ports
    exec "$@"' in-netns "$@"
