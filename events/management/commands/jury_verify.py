"""Re-run a published citizen jury draw and say whether it matches.

    python manage.py jury_verify <folder-or-zip>

The folder (or zip) holds the protocol's pool.csv, quotas.csv, settings.json and
result.json. The command prints the panel and the reserve it draws, whether
they are the published ones, and the library, solver, numpy and Python
versions of the draw beside those here, warning when they differ (a draw is
only sure to repeat with the same versions). Exits with status 1 when the
draw does not match. docs/jury_verify.md has the steps for the public.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from events.sortition import DrawError, load_published, verify


class Command(BaseCommand):
    help = "Re-run a published citizen jury draw and compare it with the published one."

    def add_arguments(self, parser):
        parser.add_argument("path", help="folder or .zip with the published files")

    def handle(self, *args, path, **options):
        try:
            report = verify(load_published(path))
        except DrawError as error:
            raise CommandError(error.message) from error
        out, style = self.stdout, self.style
        published, rerun = report.published, report.rerun
        out.write(_("Versions (published draw / here):"))
        for name in sorted(
            set(published.versions) | set(rerun.versions if rerun else {})
        ):
            theirs = published.versions.get(name, "?")
            ours = rerun.versions.get(name, "?") if rerun else "?"
            line = f"  {name}: {theirs} / {ours}"
            out.write(style.WARNING(line) if theirs != ours else line)
        if report.version_differences:
            out.write(
                style.WARNING(
                    _(
                        "Warning: the versions differ, so the draw may come out "
                        "differently here even if nothing was tampered with. Install "
                        "the published versions to check it for sure."
                    )
                )
            )
        for problem in report.problems:
            out.write(style.ERROR(problem))
        if "reveal" in published.settings and not report.problems:
            out.write(
                style.SUCCESS(
                    _(
                        "The secret matches the published commitment and the seed "
                        "follows from the secret and the public value."
                    )
                )
            )
        if rerun is None:
            raise CommandError(_("The draw could not be re-run."))
        out.write(
            _("Panel drawn here: %(numbers)s") % {"numbers": " ".join(rerun.panel)}
        )
        out.write(
            _("Reserve drawn here, in order: %(numbers)s")
            % {"numbers": " ".join(rerun.reserve) or "-"}
        )
        if rerun.min_probability is not None:
            out.write(
                _("Smallest selection probability: %(p)s")
                % {"p": number_format(rerun.min_probability, 4)}
            )
        # Whole sentences: Polish agrees the verb with each noun's gender.
        checks = [
            (
                report.panel_matches,
                _("The panel matches."),
                _("The panel does NOT match the published one."),
            ),
            (
                report.reserve_matches,
                _("The reserve list matches."),
                _("The reserve list does NOT match the published one."),
            ),
            (
                report.probabilities_match,
                _("The probabilities match."),
                _("The probabilities do NOT match the published ones."),
            ),
        ]
        for same, matches, differs in checks:
            out.write(style.SUCCESS(matches) if same else style.ERROR(differs))
        if not report.ok:
            raise CommandError(_("The published draw is not confirmed."))
        out.write(style.SUCCESS(_("The published draw is confirmed.")))
