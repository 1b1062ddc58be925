"""``parkpulse manage ...``: Django's own management commands."""

HELP = "运行 Django 管理命令 (Django's manage.py)"


def add_arguments(parser):
    parser.add_argument("rest", nargs="*", help="Django command and its arguments")


def run(args):
    from django.core.management import execute_from_command_line

    from parkpulse.site.cli import setup_django

    setup_django()
    execute_from_command_line(["parkpulse manage", *args.rest])
    return 0
