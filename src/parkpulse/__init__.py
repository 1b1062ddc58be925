"""ParkPulse: an open-source intelligence portal for China's industrial parks.

Pure libraries (no Django): ``extract``, ``dedup``, ``textkit``, ``rank``.
Django apps: ``portal``, ``collect``, ``parks``, ``leads``, ``rankings``, ``search``;
settings and the ``parkpulse`` command live in ``parkpulse.site``.
"""

__version__ = "0.1.0"
