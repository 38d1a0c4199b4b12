"""Signed webhook deliveries, their payloads, and redelivery with the same id."""

from __future__ import annotations

import hashlib
import hmac

from .helpers import make_world


def _verify(hook, secret: str = "s3cret") -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), hook.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, hook.headers["X-Hub-Signature-256"])


def test_a_user_comment_is_delivered_signed_with_the_pull_request(sandbox, hooks) -> None:
    client = sandbox.client
    world = make_world(client, webhook_url=hooks.url)
    client.push(world.repo, "topic", {"x.txt": "x\n"})
    repo = world.as_user().get_repo(world.repo)
    pull = repo.create_pull(title="t", body="", head="topic", base="main")
    comment = pull.create_issue_comment("translate apply")
    comment.edit("translate apply ja-JP")
    client.wait_for_webhooks()
    [created] = hooks.of("issue_comment", "created")
    assert _verify(created)
    headers = created.headers
    assert headers["X-GitHub-Hook-Installation-Target-ID"] == str(world.app.id)
    assert headers["X-GitHub-Hook-Installation-Target-Type"] == "integration"
    assert headers["X-GitHub-Delivery"]
    payload = created.json
    assert payload["installation"]["id"] == world.installation_id
    assert payload["issue"]["number"] == pull.number
    assert payload["issue"]["pull_request"]["url"].endswith(f"/pulls/{pull.number}")
    assert payload["comment"]["body"] == "translate apply"
    assert payload["sender"]["login"] == world.owner
    assert payload["repository"]["full_name"] == world.repo
    [edited] = hooks.of("issue_comment", "edited")
    assert edited.json["changes"] == {"body": {"from": "translate apply"}}
    assert [h.json["number"] for h in hooks.of("pull_request", "opened")] == [pull.number]


def test_the_apps_own_branch_move_sends_synchronize_from_its_bot(sandbox, hooks) -> None:
    client = sandbox.client
    world = make_world(client, webhook_url=hooks.url)
    first = client.push(world.repo, "topic", {"x.txt": "x\n"})
    world.as_user().get_repo(world.repo).create_pull(title="t", body="", head="topic", base="main")
    repo = world.as_app().get_repo(world.repo)
    ref = repo.get_git_ref("heads/topic")
    parent = repo.get_git_commit(ref.object.sha)
    commit = repo.create_git_commit("bot", parent.tree, [parent])
    ref.edit(commit.sha)
    last = client.push(world.repo, "topic", {"y.txt": "y\n"})
    client.wait_for_webhooks()
    senders = [
        (h.json["sender"]["login"], h.json["after"])
        for h in hooks.of("pull_request", "synchronize")
    ]
    assert senders[0] == (world.app.bot_login, commit.sha)
    assert senders[1] == (world.owner, last)
    assert [h.json["after"] for h in hooks.of("push")] == [first, commit.sha, last]
    assert hooks.of("push")[1].json["pusher"]["name"] == world.app.bot_login


def test_redelivery_keeps_the_delivery_id(sandbox, hooks) -> None:
    client = sandbox.client
    world = make_world(client, webhook_url=hooks.url)
    hooks.status[0] = 500
    client.push(world.repo, "main", {"a.txt": "a\n"})
    client.wait_for_webhooks()
    [failed] = [d for d in client.deliveries(event="push") if d["url"] == hooks.url]
    assert (failed["status"], failed["status_code"]) == ("failed", 500)
    hooks.status[0] = 200
    again = client.redeliver(failed["id"])
    client.wait_for_webhooks()
    assert again["guid"] == failed["guid"] and again["redelivery"] is True
    ids = [h.headers["X-GitHub-Delivery"] for h in hooks.of("push")]
    assert ids == [failed["guid"], failed["guid"]]
    assert hooks.of("push")[0].body == hooks.of("push")[1].body
    assert client.delivery(again["id"])["status"] == "delivered"


def test_installation_and_check_run_events(sandbox, hooks) -> None:
    client = sandbox.client
    world = make_world(client, webhook_url=hooks.url)
    repo = world.as_app().get_repo(world.repo)
    head = repo.get_git_ref("heads/main").object.sha
    run = repo.create_check_run(
        name="guard",
        head_sha=head,
        conclusion="failure",
        output={"title": "t", "summary": "s"},
        actions=[{"label": "Apply", "description": "Apply now", "identifier": "apply"}],
    )
    client.rerequest_check_run(run.id)
    client.request_check_action(run.id, "apply")
    client.request_check_suite(world.repo, head)
    other = client.create_repo(world.owner, "extra-" + world.owner, files={"a": "b"})
    client.change_installation_repositories(world.installation_id, add=[other["full_name"]])
    client.uninstall(world.installation_id)
    client.wait_for_webhooks()
    assert [h.json["installation"]["id"] for h in hooks.of("installation", "created")] == [
        world.installation_id
    ]
    assert hooks.of("check_run", "rerequested")[0].json["check_run"]["id"] == run.id
    action = hooks.of("check_run", "requested_action")[0].json
    assert action["requested_action"] == {"identifier": "apply"}
    assert hooks.of("check_suite", "requested")[0].json["check_suite"]["head_sha"] == head
    added = hooks.of("installation_repositories", "added")[0].json
    assert [r["full_name"] for r in added["repositories_added"]] == [other["full_name"]]
    assert len(hooks.of("installation", "deleted")) == 1
    assert all(_verify(hook) for hook in hooks.received)
