"""The data migration keeps the one reply a message could have: it becomes the first turn of its conversation."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("committees", "0003_report_any_page")]
AFTER = [("committees", "0004_message_thread_and_routing")]


def test_the_old_reply_moves_into_the_thread_and_the_message_is_routed(make_building, caretaker):
    from django.utils import timezone

    from portal.factories import CaretakerFactory, UserFactory

    with_account = make_building(title="De Linde", slug="de-linde", homes=20, caretaker=caretaker)
    without = make_building(title="De Eik", slug="de-eik", homes=20, caretaker=CaretakerFactory(user=None))
    sender = UserFactory(email="bewoner@example.org")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("committees", "CaretakerMessage")
    replied_at = timezone.now()
    answered = old.objects.create(
        building_id=with_account.pk,
        sender_id=sender.pk,
        category="klusje",
        subject="Lamp",
        body="Kapot.",
        status="afgehandeld",
        done_at=replied_at,
        reply="Gemaakt.",
        replied_at=replied_at,
    )
    waiting = old.objects.create(
        building_id=without.pk, sender_id=sender.pk, category="vraag", subject="Ramen", body="Wanneer?"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from committees.models import CaretakerMessage, MessageReply

    answered, waiting = CaretakerMessage.objects.get(pk=answered.pk), CaretakerMessage.objects.get(pk=waiting.pk)
    [reply] = MessageReply.objects.filter(message=answered)
    assert (reply.body, reply.by_sender, reply.author, reply.created_at) == (
        "Gemaakt.",
        False,
        caretaker.user,
        replied_at,
    )
    assert (answered.caretaker, answered.to_staff, answered.unread_by_reader) == (caretaker, False, False)
    assert (waiting.caretaker, waiting.to_staff, waiting.unread_by_reader) == (None, True, True)
    assert not MessageReply.objects.filter(message=waiting).exists()
