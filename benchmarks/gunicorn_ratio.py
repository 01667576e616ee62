"""A head's page against /healthz under gunicorn, in the same run: requests per second.

Target: the head's page ("Моя организация") at ≥ 40 % of /healthz's requests per second.
/healthz is the floor of the stack (WSGI, middleware, one query to the database and the
cache); the ratio says how much the page itself costs on top of it.

Prepares its own database like `make load` (benchmarks/load.py: generate_scale, a known
password for a few heads), starts gunicorn with --workers on 127.0.0.1, signs a head in, then
runs rounds that alternate the two URLs: --clients threads request one URL as fast as the
server answers for --seconds, and the best round of each counts.

    .venv/bin/python benchmarks/gunicorn_ratio.py --organizations 600 --workers 2
    make gunicorn-ratio
"""

import argparse
import http.client
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import PASSWORD, PY, ROOT, load_environment, prepare, wait_until_up  # noqa: E402

TARGET = 0.40
HEAD_PAGE = "/obligations/my/"


def sign_in(port, username):
    """The session cookie of `username`, through the login form."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/accounts/login/")
    response = connection.getresponse()
    body = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
        },
    )
    response = connection.getresponse()
    response.read()
    cookies = response.getheader("Set-Cookie", "")
    session = re.search(r"sessionid=([^;]+)", cookies)
    if response.status != 302 or session is None:
        raise SystemExit(f"could not sign {username} in (status {response.status})")
    return f"sessionid={session.group(1)}"


def hammer(port, path, cookie, clients, seconds):
    """Requests per second of `clients` threads asking for `path` for `seconds`."""
    done, failures = [0] * clients, [0] * clients
    stop = time.perf_counter() + seconds

    def client(index):
        headers = {"Cookie": cookie} if cookie else {}
        while time.perf_counter() < stop:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status == 200:
                done[index] += 1
            else:
                failures[index] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if sum(failures):
        raise SystemExit(f"{path}: {sum(failures)} requests failed")
    return sum(done) / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=int(os.environ.get("RATIO_PORT", 8086)))
    parser.add_argument("--skip-prepare", action="store_true", help="Reuse the prepared database.")
    args = parser.parse_args()
    env = load_environment()
    state = Path(env["STATIC_ROOT"]) / "load-users.txt"
    if args.skip_prepare and state.exists():
        heads = state.read_text().split("\n")[0]
    else:
        heads, staff, roadmap = prepare(env, args.organizations)
        state.write_text(f"{heads}\n{staff}\n{roadmap}\n")
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "mentorship_portal.wsgi:application"]
        + ["--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers)],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{args.port}")
        cookie = sign_in(args.port, heads.split(",")[0])
        best = {"/healthz": 0.0, HEAD_PAGE: 0.0}
        for number in range(1, args.rounds + 1):
            for path in best:
                rate = hammer(args.port, path, cookie, args.clients, args.seconds)
                best[path] = max(best[path], rate)
                print(f"round {number}: {path:<20} {rate:7.1f} req/s")
    finally:
        server.terminate()
        server.wait(timeout=30)
    ratio = best[HEAD_PAGE] / best["/healthz"]
    load = os.getloadavg()[0]
    print(
        f"\ngunicorn × {args.workers}, {args.clients} clients, {args.organizations:,} "
        f"organizations, load average {load:.1f}:\n"
        f"| /healthz | head's page | ratio (target ≥ {TARGET:.0%}) |\n|---|---|---|\n"
        f"| {best['/healthz']:.0f} req/s | {best[HEAD_PAGE]:.0f} req/s | {ratio:.0%} |"
    )
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
