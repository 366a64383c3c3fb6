#!/usr/bin/env python3
"""A webhook receiver for the integration tests, on 127.0.0.1 only.

Every request is verified with the `standardwebhooks` package (an implementation independent of
ours) and appended to a JSONL log: webhook id, timestamp, whether the signature verified, the
parsed body and what we answered. The answers are programmable per test:

  --fail-first N      answer 500 to the first N requests
  --fail-each N       answer 500 to the first N attempts of every webhook id
  --slow-first N      answer the first N requests only after --delay seconds (to cause timeouts)
  --gone-first N      answer 410 Gone to the first N requests
"Down, then up" is the test stopping this process and starting another on the same --port.
"""
import argparse
import json
import os
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True, help="written with the port once listening")
    parser.add_argument("--secret", required=True)
    parser.add_argument("--log", required=True, help="JSONL file, one line per request")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--fail-each", type=int, default=0)
    parser.add_argument("--slow-first", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--gone-first", type=int, default=0)
    args = parser.parse_args()
    # A parent may have started us with SIGTERM blocked (the mask is inherited): let it stop us.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

    webhook = Webhook(args.secret)
    lock = threading.Lock()
    state = {"requests": 0, "attempts": {}}
    log = open(args.log, "a", encoding="utf-8")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            headers = {k.lower(): v for k, v in self.headers.items()}
            webhook_id = headers.get("webhook-id", "")
            try:
                webhook.verify(body, headers)
                verified = True
            except (WebhookVerificationError, ValueError) as error:
                verified = False
                print(f"verification failed for {webhook_id}: {error}", flush=True)
            with lock:
                state["requests"] += 1
                number = state["requests"]
                attempt = state["attempts"].get(webhook_id, 0) + 1
                state["attempts"][webhook_id] = attempt
            if number <= args.slow_first:
                time.sleep(args.delay)
            if number <= args.gone_first:
                status = 410
            elif number <= args.fail_first or attempt <= args.fail_each:
                status = 500
            else:
                status = 204
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
            record = {
                "id": webhook_id,
                "timestamp": headers.get("webhook-timestamp"),
                "verified": verified,
                "attempt": attempt,
                "answered": status,
                "received_at": time.time(),
                "raw": body,
                "body": parsed,
            }
            with lock:
                log.write(json.dumps(record) + "\n")
                log.flush()
            try:
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the sender gave up waiting (a timeout): the log still has the request

        def log_message(self, format, *args):
            pass

    # Never outlive the test that started us, even if it crashed before stopping us.
    parent = os.getppid()

    def watch_parent():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch_parent, daemon=True).start()

    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
