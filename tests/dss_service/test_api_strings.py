"""Strings through the running service: create, update, If-Match, trash, lists, bulk, policies."""

from __future__ import annotations

import threading

import requests

from tests.dss_service.conftest import Service


def test_create_get_update_with_etags(dss: Service) -> None:
    api = dss.editor
    dss.admin.namespace("crud", ["es", "fr"])
    created = api.put(
        "/namespaces/crud/strings/banner.title",
        json={
            "text": "Hello {name}",
            "description": "home banner",
            "max_length": 40,
            "tags": ["promo"],
        },
    )
    assert created.status_code == 201
    assert created.headers["ETag"] == '"1"'
    body = created.json()
    assert body["key"] == "banner.title" and body["text"] == "Hello {name}"
    assert body["version"] == 1 and body["tags"] == ["promo"] and body["max_length"] == 40
    assert body["created_by"] == "token:test-editor"

    fetched = api.get("/namespaces/crud/strings/banner.title")
    assert fetched.status_code == 200 and fetched.headers["ETag"] == '"1"'
    assert (
        api.get(
            "/namespaces/crud/strings/banner.title", headers={"If-None-Match": '"1"'}
        ).status_code
        == 304
    )

    updated = api.put(
        "/namespaces/crud/strings/banner.title",
        json={"text": "Hi {name}", "tags": ["promo"]},
        headers={"If-Match": '"1"'},
    )
    assert updated.status_code == 200 and updated.headers["ETag"] == '"2"'
    stale = api.put(
        "/namespaces/crud/strings/banner.title",
        json={"text": "Hey {name}"},
        headers={"If-Match": '"1"'},
    )
    assert stale.status_code == 412
    assert stale.headers["Content-Type"] == "application/problem+json"
    assert stale.json()["detail"] == (
        "string 'banner.title' is at version 2, not 1: someone changed it since you read it;"
        " read it again and retry"
    )
    assert api.get("/namespaces/crud/strings/banner.title").json()["text"] == "Hi {name}"


def test_unchanged_put_keeps_the_version(dss: Service) -> None:
    dss.admin.namespace("same", ["es"])
    first = dss.editor.string("same", "k", text="Same")
    again = dss.editor.put("/namespaces/same/strings/k", json={"text": "Same"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["ETag"] == '"1"'


def test_two_puts_with_the_same_if_match_one_wins_one_gets_412(dss: Service) -> None:
    dss.admin.namespace("race", ["es"])
    dss.editor.string("race", "k", text="Start")
    barrier = threading.Barrier(2)
    answers: list[requests.Response] = []

    def put(text: str) -> None:
        api = dss.editor.with_token(dss.editor.token)
        barrier.wait()
        answers.append(
            api.put("/namespaces/race/strings/k", json={"text": text}, headers={"If-Match": '"1"'})
        )

    threads = [threading.Thread(target=put, args=(text,)) for text in ("One", "Two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(a.status_code for a in answers) == [200, 412]
    winner = next(a for a in answers if a.status_code == 200).json()["text"]
    current = dss.editor.get("/namespaces/race/strings/k").json()
    assert current["text"] == winner and current["version"] == 2


def test_delete_to_trash_and_restore(dss: Service) -> None:
    api = dss.editor
    dss.admin.namespace("trash", ["es"])
    api.string("trash", "gone", text="Bye")
    assert (
        api.delete("/namespaces/trash/strings/gone", headers={"If-Match": '"9"'}).status_code == 412
    )
    assert api.delete("/namespaces/trash/strings/gone").status_code == 204
    missing = api.get("/namespaces/trash/strings/gone")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "no string 'gone' in namespace trash (it is in the trash)"
    trash = api.get("/namespaces/trash/strings", params={"deleted": "true"}).json()["items"]
    assert [item["key"] for item in trash] == ["gone"] and trash[0]["deleted_at"]
    assert api.get("/namespaces/trash/strings").json()["items"] == []
    restored = api.post("/namespaces/trash/strings/gone/restore")
    assert restored.status_code == 200 and restored.json()["text"] == "Bye"
    again = api.post("/namespaces/trash/strings/gone/restore")
    assert (
        again.status_code == 409 and again.json()["detail"] == "string 'gone' is not in the trash"
    )
    actions = [
        e["action"] for e in api.get("/namespaces/trash/strings/gone/history").json()["items"]
    ]
    assert actions == ["string.restore", "string.delete", "string.create"]


def test_list_filters_and_cursor_pagination(dss: Service) -> None:
    api = dss.editor
    dss.admin.namespace("lists", ["es", "fr"])
    for index in range(7):
        api.string(
            "lists",
            f"item.{index}",
            text=f"Item number {index}",
            tags=["odd" if index % 2 else "even"],
        )
    api.string(
        "lists", "plural.cart", plural={"one": "{count} artículo", "other": "{count} artículos"}
    )
    api.translate("lists", "item.1", "es", "Artículo 1", approve=True)
    api.translate("lists", "item.2", "es", "Artículo 2")

    keys: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": "3", **({"cursor": cursor} if cursor else {})}
        page = api.get("/namespaces/lists/strings", params=params).json()
        keys += [item["key"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert keys == [f"item.{i}" for i in range(7)] + ["plural.cart"]

    def listed(**params: str) -> list[str]:
        answer = api.get("/namespaces/lists/strings", params=params)
        assert answer.status_code == 200, answer.text
        return [item["key"] for item in answer.json()["items"]]

    assert listed(tag="odd") == ["item.1", "item.3", "item.5"]
    assert listed(q="NUMBER 4") == ["item.4"]
    assert listed(q="artículos") == ["plural.cart"]
    assert listed(locale="es", state="approved") == ["item.1"]
    assert listed(locale="es", state="translated") == ["item.2"]
    assert listed(locale="fr", state="missing") == keys
    assert listed(locale="es", state="missing", tag="even") == ["item.0", "item.4", "item.6"]
    item = api.get("/namespaces/lists/strings", params={"q": "item number 1"}).json()["items"][0]
    assert item["translations"]["es"]["state"] == "approved"
    assert item["translations"]["es"]["text"] == "Artículo 1"


def test_bulk_upsert_dry_run_then_purge(dss: Service) -> None:
    api = dss.editor
    dss.admin.namespace("bulk", ["es"])
    api.string("bulk", "keep", text="Keep")
    api.string("bulk", "change", text="Old")
    api.string("bulk", "drop", text="Drop")
    body = {
        "strings": {"keep": {"text": "Keep"}, "change": {"text": "New"}, "add": {"text": "Added"}},
        "purge": True,
        "dry_run": True,
    }
    report = api.post("/namespaces/bulk/strings", json=body)
    assert report.status_code == 200
    assert report.json() == {
        "dry_run": True,
        "created": ["add"],
        "updated": ["change"],
        "unchanged": ["keep"],
        "deleted": ["drop"],
    }
    unchanged = [i["key"] for i in api.get("/namespaces/bulk/strings").json()["items"]]
    assert unchanged == ["change", "drop", "keep"]
    assert api.get("/namespaces/bulk/strings/change").json()["text"] == "Old"

    body["dry_run"] = False
    assert api.post("/namespaces/bulk/strings", json=body).json()["deleted"] == ["drop"]
    after = [i["key"] for i in api.get("/namespaces/bulk/strings").json()["items"]]
    assert after == ["add", "change", "keep"]
    assert api.get("/namespaces/bulk/strings/change").json()["text"] == "New"


def test_bulk_with_one_bad_item_writes_nothing(dss: Service) -> None:
    api = dss.editor
    dss.admin.namespace("bulkbad", ["es"])
    answer = api.post(
        "/namespaces/bulkbad/strings",
        json={
            "strings": {"fine": {"text": "Fine"}, "bad": {"text": "far too long", "max_length": 3}}
        },
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == (
        "strings.bad text is 12 characters long, over its max_length of 3"
    )
    assert api.get("/namespaces/bulkbad/strings").json()["items"] == []


def test_source_edit_policies(dss: Service) -> None:
    api = dss.editor
    for policy in ("keep", "stale", "clear"):
        dss.admin.namespace(f"policy-{policy}", ["es"], policy)
        api.string(f"policy-{policy}", "k", text="Save")
        api.translate(f"policy-{policy}", "k", "es", "Guardar", approve=True)
        api.string(f"policy-{policy}", "k", text="Save now")
    keep = api.get("/namespaces/policy-keep/strings/k").json()["translations"]
    assert keep["es"]["state"] == "approved" and keep["es"]["stale"] is False
    clear = api.get("/namespaces/policy-clear/strings/k").json()["translations"]
    assert clear == {}
    stale = api.get("/namespaces/policy-stale/strings/k").json()["translations"]["es"]
    # the stale policy re-requests: the newest row is the new request, the old one is stale
    assert stale["state"] in ("requested", "in_translation", "translated", "rejected")
    requests_made = api.get("/namespaces/policy-stale/translation-requests").json()["items"]
    assert [(r["keys"], list(r["locales"])) for r in requests_made] == [(["k"], ["es"])]
    history = [
        e["action"] for e in api.get("/namespaces/policy-clear/strings/k/history").json()["items"]
    ]
    assert history[:2] == ["translation.clear", "string.update"]


def test_roles(dss: Service) -> None:
    dss.admin.namespace("roles", ["es"])
    denied = dss.viewer.put("/namespaces/roles/strings/k", json={"text": "No"})
    assert denied.status_code == 403
    assert (
        denied.json()["detail"] == "token:test-viewer has role viewer; this needs editor or higher"
    )
    assert dss.viewer.get("/namespaces/roles/strings").status_code == 200
    not_admin = dss.editor.put("/namespaces/other", json={"target_locales": ["es"]})
    assert not_admin.status_code == 403
    assert dss.editor.get("/namespaces/other").status_code == 404
