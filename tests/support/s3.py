"""A real S3-compatible server on loopback for the storage tests: moto's standalone server
(its HTTP API, signatures and conditional writes), one fresh bucket per test."""

from __future__ import annotations

import itertools
import logging
import os

import httpx
from moto.server import ThreadedMotoServer

ACCESS_KEY = "carefolio-test"
SECRET_KEY = "carefolio-test-secret"
_names = itertools.count(1)


class S3TestServer:
    def __init__(self) -> None:
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
        self.server.start()
        host, port = self.server.get_host_and_port()
        self.url = f"http://{host}:{port}"

    def new_bucket(self) -> str:
        name = f"carefolio-{os.getpid()}-{next(_names)}"
        answer = httpx.put(f"{self.url}/{name}")  # moto accepts an unsigned create
        answer.raise_for_status()
        return name

    def settings(self, bucket: str, prefix: str = "install/") -> dict[str, str]:
        return {"s3_bucket": bucket, "s3_endpoint_url": self.url, "s3_access_key": ACCESS_KEY,
                "s3_secret_key": SECRET_KEY, "s3_prefix": prefix}

    def environment(self, bucket: str) -> dict[str, str]:
        return {f"CAREFOLIO_{k.upper()}": v for k, v in self.settings(bucket).items()}

    def stop(self) -> None:
        self.server.stop()
