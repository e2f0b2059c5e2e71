#!/bin/sh
# baolan's one entry point for people and CI.
#
#   toolchain/dev.sh demo   install what is missing, build, show the demo board
#   toolchain/dev.sh test   install what is missing, build, run every test
#                           (a normal -Werror build, then ASan+UBSan, then
#                           the arm64 and armhf builds under qemu-user,
#                           then the boot test)
#   toolchain/dev.sh boot   install what is missing, build the package and
#                           boot it in QEMU (tests/boot/; ctest -L boot)
#   toolchain/dev.sh deb [amd64|arm64|armhf]
#                           build the Debian package (default: this machine's
#                           architecture; arm64/armhf cross-built) in
#                           build-deb-ARCH/ and print its path
#   toolchain/dev.sh deps   only install what is missing
#   toolchain/dev.sh build  only build (build/)
#
# Works on a fresh Debian 12 with nothing but a shell: it installs the
# compiler, CMake and the libraries itself, as root or through sudo.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
jobs=$(nproc 2>/dev/null || echo 2)

# The Debian packages baolan needs, and why (README "Dependencies").
BUILD_PKGS="gcc make cmake pkg-config opencc"
LIB_PKGS="libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libfreetype-dev libharfbuzz-dev libpng-dev libsystemd-dev libdrm-dev libqrencode-dev libexif-dev libpoppler-glib-dev libcairo2-dev libopencc-dev libmicrohttpd-dev libsodium-dev libcjson-dev libgnutls28-dev libmosquitto-dev libcurl4-openssl-dev libxml2-dev"
FONT_PKGS="fonts-noto-cjk fonts-noto-color-emoji fonts-hanazono"
TEST_PKGS="libcmocka-dev xvfb xauth zbar-tools python3 chromium libpango1.0-dev mosquitto mosquitto-clients"
CROSS_PKGS="gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf qemu-user debootstrap"
BOOT_PKGS="qemu-system-x86 debootstrap e2fsprogs python3"

say() { printf 'baolan: %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        say "installing packages needs root: run this as root, or install sudo"
        exit 1
    fi
}

deps() {
    missing=""
    for p in $BUILD_PKGS $LIB_PKGS $FONT_PKGS $TEST_PKGS ${WANT_CROSS:+$CROSS_PKGS} ${WANT_BOOT:+$BOOT_PKGS}; do
        st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
        case "$st" in *"ok installed"*) ;; *) missing="$missing $p" ;; esac
    done
    # Node.js and npm for the browser test (puppeteer-core): Debian's,
    # unless the machine has a Node.js of its own already
    if ! command -v npm >/dev/null 2>&1; then
        missing="$missing nodejs npm"
    fi
    if [ -z "$missing" ]; then
        return 0
    fi
    say "installing:$missing"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

# puppeteer-core for the browser test, at the version package-lock.json
# pins (npm's registry); kept between runs while the lock file is unchanged
browser_deps() {
    lock=tests/browser/package-lock.json
    stamp=tests/browser/node_modules/.baolan-lock
    if [ -f "$stamp" ] && cmp -s "$lock" "$stamp"; then
        return 0
    fi
    say "installing puppeteer-core for the browser test (npm ci)"
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) && cp "$lock" "$stamp"
}

# build DIR [cmake options...]
build() {
    dir=$1
    shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
}

# run_tests DIR [ctest options...]
run_tests() {
    dir=$1
    shift
    (cd "$dir" && ctest --output-on-failure -j "$jobs" "$@")
}

# The boot test (tests/boot/): the package installed on a minimal Debian 12
# and booted in QEMU.  It makes a root file system and boots it: root only.
boot_test() {
    if [ "$(id -u)" != 0 ]; then
        say "the boot test needs root (debootstrap, chroot): skipped; run 'sudo toolchain/dev.sh boot'"
        return 0
    fi
    say "install the package on a minimal Debian 12 and boot it in QEMU (ctest -L boot)"
    build build ${werror:+-DBL_WERROR=$werror} -DBL_BOOT_TEST=ON
    run_tests build -L boot
}

cmd=${1:-}
case "$cmd" in
deps)
    deps
    ;;
build)
    deps
    build build
    ;;
demo)
    deps
    build build
    shift
    ./build/firmware/baolan "$@"
    ;;
test)
    WANT_CROSS=1
    WANT_BOOT=1
    deps
    werror=OFF
    [ "${CI:-}" = true ] && werror=ON
    say "build and test (warnings as errors: $werror)"
    browser_deps
    build build -DBL_WERROR="$werror"
    run_tests build -LE boot
    say "build and test again under AddressSanitizer and UndefinedBehaviorSanitizer"
    build build-asan -DBL_WERROR="$werror" -DBL_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 run_tests build-asan
    for arch in arm64 armhf; do
        preset=$([ $arch = arm64 ] && echo aarch64 || echo armhf)
        say "cross-build for $arch and test under qemu-user"
        as_root ./toolchain/sysroot.sh $arch
        cmake --preset "$preset" -DBL_WERROR="$werror" >/dev/null
        cmake --build --preset "$preset" -j "$jobs"
        ctest --preset "$preset" -j "$jobs"
    done
    boot_test
    ;;
boot)
    WANT_BOOT=1
    deps
    boot_test
    ;;
deb)
    native=$(dpkg --print-architecture)
    arch=${2:-$native}
    dir=build-deb-$arch
    if [ "$arch" = "$native" ]; then
        deps
        set --
    else
        case "$arch" in
        arm64) triplet=aarch64-linux-gnu ;;
        armhf) triplet=arm-linux-gnueabihf ;;
        *)
            echo "usage: toolchain/dev.sh deb [$native|arm64|armhf]" >&2
            exit 2
            ;;
        esac
        WANT_CROSS=1
        deps
        as_root ./toolchain/sysroot.sh "$arch"
        set -- --toolchain "$here/toolchain/$triplet.cmake"
    fi
    say "build the $arch package in $dir/"
    # a package finds its data where it is installed, never in this tree
    build "$dir" -DCMAKE_INSTALL_PREFIX=/usr -DBL_TESTS=OFF -DBL_SOURCE_DATA=OFF "$@" >&2
    rm -f "$dir"/baolan_*.deb
    (cd "$dir" && cpack -G DEB) >&2
    ls "$here/$dir"/baolan_*_"$arch".deb
    ;;
*)
    echo "usage: toolchain/dev.sh demo|test|deps|build|boot|deb [ARCH]" >&2
    exit 2
    ;;
esac
