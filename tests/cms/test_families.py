"""Every CMS family a profile may name has its module, and no module is without a name."""

from __future__ import annotations

import pytest

from crawler.cms import FAMILIES, family_for
from ground.profiles.schema import CMS_FAMILIES


def test_the_families_with_a_module_are_the_ones_profiles_may_name() -> None:
    assert set(FAMILIES) == set(CMS_FAMILIES)


@pytest.mark.parametrize("name", sorted(CMS_FAMILIES))
def test_each_named_family_loads_its_rules(name: str) -> None:
    assert family_for(name).name == name


def test_a_family_without_a_module_is_refused() -> None:
    with pytest.raises(KeyError):
        family_for("kaipu")
