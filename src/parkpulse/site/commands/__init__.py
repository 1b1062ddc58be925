"""Subcommands of ``parkpulse``; each module is one (see ``parkpulse.site.cli``)."""
