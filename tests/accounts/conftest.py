from tests.portal.conftest import member_a, member_b, officer, shop, staff  # noqa: F401
