"""The push API: the public key, this device's subscription and choices, the test button,
organisation thresholds; and `carefolio remind --dry-run`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server.cli.push import dry_run
from server.models import InstallationSecret
from server.push.models import Subscription
from server.push.vapid import KEY_FILE, keys_for, load_for, load_or_create, stored_keys
from tests.push.conftest import CSRF, enrol, subscribe
from tests.push.receiver import Receiver

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


async def test_the_public_key_is_served_and_the_private_key_stays_in_the_database(client, settings, keys) -> None:  # type: ignore[no-untyped-def]
    answer = await client.get("/api/push/key")
    assert answer.json() == {"public_key": keys.public_key}
    private = (await InstallationSecret.get(name="vapid_private_key")).value
    assert "PRIVATE KEY" in private and private.splitlines()[1] not in answer.text
    assert not (settings.data_dir / KEY_FILE).exists()  # nothing for another process to share


async def test_a_key_from_before_the_upgrade_moves_into_the_database(database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    old = load_or_create(tmp_path / "old-data")  # an installation that kept it in a file
    assert (await stored_keys(tmp_path / "old-data")).public_key == old.public_key
    assert (await stored_keys(tmp_path / "empty-data")).public_key == old.public_key


async def test_a_command_signs_with_the_installations_key_never_one_of_its_own(database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError, match="not loaded from the database"):
        keys_for(tmp_path / "command")  # `carefolio remind` before it loaded the key
    installed = await stored_keys(tmp_path / "app")
    assert (await load_for(tmp_path / "command")).public_key == installed.public_key
    assert keys_for(tmp_path / "command").public_key == installed.public_key
    assert not (tmp_path / "command" / KEY_FILE).exists()


async def test_a_device_turns_notifications_on_chooses_and_turns_them_off(people, push_app, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    assert (await worker.client.get("/api/push/subscription")).json()["subscribed"] is False
    await subscribe(worker, receiver, "phone")
    prefs = {"reviews": True, "queue": False, "feedback": True, "quiet_start": "22:00",
             "quiet_end": "07:00", "time_zone": "Europe/London"}
    assert (await worker.client.put("/api/push/preferences", headers=CSRF, json=prefs)).status_code == 200
    state = (await worker.client.get("/api/push/subscription")).json()
    assert state == {"subscribed": True, "preferences": prefs}
    assert (await worker.client.delete("/api/push/subscription", headers=CSRF)).status_code == 204
    assert await Subscription.all().count() == 0


async def test_subscribing_again_from_the_same_device_replaces_its_subscription(people, push_app, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "first")
    await subscribe(worker, receiver, "second")
    assert [row.endpoint.rsplit("/", 1)[1] for row in await Subscription.all()] == ["second"]


async def test_an_endpoint_that_is_not_a_public_https_push_service_is_refused(people, app) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    keys = {"p256dh": "B" + "A" * 86, "auth": "A" * 22}
    for endpoint in ("http://push.example.com/x", "https://127.0.0.1/x", "https://localhost/x",
                     "https://intranet/x", "https://[::1]/x"):
        answer = await worker.client.put("/api/push/subscription", headers=CSRF,
                                         json={"endpoint": endpoint, "keys": keys})
        assert answer.json()["error"]["code"] == "invalid_endpoint", endpoint
    good = await worker.client.put("/api/push/subscription", headers=CSRF,
                                   json={"endpoint": "https://fcm.googleapis.com/fcm/send/abc", "keys": keys})
    assert good.status_code == 200


async def test_quiet_hours_need_both_ends_and_a_real_time_zone(people, push_app, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "phone")
    half = await worker.client.put("/api/push/preferences", headers=CSRF, json={"quiet_start": "22:00"})
    zone = await worker.client.put("/api/push/preferences", headers=CSRF, json={"time_zone": "Mars/Olympus"})
    assert (half.json()["error"]["code"], zone.json()["error"]["code"]) == ("invalid_quiet_hours", "unknown_time_zone")


async def test_the_test_button_pushes_to_this_device_only(people, push_app, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    other = await people.sign_in(worker.user)
    await subscribe(worker, receiver, "this-phone")
    await subscribe(other, receiver, "other-phone")
    answer = await worker.client.post("/api/push/test", headers=CSRF)
    assert answer.json() == {"status": "delivered"}
    assert [r.device for r in receiver.received] == ["this-phone"]
    assert receiver.received[0].fields["url"] == "#/notifications"


async def test_the_test_button_is_limited_to_three_a_minute(people, push_app, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    await subscribe(worker, receiver, "phone")
    for _ in range(3):
        assert (await worker.client.post("/api/push/test", headers=CSRF)).json() == {"status": "delivered"}
    limited = await worker.client.post("/api/push/test", headers=CSRF)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert len(receiver.received) == 3


async def test_the_test_button_without_a_subscription_says_so(people, app) -> None:  # type: ignore[no-untyped-def]
    worker = await people.signed_in("worker")
    answer = await worker.client.post("/api/push/test", headers=CSRF)
    assert (answer.status_code, answer.json()["error"]["code"]) == (404, "not_subscribed")


async def test_only_administrators_set_their_organisation_thresholds(people, app) -> None:  # type: ignore[no-untyped-def]
    admin, worker = await people.signed_in("administrator"), await people.signed_in("worker")
    body = {"time_zone": "Europe/London", "review_soon_days": 14, "overdue_repeat_days": 3,
            "queue_after_days": 5, "queue_repeat_days": 2}
    assert (await worker.client.put("/api/push/organisation", headers=CSRF, json=body)).status_code == 403
    assert (await admin.client.put("/api/push/organisation", headers=CSRF, json=body)).status_code == 200
    assert (await admin.client.get("/api/push/organisation")).json() == body


async def test_the_dry_run_says_what_would_be_sent_to_whom_and_why(people, push_app, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    worker, assessor = await people.signed_in("worker"), await people.signed_in("assessor")
    await subscribe(worker, receiver, "phone")
    enrolment = await enrol(worker, assessor, NOW.date())
    text = "\n".join(await dry_run(NOW))
    assert f"review_today -> {worker.user.email}" in text
    assert f"review_today -> {assessor.user.email}" in text
    assert f"worker of enrolment {enrolment.id} (SCDHSC0389): due today (2025-03-10)" in text
    assert "would send" in text and "no device of theirs has notifications on" in text
    assert receiver.attempts == 0
