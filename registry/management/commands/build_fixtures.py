from django.core.management.base import BaseCommand, CommandError

from registry.fixturebuilder import FIXTURES_DIR, FixtureError, build, dumps


class Command(BaseCommand):
    help = "Build fixtures/geography.json and fixtures/registry.json from fixtures/facts.py."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail if the committed fixture files differ from a fresh build.",
        )

    def handle(self, *args, check=False, **options):
        try:
            files = build(FIXTURES_DIR / "facts.py")
        except FixtureError as error:
            raise CommandError(str(error)) from error
        for name, entries in files.items():
            path = FIXTURES_DIR / name
            text = dumps(entries)
            if check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    raise CommandError(f"{path} is stale: run manage.py build_fixtures")
                continue
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"{path.name}: {len(entries)} objects")
