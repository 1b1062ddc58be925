import pytest

from parkpulse.parks.models import Park
from parkpulse.portal.models import Article, Category
from parkpulse.search.samples import load_samples


@pytest.fixture
def samples(db):
    """The labelled 示例 articles, enriched at save by the post_save receiver."""
    return load_samples(Category, Article, Park)
