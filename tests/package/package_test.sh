#!/usr/bin/env bash
# The Debian package, end to end: cpack builds ibasho_VERSION_amd64.deb; its control data
# (Depends from the real libraries, conffiles) and file list are as documented; it installs
# into an empty root with `dpkg --root` (maintainer scripts included); systemd-analyze verify
# accepts the unit; the installed binary starts with the shipped config and serves the
# client's index page and /readyz; a purge leaves nothing behind; the example HAProxy config
# passes `haproxy -c`; lintian (when installed) reports no errors.
# Usage: tests/package/package_test.sh BUILD_DIR    Exit 77 (CTest: skipped) without the tools.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=$(cd "${1:?usage: package_test.sh BUILD_DIR}" && pwd -P)
source_dir=$(pwd -P)

for tool in cpack dpkg dpkg-deb dpkg-shlibdeps systemd-analyze curl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: '$tool' is not installed (deploy/install-deps.sh installs it)"
    exit 77
  fi
done
if [[ ! -f "$source_dir/client-web/dist/index.html" ]]; then
  echo "SKIP: the web client is not built (deploy/build-client.sh)"
  exit 77
fi

work=$(mktemp -d /tmp/ibasho-package-test.XXXXXX)
server_pid=""
redis_port=""
cleanup() {
  [[ -n "$server_pid" ]] && kill -KILL "$server_pid" 2>/dev/null || true
  [[ -n "$redis_port" ]] && redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
step() { echo "--- $*"; }

step "cpack -G DEB"
# cpack installs what is built (packaging/Packaging.cmake skips the `all` dependency).
cmake --build "$build_dir" --target ibasho-server >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; fail "ibasho-server did not build"; }
(cd "$build_dir" && cpack -G DEB -B "$work/cpack" -D CPACK_OUTPUT_FILE_PREFIX="$work/out" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log" >&2; fail "cpack failed"; }
version=$(sed -n 's/^project(ibasho VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
deb="$work/out/ibasho_${version}_amd64.deb"
[[ -f "$deb" ]] || fail "no $deb (cpack made: $(ls "$work/out" 2>&1))"
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

step "control data"
dpkg-deb -f "$deb" Package Version Architecture Depends
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libstdc++6 libssl3 libhiredis0.14 libsodium23 libicu72; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -x -O ./conffiles >"$work/conffiles"
for f in /etc/ibasho/ibasho.json /etc/ibasho/rooms.json; do
  grep -qx "$f" "$work/conffiles" || fail "$f is not a conffile"
done

step "file list"
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/files"
for f in /usr/bin/ibasho-server /usr/share/ibasho/client/index.html /etc/ibasho/ibasho.json \
         /etc/ibasho/rooms.json /lib/systemd/system/ibasho@.service \
         /usr/share/doc/ibasho/copyright /usr/share/doc/ibasho/changelog.gz \
         /usr/share/doc/ibasho/guide-operators.md /usr/share/man/man1/ibasho-server.1.gz \
         /usr/share/doc/ibasho/examples/ibasho.cfg \
         /usr/share/doc/ibasho/examples/redis-ibasho.conf \
         /usr/share/doc/ibasho/examples/redis-ibasho-ephemeral.conf \
         /usr/share/doc/ibasho/examples/sentinel-ibasho.conf; do
  grep -qx "$f" "$work/files" || fail "the package lacks $f"
done
# Nothing from the build machine or the tests.
if grep -E '_test|/tests?/|/build/|/work/' "$work/files"; then
  fail "the package holds test or build-tree files"
fi

step "dpkg --root into an empty root"
# An empty root has no /bin/sh to chroot into, so the maintainer scripts run outside it
# (--force-script-chrootless) with DPKG_ROOT set, which they honour; --force-depends because
# the root holds none of the libraries (this machine's are used to run the binary below).
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
dpkg_cmd=(dpkg)
if [[ $(id -u) -ne 0 ]]; then
  command -v fakeroot >/dev/null 2>&1 || { echo "SKIP: dpkg --root needs root or fakeroot"; exit 77; }
  dpkg_cmd=(fakeroot dpkg --force-not-root)
fi
"${dpkg_cmd[@]}" --root="$root" --log=/dev/null --force-script-chrootless --force-depends \
  -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -i failed"; }
status=$(dpkg --root="$root" -s ibasho | sed -n 's/^Status: //p')
[[ "$status" == "install ok installed" ]] || fail "dpkg says '$status' (postinst failed?)"
echo "dpkg: $status"
[[ -x "$root/usr/bin/ibasho-server" ]] || fail "no executable /usr/bin/ibasho-server"
cmp -s "$root/usr/share/ibasho/client/index.html" client-web/dist/index.html ||
  fail "the installed index.html differs from client-web/dist's"

cp "$root/usr/share/doc/ibasho/examples/ibasho.cfg" "$work/ibasho.cfg"

# The two Redis roles (docs/privacy.md): the ephemeral one keeps no files, the Store's has AOF.
examples="$root/usr/share/doc/ibasho/examples"
for line in 'appendonly no' 'save ""' 'repl-diskless-sync yes'; do
  grep -qx "$line" "$examples/redis-ibasho-ephemeral.conf" ||
    fail "redis-ibasho-ephemeral.conf lacks: $line"
done
grep -qx 'appendonly yes' "$examples/redis-ibasho.conf" || fail "redis-ibasho.conf lacks its AOF"

step "systemd-analyze verify"
# Not with --root: an empty root has none of systemd's own units (sysinit.target, which every
# service is ordered after) nor /bin/kill. So the installed unit is verified against this
# machine's systemd, with only its ExecStart path pointed at the binary inside the root.
mkdir -p "$work/units"
sed "s|/usr/bin/ibasho-server|$root/usr/bin/ibasho-server|g" \
  "$root/lib/systemd/system/ibasho@.service" >"$work/units/ibasho@1.service"
grep -q "ExecStart=$root/usr/bin/ibasho-server" "$work/units/ibasho@1.service" ||
  fail "the unit does not start /usr/bin/ibasho-server"
if ! systemd-analyze verify --man=no "$work/units/ibasho@1.service" >"$work/verify.log" 2>&1 ||
   grep -q . "$work/verify.log"; then
  cat "$work/verify.log" >&2
  fail "systemd-analyze verify complained"
fi
echo "verify: no complaints"
for key in DynamicUser=yes ProtectSystem=strict ProtectHome=yes NoNewPrivileges=yes \
           PrivateTmp=yes PrivateDevices=yes "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" \
           CapabilityBoundingSet= SystemCallFilter=@system-service MemoryMax= LimitNOFILE= \
           Restart=on-failure; do
  grep -q "^$key" "$work/units/ibasho@1.service" || fail "the unit lacks $key"
done
systemd-analyze security --offline=yes "$work/units/ibasho@1.service" 2>/dev/null | tail -n 1 ||
  true

step "the installed server with the shipped config"
if [[ -n "${IBASHO_TEST_REDIS_URL:-}" ]]; then
  redis_url="$IBASHO_TEST_REDIS_URL"
else
  command -v redis-server >/dev/null 2>&1 || { echo "SKIP: no redis-server"; exit 77; }
  redis_port=$(deploy/free-port.sh)
  deploy/redis-local.sh "$redis_port" "$work/redis" --ephemeral >/dev/null
  redis_url="redis://127.0.0.1:$redis_port"
fi
port=$(deploy/free-port.sh)
# Only what must differ here: the port, the throw-away Redis (own prefix; both Redis roles in
# one), and the rooms file inside the root. The web client is found beside the binary, as on a
# real install.
(cd "$work" && exec "$root/usr/bin/ibasho-server" --config "$root/etc/ibasho/ibasho.json" \
   --rooms "$root/etc/ibasho/rooms.json" --listen "127.0.0.1:$port" --redis "$redis_url" \
   --store-redis "$redis_url" --redis-prefix "pkgtest$$:" --node-id pkgtest) 2>"$work/server.log" &
server_pid=$!
ready=""
for _ in $(seq 1 150); do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; fail "the server stopped"; }
  if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/readyz") == 200 ]]; then
    ready=1
    break
  fi
  sleep 0.1
done
[[ -n "$ready" ]] || { cat "$work/server.log" >&2; fail "/readyz did not answer 200 within 15 s"; }
grep -q "event=static_folder path=$root/usr/share/ibasho/client source=installed" \
  "$work/server.log" || { cat "$work/server.log" >&2; fail "the client was not found beside the binary"; }
curl -fs --max-time 5 "http://127.0.0.1:$port/" >"$work/index.html" || fail "GET / failed"
cmp -s "$work/index.html" "$root/usr/share/ibasho/client/index.html" ||
  fail "GET / is not the installed index.html"
echo "GET / = the installed index.html; GET /readyz = 200"
kill -TERM "$server_pid"
code=0
wait "$server_pid" || code=$?
server_pid=""
[[ "$code" == 0 ]] || { cat "$work/server.log" >&2; fail "the server exited $code after SIGTERM"; }
grep -q "event=drain_started" "$work/server.log" || fail "the shipped config does not drain"

step "dpkg --purge"
"${dpkg_cmd[@]}" --root="$root" --log=/dev/null --force-script-chrootless --purge ibasho \
  >"$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "dpkg --purge failed"; }
left=$(find "$root" -path "$root/var/lib/dpkg" -prune -o \
       -type f -print)
[[ -z "$left" ]] || fail "purge left files behind: $left"
echo "purge: nothing left"

if command -v haproxy >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  step "haproxy -c on the example config"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
    -subj /CN=localhost -keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1
  cat "$work/cert.pem" "$work/key.pem" >"$work/ibasho.pem"
  sed -e "s|/etc/haproxy/certs/ibasho.pem|$work/ibasho.pem|" \
      -e "s|/run/haproxy/admin.sock|$work/admin.sock|" \
      "$work/ibasho.cfg" >"$work/haproxy.cfg"
  haproxy -c -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 ||
    { cat "$work/haproxy.log" >&2; fail "haproxy -c rejected the example config"; }
  if grep -q 'WARNING' "$work/haproxy.log"; then
    cat "$work/haproxy.log" >&2
    fail "haproxy -c warns about the example config"
  fi
  # Outside comments: no client address in the log format, no httplog (its default format
  # starts with the client address), nothing forwarded but the PROXY v2 header (issue 15),
  # which only nodes told to believe it (IBASHO_PROXY_FROM) read, hash and drop.
  if grep -v '^[[:space:]]*#' "$work/haproxy.cfg" |
     grep -Eq '%ci|%cp|%\{[^}]*\}?o?ci|option +httplog|option +tcplog|option +forwardfor|(^|[[:space:]])send-proxy( |$)'; then
    fail "the example HAProxy config logs or forwards client addresses"
  fi
  if grep -v '^[[:space:]]*#' "$work/haproxy.cfg" | grep -q 'send-proxy-v2' &&
     ! grep -q '^IBASHO_PROXY_FROM=' "$source_dir/packaging/etc/node.env.example"; then
    fail "the example HAProxy config sends PROXY v2 but node.env.example does not trust it"
  fi
  echo "haproxy -c: valid"
fi

if command -v lintian >/dev/null 2>&1; then
  step "lintian (errors fail the test; warnings are shown)"
  lintian --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>&1 || true
  cat "$work/lintian.log"
  if grep -q '^E:' "$work/lintian.log"; then
    fail "lintian reports errors"
  fi
fi
echo "package test: passed"
