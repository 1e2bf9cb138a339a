"""Comment e-mails leave from background tasks that look at the rows afresh."""

import pytest

from participation import services

pytestmark = pytest.mark.django_db


def create(target, author, text="Proszę o więcej drzew.", **kwargs):
    return services.comment_create(author=author, target=target, text=text, **kwargs)


def run(callbacks):
    """Commit now: the enqueued tasks run (the immediate backend runs them)."""
    for callback in callbacks:
        callback()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reply_waits_in_the_queue_until_the_worker_mails_it(
    target, resident, neighbour, mailoutbox, task_queue
):
    top = create(target, resident)
    reply = create(target, neighbour, "Dobry pomysł", parent=top)

    assert mailoutbox == []
    [queued] = task_queue.results("participation.")
    assert queued.task_path == "participation.tasks.reply_notice_send"
    assert queued.args_kwargs == {"args": [], "kwargs": {"reply_id": reply.pk}}

    task_queue.run()

    [mail] = mailoutbox
    assert mail.to == ["resident@example.org"]
    assert "Dobry pomysł" in mail.body
    assert task_queue.results("participation.")[0].status == "SUCCESSFUL"


def test_author_who_opts_out_before_the_worker_runs_gets_no_mail(
    target, resident, neighbour, mailoutbox, django_capture_on_commit_callbacks
):
    top = create(target, resident)
    with django_capture_on_commit_callbacks() as callbacks:
        create(target, neighbour, "Dobry pomysł", parent=top)
    resident.notify_replies = False
    resident.save()

    run(callbacks)

    assert mailoutbox == []


def test_comment_restored_before_the_worker_runs_gets_only_the_restore_notice(
    target, resident, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    comment = create(target, resident)
    with django_capture_on_commit_callbacks() as callbacks:
        services.comment_hide(moderator=moderator, comment=comment, reason="Pomyłka")
        services.comment_unhide(moderator=moderator, comment=comment)

    run(callbacks)

    [mail] = mailoutbox
    assert mail.subject == "Twój komentarz jest znów widoczny"
