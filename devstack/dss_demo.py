"""The dynamic side of `make demo`: strings through the API, the vendor, and a bundle."""

from __future__ import annotations

import json
import subprocess
import time
from typing import Any

import requests

from devstack.stack import BIN, REPO_ROOT, Stack


def api_token(stack: Stack) -> str:
    """A new admin token from the service's CLI, as an operator would make one."""
    out = subprocess.run(
        [str(BIN / "flask"), "--app", "dss_service", "create-token", "demo", "--role", "admin"],
        cwd=REPO_ROOT,
        env=stack.env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return out.stdout.strip().splitlines()[-1]


def run(stack: Stack) -> None:
    """Create a namespace and strings, request translations, print a bundle, a 304, a delta."""
    base = f"{stack.url('dss_web')}/api/v1/namespaces/home"
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {api_token(stack)}"

    def call(method: str, url: str, **kwargs: Any) -> requests.Response:
        answer = http.request(method, url, timeout=30, **kwargs)
        if answer.status_code >= 400:
            raise SystemExit(f"demo: {method} {url}: {answer.status_code} {answer.text[:500]}")
        return answer

    call("PUT", base, json={"target_locales": ["es", "es-MX", "fr"], "source_edit_policy": "stale"})
    call("PUT", f"{base}/strings/banner.title", json={"text": "Winter sale: {percent}% off"})
    call(
        "PUT",
        f"{base}/strings/cart.count",
        json={"plural": {"one": "{count} item", "other": "{count} items"}, "max_length": 40},
    )
    request = call("POST", f"{base}/translation-requests", json={"locales": ["es", "fr"]}).json()
    print(f"demo: dynamic strings: translation request {request['id']} sent to the vendor")
    deadline = time.monotonic() + 60
    while (state := _request_state(call, f"{base}/translation-requests/{request['id']}")) not in (
        "completed",
        "failed",
    ):
        if time.monotonic() > deadline:
            raise SystemExit(f"demo: the translation request is still {state} after 60 s")
        time.sleep(0.3)
    if state == "failed":
        raise SystemExit("demo: the translation request failed")
    bundle = _wait_for_bundle(call, f"{base}/bundles/es-MX")
    etag = bundle.headers["ETag"]
    print(f"demo: GET bundles/es-MX → {bundle.status_code}, ETag {etag} (es-MX falls back to es):")
    print(json.dumps(bundle.json(), ensure_ascii=False, indent=2))
    again = http.get(f"{base}/bundles/es-MX", headers={"If-None-Match": etag}, timeout=30)
    print(f"demo: the same with If-None-Match → {again.status_code}")
    if again.status_code != 304:
        raise SystemExit("demo: expected 304 for an unchanged bundle")
    version = bundle.json()["version"]
    call("PUT", f"{base}/strings/banner.subtitle", json={"text": "Ends Sunday"})
    delta = _wait_for_bundle(call, f"{base}/bundles/es-MX?since={version}")
    print(f"demo: GET bundles/es-MX?since={version} → only what changed:")
    print(json.dumps(delta.json(), ensure_ascii=False, indent=2))


def _request_state(call: Any, url: str) -> str:
    return str(call("GET", url).json()["state"])


def _wait_for_bundle(call: Any, url: str) -> requests.Response:
    deadline = time.monotonic() + 30
    while True:
        answer: requests.Response = call("GET", url)
        if answer.status_code == 200:
            return answer
        if time.monotonic() > deadline:
            raise SystemExit(f"demo: {url} still answers {answer.status_code}")
        time.sleep(float(answer.headers.get("Retry-After", "0.5")))
