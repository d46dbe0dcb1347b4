import unittest

import server


class BodyTest(unittest.TestCase):
    def test_body_is_json(self):
        self.assertEqual(server.body(), b'{"ok": true}')


if __name__ == "__main__":
    unittest.main()
