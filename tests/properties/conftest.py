"""Hypothesis settings for the property suites (issue 19): one registered profile, no deadline
(file work varies with the machine's load), no example database (nothing written beside the
tests), the example counts set per test so the whole run is ≥ 10 000 examples in a few minutes.

HYPOTHESIS_PROFILE=thorough multiplies every count by ten, for a longer hunt by hand.
Run with `--hypothesis-show-statistics` to see each test's examples and time."""
import os

from hypothesis import HealthCheck, settings

_COMMON = dict(deadline=None, database=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                      HealthCheck.data_too_large, HealthCheck.filter_too_much])
settings.register_profile("perfdesk", **_COMMON)
settings.register_profile("thorough", **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "perfdesk"))


def examples(n: int) -> settings:
    """settings for a test of n examples (× 10 under the thorough profile)."""
    scale = 10 if settings.default is settings.get_profile("thorough") else 1
    return settings(max_examples=n * scale)
