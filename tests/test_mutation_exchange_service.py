"""The exchange service's request handlers, in-process (tornado's test server on 127.0.0.1, no hub).

The hub's token check is replaced by a table of tokens → users, so that every route, refusal and status can be
exercised in milliseconds; the real hub runs the same handlers in tests/hub (not measured by coverage there).
Expected statuses and wording come from the service's documented contract (module docstring) and HTTP itself.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path
from unittest import mock

import pytest

pytest.importorskip("jupyterhub")
from jupyterhub.services.auth import HubAuthenticated  # noqa: E402
from tornado.testing import AsyncHTTPTestCase  # noqa: E402

from kit.classroom.exchange.service import COLLECT_SCOPE, make_app  # noqa: E402
from kit.classroom.exchange.store import Limits, Store  # noqa: E402

USERS = {
    "ada-token": {"name": "ada", "kind": "user", "scopes": []},
    "teacher-token": {"name": "teacher", "kind": "user", "scopes": [COLLECT_SCOPE]},
    "service-token": {"name": "collector", "kind": "service", "scopes": [COLLECT_SCOPE]},
    "svc-no-scope": {"name": "other", "kind": "service", "scopes": []},
}


def fake_current_user(handler):
    header = handler.request.headers.get("Authorization", "")
    return USERS.get(header.removeprefix("token "))


def submission(student: str = "ada") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            "answers/answer-sheet.json", json.dumps({"format": "kit-answers/1", "student": student, "answers": {}})
        )
    return buffer.getvalue()


class ExchangeTest(AsyncHTTPTestCase):
    prefix = "/services/kit-exchange/"

    def get_app(self):
        self.folder = tempfile.TemporaryDirectory()
        self.store = Store(Path(self.folder.name), Limits(max_bytes=4096, max_versions=2))
        return make_app(self.store, "services/kit-exchange")  # no slashes: the prefix is normalised

    def setUp(self):
        patcher = mock.patch.object(HubAuthenticated, "get_current_user", fake_current_user)
        patcher.start()
        self.addCleanup(patcher.stop)
        super().setUp()
        self.addCleanup(self.folder.cleanup)

    def call(self, method, path, token=None, body=None):
        headers = {"Authorization": f"token {token}"} if token else {}
        response = self.fetch(self.prefix + path, method=method, headers=headers, body=body, raise_error=False)
        return response

    def test_health_answers_without_a_token(self):
        for path in ("", "/services/kit-exchange"):
            response = self.fetch(path or self.prefix, raise_error=False)
            assert response.code == 200
            assert json.loads(response.body)["message"] == "the kit's submission exchange is running"

    def test_upload_then_list_then_download(self):
        data = submission()
        response = self.call("POST", "api/submissions", "ada-token", data)
        assert response.code == 201
        receipt = json.loads(response.body)
        assert receipt["message"] == "Received version 1 from ada."
        assert receipt["version"] == 1 and receipt["hub_user"] == "ada"
        import hashlib

        assert receipt["sha256"] == hashlib.sha256(data).hexdigest()

        mine = json.loads(self.call("GET", "api/submissions/mine", "ada-token").body)
        assert mine["hub_user"] == "ada" and [row["version"] for row in mine["versions"]] == [1]

        for token in ("teacher-token", "service-token"):  # an instructor, or a service acting for one
            listing = json.loads(self.call("GET", "api/submissions", token).body)
            assert [(row["hub_user"], row["versions"]) for row in listing["students"]] == [("ada", 1)]

        download = self.call("GET", "api/submissions/ada/1", "teacher-token")
        assert download.code == 200
        assert download.body == data
        assert download.headers["Content-Type"] == "application/zip"
        assert download.headers["X-Kit-SHA256"] == hashlib.sha256(data).hexdigest()
        assert download.headers["X-Kit-Received-At"] == receipt["received_at"]

    def test_who_uploaded_is_the_token_not_the_file(self):
        receipt = json.loads(self.call("POST", "api/submissions", "ada-token", submission("mallory")).body)
        assert receipt["hub_user"] == "ada" and receipt["sheet_student"] == "mallory"

    def test_unknown_token_is_refused_with_a_next_step(self):
        for method, path, body in (
            ("POST", "api/submissions", submission()),
            ("GET", "api/submissions/mine", None),
            ("GET", "api/submissions", None),
        ):
            for token in (None, "stolen"):
                response = self.call(method, path, token, body)
                assert response.code == 403, (method, path, token)
                answer = json.loads(response.body)
                assert answer["status"] == 403
                assert "did not recognise this token" in answer["message"]
                assert "Hub Control Panel" in answer["message"]
        assert self.store.students() == []

    def test_a_service_cannot_upload_as_a_student(self):
        response = self.call("POST", "api/submissions", "service-token", submission())
        assert response.code == 403
        assert self.store.students() == []

    def test_students_cannot_list_or_download(self):
        self.call("POST", "api/submissions", "ada-token", submission())
        for path in ("api/submissions", "api/submissions/ada/1"):
            for token in ("ada-token", "svc-no-scope"):
                response = self.call("GET", path, token)
                assert response.code == 403
                assert json.loads(response.body)["message"] == (
                    f"Listing and downloading submissions needs the scope {COLLECT_SCOPE}."
                )

    def test_missing_version_is_404_with_a_message(self):
        response = self.call("GET", "api/submissions/ada/7", "teacher-token")
        assert response.code == 404
        answer = json.loads(response.body)
        assert answer == {"status": 404, "message": "No version 7 from 'ada'."}

    def test_not_a_zip_is_400(self):
        response = self.call("POST", "api/submissions", "ada-token", b"hello")
        assert response.code == 400
        assert "not a zip file" in json.loads(response.body)["message"]

    def test_too_big_is_413_and_nothing_is_kept(self):
        response = self.call("POST", "api/submissions", "ada-token", b"x" * 5000)  # over 4096, under 4 x 4096
        assert response.code == 413
        answer = json.loads(response.body)
        assert answer["status"] == 413 and "MiB" in answer["message"]
        assert self.store.versions("ada") == []

    def test_at_the_limit_is_not_too_big(self):
        data = submission()
        padded = data + b"\0" * (4096 - len(data))  # a zip may carry trailing bytes; exactly max_bytes
        response = self.call("POST", "api/submissions", "ada-token", padded)
        assert response.code == 201, response.body

    def test_too_many_versions_is_429(self):
        for _version in (1, 2):
            assert self.call("POST", "api/submissions", "ada-token", submission()).code == 201
        response = self.call("POST", "api/submissions", "ada-token", submission())
        assert response.code == 429
        assert "2 versions" in json.loads(response.body)["message"]

    def test_unknown_route_is_json_404(self):
        response = self.call("GET", "api/nothing", "teacher-token")
        assert response.code == 404


class _Loop:
    def start(self):
        raise KeyboardInterrupt  # the hub stops its services with SIGINT


def test_main_listens_where_the_hub_says_and_stops_on_sigint(tmp_path, monkeypatch, capsys):
    import tornado.ioloop
    import tornado.web

    from kit.classroom.exchange import service

    listened = []
    monkeypatch.setattr(tornado.web.Application, "listen", lambda self, *args, **kw: listened.append((args, kw)))
    monkeypatch.setattr(tornado.ioloop.IOLoop, "current", staticmethod(lambda *a, **k: _Loop()))
    monkeypatch.setenv("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10555")
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/services/kit-exchange/")
    store = tmp_path / "store"
    assert service.main(["--store", str(store), "--max-versions", "3", "--max-student-mib", "2"]) == 0
    assert listened == [((10555, "127.0.0.1"), {"max_body_size": 4 * 5 * 1024 * 1024})]
    assert (store / "students").is_dir()
    assert store.stat().st_mode & 0o777 == 0o700  # students reach submissions through the service only
    assert capsys.readouterr().err == (f"kit exchange: {store} on http://127.0.0.1:10555/services/kit-exchange/\n")
    listened.clear()
    monkeypatch.delenv("JUPYTERHUB_SERVICE_URL")
    assert service.main(["--store", str(store), "--ip", "127.0.0.2"]) == 0
    assert listened[0][0] == (10101, "127.0.0.2")  # the default URL's port, the address asked for
