"""One scenario per run, chosen by BENCH_SCENARIO; bench/run.py drives it."""

import os
import random

from locust import HttpUser, constant, task

SCENARIO = os.environ["BENCH_SCENARIO"]
PATH = os.environ["BENCH_PATH"]
LOGIN = os.environ.get("BENCH_LOGIN", "")
# A path with WORD asks for a different word of the real cards each time: searches nothing has cached.
WORDS = os.environ.get("BENCH_WORDS", "").split()


class Visitor(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        if not LOGIN:
            return
        if LOGIN.startswith("session|"):
            # A session that already passed the password and the second factor (bench/run.py).
            self.client.cookies.set("sessionid", LOGIN.split("|", 1)[1])
            return
        username, password, login_path = LOGIN.split("|")
        self.client.get(login_path, name="login")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(login_path, {"username": username, "password": password, "csrfmiddlewaretoken": token},
                         headers={"Referer": self.host + login_path}, name="login")

    @task
    def scenario(self):
        path = PATH.replace("WORD", random.choice(WORDS)) if "WORD" in PATH else PATH
        with self.client.get(path, name=SCENARIO, catch_response=True, stream=PATH.endswith("csv")) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif PATH.endswith("csv"):
                for _chunk in response.iter_content(65536):
                    pass
