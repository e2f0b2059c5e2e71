#!/usr/bin/env python3
"""qmp.py - a minimal QEMU Machine Protocol client for the boot test.

    qmp.py SOCKET screendump FILE.png   the screen as QEMU's display has it
    qmp.py SOCKET quit                  ends the virtual machine

Exit 0 on success, 1 when QEMU answers with an error or cannot be reached.
"""
import json
import socket
import sys


def command(sock, reader, name, arguments=None):
    msg = {"execute": name}
    if arguments:
        msg["arguments"] = arguments
    sock.sendall(json.dumps(msg).encode() + b"\n")
    while True:
        line = reader.readline()
        if not line:
            raise ConnectionError("QEMU closed the connection")
        reply = json.loads(line)
        if "event" in reply:  # asynchronous events come in between
            continue
        if "error" in reply:
            raise RuntimeError(f"{name}: {reply['error'].get('desc', reply['error'])}")
        return reply.get("return")


def main(argv):
    if len(argv) < 3 or argv[2] not in ("screendump", "quit") or (argv[2] == "screendump") != (len(argv) == 4):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(30)
            sock.connect(argv[1])
            reader = sock.makefile("r", encoding="utf-8")
            json.loads(reader.readline())  # the greeting
            command(sock, reader, "qmp_capabilities")
            if argv[2] == "screendump":
                command(sock, reader, "screendump", {"filename": argv[3], "format": "png"})
            else:
                try:
                    command(sock, reader, "quit")
                except ConnectionError:
                    pass  # QEMU may close before it answers
    except (OSError, ValueError, RuntimeError, ConnectionError) as e:
        print(f"qmp.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
