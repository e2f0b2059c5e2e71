#!/bin/sh
# The include layers of firmware/src: data flows one way, so a module
# includes only headers of its own layer or of the layers below it.  Every
# `#include "..."` in firmware/src names its header by folder
# ("core/base.h"); this test reads them all and fails on one that reaches
# up a layer, names no folder, or names a folder that is not a layer.
#   layers.sh SRC_DIR    (firmware/src)
# The order, lowest first (docs/architecture.md):
layers="core text content layout render board display admin app"
set -u
src=$1
rank() { i=0; for l in $layers; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo -1; }
tmp_fail=$(mktemp)
trap 'rm -f "$tmp_fail"' EXIT
fails=0
checked=0
for dir in "$src"/*/; do
    own=$(basename "$dir")
    r=$(rank "$own")
    if [ "$r" -lt 0 ]; then
        echo "FAIL: firmware/src/$own/ is not a layer (add it to tests/cli/layers.sh in its place)"
        fails=$((fails + 1))
        continue
    fi
    for f in "$dir"*.c "$dir"*.h; do
        [ -f "$f" ] || continue
        rel=${f#"$src"/}
        # file:line:header for every quoted include
        grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | sed 's/^\([0-9]*\):.*"\(.*\)".*/\1 \2/' |
            while read -r line hdr; do
                case "$hdr" in
                */*) ;;
                *) echo "FAIL: $rel:$line includes \"$hdr\" without its layer folder"; echo x >&3; continue ;;
                esac
                layer=${hdr%%/*}
                hr=$(rank "$layer")
                if [ "$hr" -lt 0 ]; then
                    echo "FAIL: $rel:$line includes \"$hdr\": $layer/ is not a layer"; echo x >&3
                elif [ "$hr" -gt "$r" ]; then
                    echo "FAIL: $rel:$line ($own) includes \"$hdr\" from the layer above it ($layer)"; echo x >&3
                elif [ ! -f "$src/$hdr" ]; then
                    echo "FAIL: $rel:$line includes \"$hdr\", which does not exist"; echo x >&3
                fi
            done 3>>"$tmp_fail"
        checked=$((checked + 1))
    done
done
fails=$((fails + $(wc -l <"$tmp_fail")))
echo "$checked files read, layers: $layers"
if [ "$fails" -gt 0 ]; then
    echo "0 passed, 1 failed"
    exit 1
fi
echo "1 passed, 0 failed"
