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


class NoteView:  # a view class of the project's own (this module is not a framework's)
    def get_queryset(self):
        status = self.request.query_params.get('status')
        tags = self.request.query_params.getlist("tag")
        return self.request.GET['q'], status, tags, self.request.data.get('not_a_query_param')


def search(request):  # a function view
    return request.GET.get('page', 1)


FrameworkView = type('FrameworkView', (), {'__module__': 'rest_framework.generics', 'other': "query_params.get('hidden')"})
ProjectView = type('ProjectView', (NoteView, FrameworkView), {'__module__': 'notes.views'})


class IsStaffOrReadOnly:
    def has_permission(self, request, view):
        return request.method == 'GET' or request.user.is_staff


class StaffSubclass(IsStaffOrReadOnly):
    pass


class IsOwner:
    def has_permission(self, request, view):
        return request.user.is_authenticated


class QueryParamsRead(unittest.TestCase):
    def test_the_names_a_view_classes_own_code_reads_from_its_source(self):
        self.assertEqual(probe.query_params_read(None, NoteView), ['q', 'status', 'tag'])

    def test_a_function_view(self):
        self.assertEqual(probe.query_params_read(search, None), ['page'])

    def test_framework_classes_in_the_mro_are_not_read(self):
        self.assertFalse(probe.own(FrameworkView))
        self.assertTrue(probe.own(ProjectView))
        # ProjectView itself has no source here (built by type()); NoteView in its MRO has.
        self.assertEqual(probe.query_params_read(None, ProjectView), ['q', 'status', 'tag'])


class ReadsStaff(unittest.TestCase):
    def setUp(self):
        probe.CLASSES.clear()

    def test_a_has_permission_of_the_projects_that_reads_is_staff(self):
        self.assertTrue(probe.reads_staff(IsStaffOrReadOnly))
        self.assertTrue(probe.reads_staff(StaffSubclass))
        self.assertFalse(probe.reads_staff(IsOwner))

    def test_remembered_permission_classes_say_so(self):
        self.assertTrue(probe.CLASSES.get(probe.remember(StaffSubclass)) and probe.CLASSES[probe.dotted(StaffSubclass)]['readsStaff'])
        self.assertIs(probe.CLASSES[probe.remember(IsOwner)]['readsStaff'], False)


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


class Shape:
    pass


class Square(Shape):
    pass


def draws_a_square(data):
    return Square(), len(data)


class ClassesNamed(unittest.TestCase):
    def test_the_subclasses_a_function_names_and_nothing_else(self):
        self.assertEqual(probe.classes_named(draws_a_square, Shape), [Square])
        self.assertEqual(probe.classes_named(draws_a_square, int), [])

    def test_a_callable_without_code_names_nothing(self):
        self.assertEqual(probe.classes_named(len, Shape), [])
