"""`make load`: a bounded Locust run against gunicorn on loopback, with its own database.

Creates (or recreates) the database named by LOAD_DATABASE_URL, fills it with
`generate_scale`, gives a few heads and staff a known password, collects static files,
starts gunicorn on 127.0.0.1, runs the scenario of benchmarks/locustfile.py headless and
prints the figures per request kind. Loopback only; at most 200 users and 15 minutes.

    .venv/bin/python benchmarks/load.py --users 50 --minutes 2 --organizations 600
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
MAX_USERS, MAX_MINUTES = 200, 15
PASSWORD = "load-test-Passw0rd"


def run(args, env, **kwargs):
    subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def prepare(env, organizations):
    database = env["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", database], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    run([PY, "manage.py", "migrate", "-v0"], env)
    run([PY, "manage.py", "createcachetable"], env)
    run(
        [PY, "manage.py", "generate_scale", "--organizations", str(organizations), "--seed", "1"],
        env,
    )
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    script = (
        "from django.contrib.auth.hashers import make_password\n"
        "from accounts.models import User\n"
        "from roadmap.models import Roadmap\n"
        "users = User.objects.order_by('pk')\n"
        "heads = list(users.filter(role='school_head').values_list('username', flat=True)[:300])\n"
        "staff = list(users.filter(role='office').values_list('username', flat=True)[:20])\n"
        "User.objects.filter(username__in=heads + "
        f"staff).update(password=make_password({PASSWORD!r}))\n"
        "print('LOAD', ','.join(heads), ','.join(staff), "
        "Roadmap.objects.order_by('pk').first().pk)\n"
    )
    out = subprocess.run(
        [PY, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("LOAD "))
    _marker, heads, staff, roadmap = line.split(" ")
    return heads, staff, roadmap


def wait_until_up(url):
    for _ in range(60):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def load_environment():
    """The server's settings for a load run: its own database (LOAD_DATABASE_URL) and its own
    folders under LOAD_WORKDIR (several people may run benchmarks on one machine)."""
    workdir = Path(os.environ.get("LOAD_WORKDIR", Path(tempfile.gettempdir()) / "portal-load"))
    static_root = workdir / "static"
    static_root.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DATABASE_URL": os.environ.get(
            "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_load"
        ),
        "DEBUG": "False",
        "SECRET_KEY": "load-test-only-secret-key-0123456789abcdefghij",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "AXES_ENABLED": "False",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": "60",
        "PORTAL_BASE_URL": "http://127.0.0.1",
        # Production's shape (docker-compose.yml): cache and sessions in Redis, which also
        # turns on the cache of the head's list (HEAD_LIST_CACHE). LOAD_REDIS_URL="" for none.
        "REDIS_URL": os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/9"),
        "CACHE_KEY_PREFIX": f"load-{workdir.name}",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=2)
    parser.add_argument("--organizations", type=int, default=600)
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", 8085)))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--skip-prepare", action="store_true", help="Reuse the prepared database.")
    args = parser.parse_args()
    if not 1 <= args.users <= MAX_USERS or not 0 < args.minutes <= MAX_MINUTES:
        raise SystemExit(f"Users 1..{MAX_USERS}, minutes up to {MAX_MINUTES}.")
    env = load_environment()
    static_root = Path(env["STATIC_ROOT"])
    state = static_root / "load-users.txt"
    if args.skip_prepare and state.exists():
        heads, staff, roadmap = state.read_text().split("\n")[:3]
    else:
        heads, staff, roadmap = prepare(env, args.organizations)
        state.write_text(f"{heads}\n{staff}\n{roadmap}\n")
    url = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "mentorship_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(url)
        prefix = static_root.parent / "locust"
        run(
            [
                PY,
                "-m",
                "locust",
                "-f",
                "benchmarks/locustfile.py",
                "--headless",
                "--host",
                url,
                "-u",
                str(args.users),
                "-r",
                str(max(1, args.users // 10)),
                "-t",
                f"{int(args.minutes * 60)}s",
                "--csv",
                str(prefix),
                "--only-summary",
            ],
            {
                **env,
                "LOAD_HEADS": heads,
                "LOAD_STAFF": staff,
                "LOAD_PASSWORD": PASSWORD,
                "LOAD_ROADMAP_ID": roadmap,
            },
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(Path(f"{prefix}_stats.csv"), args)


def report(stats, args):
    print(f"\n{args.users} users, {args.minutes} min, gunicorn × {args.workers} on loopback:")
    print("| request | requests | failures | p50 ms | p95 ms | req/s |")
    print("|---|---|---|---|---|---|")
    with open(stats, newline="") as handle:
        for row in csv.DictReader(handle):
            print(
                f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
                f"{row['50%']} | {row['95%']} | {float(row['Requests/s']):.1f} |"
            )


if __name__ == "__main__":
    main()
