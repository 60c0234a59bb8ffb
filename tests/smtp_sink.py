#!/usr/bin/env python3
"""A real SMTP server for tests/api/mail.rs: aiosmtpd (pinned in scripts/test)
that saves every message it accepts as a file in --dir, with TLS from the test's
own CA: --mode starttls (STARTTLS required before MAIL) or --mode tls
(implicit TLS, smtps). Prints READY once it listens; runs until killed."""

import argparse
import asyncio
import email
import email.policy
import json
import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def tls_of(server, session):
    """STARTTLS done, or a connection that was TLS from the first byte."""
    return bool(session.ssl) or server.transport.get_extra_info("ssl_object") is not None


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
            f.write(b"X-Sink-Tls: " + (b"yes" if tls_of(server, session) else b"no") + b"\r\n")
            f.write(envelope.original_content or envelope.content)
        # What the test checks, decoded by Python's own MIME parser: headers,
        # the text and HTML parts, and the attachments.
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        summary = {
            "rcpt": envelope.rcpt_tos,
            "tls": tls_of(server, session),
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "subject": str(msg["Subject"]),
            "text": msg.get_body(("plain",)).get_content() if msg.get_body(("plain",)) else "",
            "html": msg.get_body(("html",)).get_content() if msg.get_body(("html",)) else "",
            "attachments": [
                {"filename": a.get_filename(), "type": a.get_content_type(), "content": a.get_content()
                 if isinstance(a.get_content(), str) else a.get_content().decode()}
                for a in msg.iter_attachments()
            ],
        }
        with open(os.path.join(self.directory, f".{name}.json.tmp"), "w") as f:
            json.dump(summary, f)
        os.rename(os.path.join(self.directory, f".{name}.json.tmp"), os.path.join(self.directory, f"{name}.json"))
        os.rename(tmp, os.path.join(self.directory, f"{name}.eml"))
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--mode", choices=["starttls", "tls"], default="starttls")
    parser.add_argument("--user", help="require AUTH (PLAIN/LOGIN) with this user and --password")
    parser.add_argument("--password")
    args = parser.parse_args()
    auth = {}
    if args.user:
        def authenticator(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and data.login.decode() == args.user and data.password.decode() == args.password
            return AuthResult(success=ok)
        auth = {"authenticator": authenticator, "auth_required": True}
    os.makedirs(args.dir, exist_ok=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    handler = Save(args.dir)
    if args.mode == "tls":
        controller = Controller(
            handler, hostname="127.0.0.1", port=args.port, ssl_context=context,
            # The whole connection is TLS: aiosmtpd only knows of STARTTLS's.
            auth_require_tls=False, **auth
        )
    else:
        controller = Controller(
            handler, hostname="127.0.0.1", port=args.port, tls_context=context, require_starttls=True, **auth
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
