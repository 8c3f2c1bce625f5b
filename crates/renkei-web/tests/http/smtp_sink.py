"""A local SMTP sink for the mail tests (Debian's python3-aiosmtpd).

Usage: smtp_sink.py PORT OUTDIR. Every message received is parsed with Python's own e-mail
parser (an independent reader of the MIME encoding Renkei writes) and saved as OUTDIR/N.json:
the envelope, the raw Subject header, the decoded subject and the decoded plain-text body.
Prints "ready" once listening; stops when stdin closes.
"""

import json
import sys
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller


class Save:
    def __init__(self, out: Path):
        self.out = out
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        msg = message_from_bytes(raw, policy=policy.default)
        raw_subject = message_from_bytes(raw, policy=policy.compat32)["Subject"]
        self.n += 1
        record = {
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "raw_subject": str(raw_subject),
            "subject": str(msg["subject"]),
            "content_type": msg.get_content_type(),
            "charset": msg.get_content_charset(),
            "body": msg.get_body(preferencelist=("plain",)).get_content(),
        }
        tmp = self.out / f"{self.n}.tmp"
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        tmp.rename(self.out / f"{self.n}.json")
        return "250 Message accepted for delivery"


def main():
    port, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    controller = Controller(Save(out), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
