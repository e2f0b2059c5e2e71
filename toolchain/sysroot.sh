#!/bin/sh
# Builds the sysroot for cross-building baolan: Debian 12's arm64 or armhf
# -dev packages of SDL2, SDL2_ttf, HarfBuzz, FreeType, libpng, cmocka,
# libsystemd (sd_notify), libdrm (the panel's DPMS), libqrencode (the link
# QR code) and libc, unpacked into
# /var/cache/baolan-build/sysroot-ARCH, fetched from the Debian mirror of
# this machine's apt sources (toolchain/debian-mirror.sh).
#
#   toolchain/sysroot.sh arm64|armhf
#
# Why a sysroot and not multiarch (dpkg --add-architecture): multiarch
# needs every shared library at exactly the same version for both
# architectures, and a security update built for amd64 before arm64 (or a
# mirror in the middle of a sync) then blocks the install.  An unpacked
# sysroot from one consistent suite has no such coupling, and it is the
# same set of Debian packages.  debootstrap resolves the dependencies and
# fetches the packages; dpkg-deb unpacks them (nothing from the sysroot is
# run on the build machine; the tests run it under qemu-user).
set -eu
arch=${1:?usage: toolchain/sysroot.sh arm64|armhf}
case "$arch" in arm64 | armhf) ;; *) echo "toolchain/sysroot.sh: arm64 or armhf, not '$arch'" >&2; exit 2 ;; esac
root=${BL_SYSROOT_BASE:-/var/cache/baolan-build}/sysroot-$arch
# The mirror (and proxy) this machine's apt uses, so a builder behind a
# local mirror builds the sysroot through it; BL_DEBIAN_MIRROR overrides.
. "$(cd "$(dirname "$0")" && pwd)/debian-mirror.sh"
pkgs=libc6-dev,libgcc-12-dev,linux-libc-dev,libsdl2-dev,libsdl2-ttf-dev,libharfbuzz-dev,libfreetype-dev,libpng-dev,libcmocka-dev,libsystemd-dev,libdrm-dev,libqrencode-dev,libsdl2-image-dev,libexif-dev,libpoppler-glib-dev,libcairo2-dev,libopencc-dev,libmicrohttpd-dev,libsodium-dev,libcjson-dev,libgnutls28-dev,libmosquitto-dev,libpango1.0-dev,libcurl4-openssl-dev,libxml2-dev

if [ -f "$root/.baolan-sysroot" ] && [ "$(cat "$root/.baolan-sysroot")" = "$pkgs" ]; then
    exit 0
fi
mirror=$(debian_mirror)
debian_proxy
echo "baolan: building the $arch sysroot in $root from $mirror (about a minute)" >&2
rm -rf "$root.new"
mkdir -p "$(dirname "$root")"
# --foreign: fetch and unpack only; the second stage would have to run
# arm64 code, and a sysroot needs none of it.
debootstrap --arch="$arch" --foreign --variant=minbase --include="$pkgs" bookworm "$root.new" "$mirror" >"$root.log" 2>&1 || {
    echo "baolan: debootstrap failed; see $root.log" >&2
    tail -5 "$root.log" >&2
    exit 1
}
for deb in "$root.new"/var/cache/apt/archives/*.deb; do
    dpkg-deb -x "$deb" "$root.new"
done
rm -f "$root.new"/var/cache/apt/archives/*.deb
# Absolute symlinks (libm.so -> /lib/aarch64-linux-gnu/libm.so.6) would
# point into the build machine: make them relative inside the sysroot.
find "$root.new" -type l | while read -r link; do
    target=$(readlink "$link")
    case "$target" in
    /*) ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$root.new$target")" "$link" ;;
    esac
done
echo "$pkgs" >"$root.new/.baolan-sysroot"
rm -rf "$root"
mv "$root.new" "$root"
echo "baolan: $arch sysroot ready" >&2
