from __future__ import annotations

import pytest

from satisfaction.ingest import redact


@pytest.mark.parametrize("text, kinds", [
    ("sdt 0912345678", {"phone": 1}), ("SĐT: 0912.345.678", {"phone": 1}), ("+84 912 345 678", {"phone": 1}),
    ("+84  912  345  678", {"phone": 1}), ("CCCD 001203004567", {"cccd": 1}), ("CMND 012345678", {"cmnd": 1}),
    ("mail: a.b@gmail.com", {"email": 1}), ("chờ 120 phút, phí 50.000 đồng", {}), ("HS2024-000168", {}),
])
def test_redact(text, kinds):
    clean, counts = redact(text)
    assert counts == kinds
    assert not any(ch.isdigit() for ch in clean) or not kinds
