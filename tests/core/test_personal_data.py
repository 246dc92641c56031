"""core.personal_data: email addresses and phone numbers are found; the numbers notes are full of are not."""

from __future__ import annotations

import pytest

from trioboard.core.personal_data import EMAIL, PHONE, spot


@pytest.mark.parametrize(
    "text",
    [
        "mail me at jane.doe@example.com please",
        "Jane <jane+news@mail.example.co.uk>",
        "customer: buyer7@corp.io",
        "mailto:a.b@c.de",
    ],
)
def test_an_email_address_is_found(text: str) -> None:
    assert [s.what for s in spot(text)] == [EMAIL]


@pytest.mark.parametrize(
    "text",
    [
        "+49 30 1234567",
        "call +1 (555) 123-4567 tomorrow",
        "(555) 123-4567",
        "555-123-4567",
        "555.123.4567",
        "0049 30 12345678",
        "030 1234 5678",
        "07700 900123",
        "07700900123",
        "01 23 45 67 89",
        "+44 20 7946 0958",
        "tel: +33 1 23 45 67 89",
    ],
)
def test_a_phone_number_is_found(text: str) -> None:
    assert [s.what for s in spot(text)] == [PHONE], text


@pytest.mark.parametrize(
    "text",
    [
        "date: 2026-07-08",
        "on 2026-07-08 10:45 we met",
        "from 08.07.2026 to 12.07.2026",
        "2026-06-20 2026-07-01 2026-07-08",
        "version 1.2.3, v10.4.1 and 2026.7.15",
        "customer: buyer-7",
        "supports: [item-2026-123, card-reentry-2]",
        "https://metabase.example/q/5551234567?id=0301234567#row-12345678",
        "see https://example.com/users/jane@example.com/profile",
        "ticket #12345678 and order 987654321",
        "revenue grew from 1 200 000 to 1 350 000",
        "1.234.567 visits, 12,345,678 events",
        "server 192.168.100.120 answered",
        "NPS 45 - 30 - 25, 3 of 7 buyers",
        "commit 3f2a91c0 and 1234567",
        "times 10:45-11:30",
        "(2026) 12 interviews",
        "uuid 123e4567-e89b-12d3-a456-426614174000",
    ],
)
def test_dates_ids_versions_and_urls_are_not_personal_data(text: str) -> None:
    assert list(spot(text)) == [], text


def test_the_line_and_column_are_the_files() -> None:
    found = list(spot("no digits here\nreach me: +49 30 1234567 or x@y.org\n", first_line=9))
    assert [(s.what, s.line, s.column) for s in found] == [(PHONE, 10, 11), (EMAIL, 10, 29)]
