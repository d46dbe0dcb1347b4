"""The pure parts of db_rows.py, imported without Django: text(), one value in COPY's text format."""
import datetime
import decimal
import enum
import unittest
import uuid

import db_rows


class Text(unittest.TestCase):
    def test_null_and_booleans(self):
        self.assertEqual(db_rows.text(None), '\\N')
        self.assertEqual(db_rows.text(True), 't')
        self.assertEqual(db_rows.text(False), 'f')

    def test_numbers_are_not_booleans(self):
        self.assertEqual([db_rows.text(v) for v in (0, 1, 2.5, decimal.Decimal('1.50'))], ['0', '1', '2.5', '1.50'])

    def test_bytes_are_bytea_hex_with_the_backslash_escaped(self):
        self.assertEqual(db_rows.text(b'\x00\xff'), '\\\\x00ff')
        self.assertEqual(db_rows.text(memoryview(b'')), '\\\\x')

    def test_json_values(self):
        self.assertEqual(db_rows.text({'a': [1, None]}), '{"a": [1, null]}')
        self.assertEqual(db_rows.text([]), '[]')

    def test_dates_times_and_durations(self):
        self.assertEqual(db_rows.text(datetime.date(2020, 1, 31)), '2020-01-31')
        self.assertEqual(db_rows.text(datetime.datetime(2024, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)), '2024-01-01T12:00:00+00:00')
        self.assertEqual(db_rows.text(datetime.time(12, 0)), '12:00:00')
        self.assertEqual(db_rows.text(datetime.timedelta(seconds=1, microseconds=5)), '1000005 microseconds')

    def test_uuids_and_enum_members(self):
        class Level(enum.Enum):
            BEGINNER = 'beginner'
        self.assertEqual(db_rows.text(uuid.UUID(int=1)), '00000000-0000-0000-0000-000000000001')
        self.assertEqual(db_rows.text(Level.BEGINNER), 'beginner')

    def test_copy_delimiters_and_backslashes_are_escaped(self):
        self.assertEqual(db_rows.text('a\\b\tc\nd\re'), 'a\\\\b\\tc\\nd\\re')
        self.assertEqual(db_rows.text({'k': 'tab\there'}), '{"k": "tab\\\\there"}')


if __name__ == '__main__':
    unittest.main()
