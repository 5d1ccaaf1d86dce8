"""Test-suite settings shared by every test module."""

from hypothesis import settings

# Speed is measured by the scripts in benchmarks/, never by test timings: a
# deadline would only make property tests flaky on a busy machine.
settings.register_profile("crmlab", deadline=None, print_blob=True)
settings.load_profile("crmlab")
