#!/bin/sh
# The boot test's Debian 12 root, as a kiosk owner would make it: a minimal
# system (debootstrap minbase) with a kernel, systemd, udev and kmod, and
# the packages the .deb depends on - nothing else.  Cached as a tarball
# under /var/cache/baolan-build/ keyed on a hash of the package list, so it
# is made once (about 2.5 min) and again only when the list changes.
#
#   mkroot.sh PACKAGE.deb       prints the path of the root tarball
#
# Needs root (debootstrap), and the Debian mirror this machine's apt uses
# (toolchain/debian-mirror.sh).  Only amd64 roots are made here: an arm64
# root needs the second stage run under emulation (README "Boot test").
set -eu
deb=${1:?usage: mkroot.sh PACKAGE.deb}
here=$(cd "$(dirname "$0")/../.." && pwd)
. "$here/toolchain/debian-mirror.sh"
cache=${BL_SYSROOT_BASE:-/var/cache/baolan-build}
arch=$(dpkg-deb -f "$deb" Architecture)
[ "$arch" = "$(dpkg --print-architecture)" ] || {
    echo "mkroot.sh: a $arch root cannot be made on this machine (only $(dpkg --print-architecture))" >&2
    exit 2
}
case "$arch" in
amd64) kernel=linux-image-amd64 ;;
arm64) kernel=linux-image-arm64 ;;
*) echo "mkroot.sh: no kernel for $arch" >&2; exit 2 ;;
esac

# The package's Depends, by name: the first of alternatives, no versions
# (debootstrap takes the suite's version; dpkg checks the versions when
# the package is installed into the root).
depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' | grep -v '^$' |
    sort -u | paste -sd, -)
pkgs="$kernel,systemd-sysv,udev,kmod,$depends"
key=$(printf '%s %s\n' "$arch" "$pkgs" | sha256sum | cut -c1-16)
tarball=$cache/bootroot-$arch-$key.tar
if [ -f "$tarball" ]; then
    echo "$tarball"
    exit 0
fi

mkdir -p "$cache"
# One maker at a time (two worktrees testing at once): the second waits,
# then finds the first one's root.
exec 9>"$cache/bootroot-$arch.lock"
flock 9
if [ -f "$tarball" ]; then
    echo "$tarball"
    exit 0
fi
mirror=$(debian_mirror)
debian_proxy
work=$(mktemp -d "$cache/bootroot-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "baolan: making the $arch boot root from $mirror (about 2.5 min, once): $pkgs" >&2
if ! debootstrap --arch="$arch" --variant=minbase --include="$pkgs" bookworm "$work/root" "$mirror" \
    >"$cache/bootroot-$arch.log" 2>&1; then
    echo "baolan: debootstrap failed; see $cache/bootroot-$arch.log" >&2
    tail -5 "$cache/bootroot-$arch.log" >&2
    exit 1
fi
r=$work/root
# What the installer would have written: the root file system, a name.
echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" >"$r/etc/fstab"
echo baolan-kiosk >"$r/etc/hostname"
# A machine id made at first boot, as on an image.
: >"$r/etc/machine-id"
rm -f "$r"/var/cache/apt/archives/*.deb
[ -e "$r/vmlinuz" ] && [ -e "$r/initrd.img" ] || {
    echo "baolan: the root has no kernel or initrd (/vmlinuz, /initrd.img)" >&2
    exit 1
}
tar -C "$r" -cf "$work/root.tar" .
# one root per architecture is kept
rm -f "$cache/bootroot-$arch-"*.tar
mv "$work/root.tar" "$tarball"
echo "baolan: boot root ready: $tarball ($(du -m "$tarball" | cut -f1) MB)" >&2
echo "$tarball"
