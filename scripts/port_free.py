"""Exit with a one-line message when PORT is taken on 127.0.0.1, before `make run` does any
work: `python3 scripts/port_free.py PORT`. Needs only Python's standard library (it runs before
the project's environment is installed)."""

import errno
import socket
import sys


def main(port: int) -> int:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            print(
                f"Port {port} is taken by another program; choose another: PORT={port + 1000} "
                "make run",
                file=sys.stderr,
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1])))
