"""The moderation log names what it moderated generically (content type and id),
so an event's questions and later kinds share the one log. Comment rows keep
their foreign key and get the comment as their target."""

import django.db.models.deletion
from django.db import migrations, models


def comment_rows_get_target(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Entry = apps.get_model("participation", "ModerationLogEntry")
    comment_type, _ = ContentType.objects.get_or_create(
        app_label="participation", model="comment"
    )
    Entry.objects.filter(target_id__isnull=True).update(
        target_type=comment_type, target_id=models.F("comment_id")
    )


class Migration(migrations.Migration):

    dependencies = [
        ("participation", "0004_flag_categories"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="moderationlogentry",
            name="target_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="kind of content",
            ),
        ),
        migrations.AddField(
            model_name="moderationlogentry",
            name="target_id",
            field=models.PositiveBigIntegerField(null=True, verbose_name="content id"),
        ),
        migrations.RunPython(comment_rows_get_target, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="moderationlogentry",
            name="target_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="kind of content",
            ),
        ),
        migrations.AlterField(
            model_name="moderationlogentry",
            name="target_id",
            field=models.PositiveBigIntegerField(verbose_name="content id"),
        ),
        migrations.AlterField(
            model_name="moderationlogentry",
            name="comment",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="moderation_log",
                to="participation.comment",
                verbose_name="comment",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="moderationlogentry",
            name="participation_moderation_action_valid",
        ),
        migrations.AlterField(
            model_name="moderationlogentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("hide", "hiding"),
                    ("unhide", "restoring"),
                    ("dismiss_flags", "dismissing reports"),
                    ("pin", "pinning"),
                    ("unpin", "unpinning"),
                    ("mark_answered", "marking answered"),
                ],
                max_length=20,
                verbose_name="action",
            ),
        ),
        migrations.AddConstraint(
            model_name="moderationlogentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "action__in",
                        [
                            "hide",
                            "unhide",
                            "dismiss_flags",
                            "pin",
                            "unpin",
                            "mark_answered",
                        ],
                    )
                ),
                name="participation_moderation_action_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="moderationlogentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("comment__isnull", True),
                    ("target_id", models.F("comment_id")),
                    _connector="OR",
                ),
                name="participation_moderation_comment_is_target",
            ),
        ),
        migrations.AddIndex(
            model_name="moderationlogentry",
            index=models.Index(
                fields=["target_type", "target_id"],
                name="participati_target__60a2b3_idx",
            ),
        ),
    ]
