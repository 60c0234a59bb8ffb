#!/usr/bin/env python3
"""A real SMTP server for tests/api/mail.rs: aiosmtpd (pinned in scripts/test)
that saves every message it accepts as a file in --dir, with TLS from the test's
own CA: --mode starttls (STARTTLS required before MAIL) or --mode tls
(implicit TLS, smtps). Prints READY once it listens; runs until killed."""

import argparse
import asyncio
import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller


class Save:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = f"{time.time_ns()}-{self.count}"
        tmp = os.path.join(self.directory, f".{name}.tmp")
        with open(tmp, "wb") as f:
            f.write(b"X-Sink-Rcpt: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(b"X-Sink-Tls: " + (b"yes" if session.ssl else b"no") + b"\r\n")
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(self.directory, f"{name}.eml"))
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--mode", choices=["starttls", "tls"], default="starttls")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    handler = Save(args.dir)
    if args.mode == "tls":
        controller = Controller(handler, hostname="127.0.0.1", port=args.port, ssl_context=context)
    else:
        controller = Controller(
            handler, hostname="127.0.0.1", port=args.port, tls_context=context, require_starttls=True
        )
    controller.start()
    print("READY", flush=True)
    try:
        asyncio.get_event_loop().run_until_complete(asyncio.Event().wait())
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
