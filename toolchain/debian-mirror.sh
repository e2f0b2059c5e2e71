# Sourced by toolchain/sysroot.sh and tests/boot/: where this machine gets
# Debian 12 packages from, so that a builder behind a local mirror or a
# proxy builds the sysroot and the boot test's root through the same.
#
#   . toolchain/debian-mirror.sh; debian_mirror   prints the mirror's URI
#
# BL_DEBIAN_MIRROR wins.  Otherwise the machine's own apt sources, as apt
# itself parsed them (`apt-get indextargets` reads sources.list and the
# deb822 *.sources alike, and needs no `apt-get update`): the first source
# of suite bookworm, else the first that looks like a Debian archive
# (.../debian), else Debian's own address.  A proxy that apt is configured
# with (Acquire::http::Proxy) is exported as http_proxy for debootstrap,
# unless one is already set.

debian_mirror() {
    if [ -n "${BL_DEBIAN_MIRROR:-}" ]; then
        echo "$BL_DEBIAN_MIRROR"
        return 0
    fi
    # shellcheck disable=SC2016 # apt's own $(FIELD) placeholders
    _bl_src=$(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' \
        2>/dev/null | awk '
        # debootstrap fetches over http, https and file only
        $1 !~ /^(https?|file):/ { next }
        $2 == "bookworm" && !suite { suite = $1 }
        $1 ~ /\/debian\/?$/ && !archive { archive = $1 }
        END { if (suite) print suite; else if (archive) print archive }')
    echo "${_bl_src:-http://deb.debian.org/debian}"
}

debian_proxy() {
    if [ -z "${http_proxy:-}" ]; then
        _bl_proxy=""
        eval "$(apt-config shell _bl_proxy Acquire::http::Proxy 2>/dev/null)" || true
        if [ -n "$_bl_proxy" ] && [ "$_bl_proxy" != DIRECT ]; then
            http_proxy=$_bl_proxy
            export http_proxy
        fi
    fi
}
