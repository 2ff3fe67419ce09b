# pytest configuration for reasoner_swift: the tests must exercise the installed package, never the
# source tree, so they are run from outside the repository (see the Makefile's test-python target).
import pathlib

import reasoner_swift

REPO = pathlib.Path(__file__).resolve().parents[2]


def pytest_report_header(config):
    return f"reasoner_swift {reasoner_swift.version()} from {pathlib.Path(reasoner_swift.__file__).parent}"
