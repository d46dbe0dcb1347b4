"""The pure parts of django_probe.py, imported without Django: importing the probe only defines it."""
import contextlib
import importlib.util
import io
import json
import unittest

import django_probe as probe


class Camel(unittest.TestCase):
    def test_snake_case_attribute_names_become_the_document_keys(self):
        self.assertEqual(probe.camel('max_length'), 'maxLength')
        self.assertEqual(probe.camel('page_size_query_param'), 'pageSizeQueryParam')
        self.assertEqual(probe.camel('ordering'), 'ordering')


class Redact(unittest.TestCase):
    def test_a_password_in_a_cache_url_is_masked(self):
        self.assertEqual(probe.redact('redis://:s3cret@redis:6379/0'), 'redis://:***@redis:6379/0')
        self.assertEqual(probe.redact('redis://user:pa55@cache/1'), 'redis://user:***@cache/1')

    def test_urls_without_a_password_stay(self):
        for url in ('redis://redis:6379/0', 'unix:///tmp/redis.sock', 'memcached:11211', ''):
            self.assertEqual(probe.redact(url), url)

    def test_each_location_of_a_list_and_other_values(self):
        self.assertEqual(probe.redact(['redis://:a@one:6379', 'redis://two:6379']), ['redis://:***@one:6379', 'redis://two:6379'])
        self.assertIsNone(probe.redact(None))


class Guard(unittest.TestCase):
    def setUp(self):
        del probe.ERRORS[:]

    def test_a_failure_is_an_error_entry_and_the_default(self):
        def boom():
            raise ValueError('no <object at 0x7f3a2b1c> here\nsecond line')
        self.assertEqual(probe.guard('urls', boom, [], view='app.views.V', what='get_queryset'), [])
        self.assertEqual(probe.ERRORS, [{'section': 'urls', 'view': 'app.views.V', 'message': 'get_queryset: ValueError: no <object> here'}])

    def test_an_exit_is_caught_too_and_long_messages_are_cut(self):
        def leave():
            raise SystemExit('x' * 500)
        self.assertIsNone(probe.guard('migrations', leave))
        self.assertEqual(len(probe.ERRORS[0]['message']), len('SystemExit: ') + 300)

    def test_a_success_is_its_value(self):
        self.assertEqual(probe.guard('settings', lambda: {'DEBUG': True}), {'DEBUG': True})
        self.assertEqual(probe.ERRORS, [])


class Remember(unittest.TestCase):
    def setUp(self):
        probe.CLASSES.clear()

    def test_a_class_is_named_and_its_mro_kept_once(self):
        class Base:
            pass
        class TokenAuth(Base):
            keyword = 'Token'
        name = probe.remember(TokenAuth)
        self.assertEqual(name, probe.dotted(TokenAuth))
        self.assertEqual(probe.CLASSES[name], {'mro': [name, probe.dotted(Base)], 'keyword': 'Token'})
        self.assertEqual(probe.remember(TokenAuth), name)
        self.assertEqual(len(probe.CLASSES), 1)


class Importable(unittest.TestCase):
    def test_modules_that_can_and_cannot_be_imported(self):
        self.assertTrue(probe.importable('json'))
        self.assertFalse(probe.importable('enid_no_such_module'))
        self.assertFalse(probe.importable('json.no_such_module'))


@unittest.skipIf(importlib.util.find_spec('django') is not None, 'Django is importable here: the probe would ask it')
class WithoutDjango(unittest.TestCase):
    def setUp(self):
        del probe.ERRORS[:]
        probe.CLASSES.clear()
        probe.SERIALIZERS.clear()

    def test_every_section_fails_on_its_own_and_the_document_is_still_printed(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            probe.main()
        line = out.getvalue().split('\n')[1]
        self.assertTrue(line.startswith('ENID-PROBE {'), out.getvalue())
        doc = json.loads(line[len('ENID-PROBE '):])
        self.assertEqual(list(doc), ['probe', 'versions', 'settings', 'restFramework', 'auth', 'migrations', 'urls', 'serializers', 'classes', 'errors'])
        self.assertEqual((doc['probe'], doc['urls'], doc['restFramework']), (probe.PROBE_VERSION, [], None))
        self.assertEqual([e['section'] for e in doc['errors']], ['versions', 'settings', 'auth', 'migrations', 'urls'])
        self.assertTrue(all('ModuleNotFoundError' in e['message'] for e in doc['errors']), doc['errors'])


if __name__ == '__main__':
    unittest.main()
