"""The fixture content checked and digested once, for the unit tests of the site stage."""

from __future__ import annotations

import pytest

from generator.build.check import check
from generator.settings import SiteInfo
from generator.site.digests import Digests, build_digests
from generator.site.render import Renderer
from tests.support import FIXTURES

SITE = SiteInfo(name="Test site", url="https://example.org/base/", description="A test site.")


@pytest.fixture(scope="module")
def digests() -> Digests:
    return build_digests(check(FIXTURES / "content").corpus)


@pytest.fixture
def renderer(digests: Digests) -> Renderer:
    return Renderer(digests, SITE)
