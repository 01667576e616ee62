"""Locust scenario: heads browse and submit evidence with files; staff review and export.

Run through benchmarks/load.py (`make load`), which prepares the data and the accounts,
starts gunicorn on loopback and bounds the users and the time. Usernames and the password
come from the environment (LOAD_HEADS, LOAD_STAFF, LOAD_PASSWORD).
"""

import itertools
import os
import random
import re

from locust import HttpUser, between, task

HEADS = itertools.cycle(os.environ.get("LOAD_HEADS", "").split(","))
STAFF = itertools.cycle(os.environ.get("LOAD_STAFF", "").split(","))
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
ROADMAP_ID = os.environ.get("LOAD_ROADMAP_ID", "")
OBLIGATION_LINK = re.compile(r'href="/obligations/(\d+)/"')
REVISION = re.compile(r'name="revision" value="(\d+)"')
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n" + b"0" * 20000 + b"\n%%EOF\n"


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        self.client.get("/accounts/login/", name="login page")
        with self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure(f"login failed for {self.username}")

    def csrf(self):
        return self.client.cookies.get("csrftoken", "")

    def post(self, url, data, name, files=None):
        return self.client.post(
            url,
            {**data, "csrfmiddlewaretoken": self.csrf()},
            files=files,
            headers={"Referer": self.host + url},
            name=name,
        )


class Head(PortalUser):
    weight = 4

    def on_start(self):
        self.username = next(HEADS)
        super().on_start()
        self.obligations = []

    @task(4)
    def my_organization(self):
        page = self.client.get("/obligations/my/", name="head: my organization").text
        self.obligations = OBLIGATION_LINK.findall(page) or self.obligations

    @task(3)
    def open_obligation(self):
        if self.obligations:
            self.client.get(
                f"/obligations/{random.choice(self.obligations)}/", name="head: obligation"
            )

    @task(2)
    def add_evidence_with_file(self):
        if not self.obligations:
            return
        pk = random.choice(self.obligations)
        page = self.client.get(f"/obligations/{pk}/", name="head: obligation").text
        if "data-evidence-form" not in page:
            return  # submitted or accepted: nothing to add
        self.post(
            f"/obligations/{pk}/evidence/",
            {"kind": "file", "title": "Скан приказа", "effective_date": "01.09.2023"},
            name="head: add evidence (file)",
            files={"file": ("prikaz.pdf", PDF, "application/pdf")},
        )
        revision = REVISION.search(
            self.client.get(f"/obligations/{pk}/", name="head: obligation").text
        )
        if revision and random.random() < 0.5:
            self.post(
                f"/obligations/{pk}/submit/",
                {"revision": revision[1], "comment": ""},
                name="head: submit",
            )


class Staff(PortalUser):
    weight = 1

    def on_start(self):
        self.username = next(STAFF)
        super().on_start()

    @task(4)
    def review(self):
        queue = self.client.get("/obligations/review/", name="staff: review queue").text
        waiting = OBLIGATION_LINK.findall(queue)
        if not waiting:
            return
        pk = random.choice(waiting)
        page = self.client.get(f"/obligations/{pk}/", name="staff: obligation").text
        revision = REVISION.search(page)
        if revision:
            self.post(
                f"/obligations/{pk}/review/",
                {
                    "decision": random.choice(["accept", "accept", "return"]),
                    "comment": "Проверено",
                    "revision": revision[1],
                },
                name="staff: review",
            )

    @task(2)
    def summary(self):
        self.client.get("/obligations/summary/", name="staff: summary")

    @task(1)
    def matrix(self):
        self.client.get("/obligations/matrix/?year=2023", name="staff: matrix")

    @task(1)
    def export(self):
        if ROADMAP_ID:
            self.client.get(f"/roadmaps/{ROADMAP_ID}/export.xlsx", name="staff: export xlsx")
