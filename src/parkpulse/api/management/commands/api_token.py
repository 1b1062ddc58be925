"""parkpulse manage api_token USER [--name N] [--scope public --scope leads] [--rate 120]

Issues an API token and prints its key once (only a hash is stored)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from parkpulse.api.models import SCOPES, ApiToken


class Command(BaseCommand):
    help = "Issue an API token for a user and print its key once"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="api")
        parser.add_argument("--scope", action="append", choices=sorted(SCOPES), dest="scopes")
        parser.add_argument("--rate", type=int, default=120, help="requests per minute")

    def handle(self, username, name, scopes, rate, **opts):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户不存在 (no such user): {username}")
        if rate < 1:
            raise CommandError("--rate 必须大于 0 (must be positive)")
        token, raw = ApiToken.issue(user, name, scopes or ["public"], rate)
        self.stdout.write(f"{raw}\n")
        self.stderr.write(f"token {token.prefix}… for {username}, scopes {','.join(token.scopes)}, "
                          f"{rate}/min — the key is shown only now\n")
