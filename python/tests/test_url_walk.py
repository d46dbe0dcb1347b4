"""The pure parts of enid_url_walk.py (the URL walk the probe and the URL fallback share): no Django needed."""
import decimal
import functools
import unittest

import enid_url_walk as walk


class GroupRegex(unittest.TestCase):
    def test_the_sub_pattern_of_a_named_group(self):
        self.assertEqual(walk.group_regex('^notes/(?P<pk>[^/.]+)/$', 'pk'), '[^/.]+')

    def test_balanced_parentheses_inside_the_group(self):
        self.assertEqual(walk.group_regex('^(?P<slug>(a|b)+(c))/$', 'slug'), '(a|b)+(c)')

    def test_escaped_parentheses_do_not_count(self):
        self.assertEqual(walk.group_regex(r'^(?P<code>\(\d+\))/$', 'code'), r'\(\d+\)')

    def test_a_group_that_is_not_there(self):
        self.assertIsNone(walk.group_regex('^(?P<pk>[0-9]+)/$', 'slug'))


class RegexLiteral(unittest.TestCase):
    def test_router_anchors_are_not_path_text(self):
        self.assertEqual(walk.regex_literal('^notes/$'), 'notes/')
        self.assertEqual(walk.regex_literal(r'\Ahealth/\Z'), 'health/')

    def test_an_optional_trailing_slash_is_the_slash(self):
        self.assertEqual(walk.regex_literal('^api/?$'), 'api/')

    def test_escaped_characters_are_their_own_text(self):
        self.assertEqual(walk.regex_literal(r'^\.well-known/$'), '.well-known/')

    def test_a_regex_matching_more_than_one_text_has_no_literal(self):
        for regex in ('^notes/(?P<pk>[^/.]+)/$', '^a.b/$', '^files/.*$', '^(en|de)/$', '^v[12]/$', '^x+/$'):
            self.assertIsNone(walk.regex_literal(regex), regex)


class Plain(unittest.TestCase):
    def test_json_types_stay(self):
        for value in (None, True, 0, 1.5, 'text'):
            self.assertIs(walk.plain(value), value)

    def test_decimal_becomes_a_number(self):
        self.assertEqual(walk.plain(decimal.Decimal('9.99')), 9.99)

    def test_sequences_become_lists_and_sets_are_sorted(self):
        self.assertEqual(walk.plain((1, 'a')), [1, 'a'])
        self.assertEqual(walk.plain({'b', 'a', 'c'}), ['a', 'b', 'c'])
        self.assertEqual(walk.plain(frozenset({2, 10})), [10, 2])  # sorted as text: stable for mixed types

    def test_dict_keys_become_text_and_values_plain(self):
        self.assertEqual(walk.plain({1: decimal.Decimal('1'), 'x': (None,)}), {'1': 1.0, 'x': [None]})

    def test_callables_are_dropped_and_other_objects_become_text(self):
        class Lazy:
            def __str__(self):
                return 'translated'
        self.assertIsNone(walk.plain(len))
        self.assertEqual(walk.plain(Lazy()), 'translated')


class Dotted(unittest.TestCase):
    def test_a_class_and_an_instance_name_the_class(self):
        class Inner:
            pass
        self.assertEqual(walk.dotted(Inner), __name__ + '.Dotted.test_a_class_and_an_instance_name_the_class.<locals>.Inner')
        self.assertEqual(walk.dotted(decimal.Decimal(1)), 'decimal.Decimal')


def wraps_view(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs)
    return wrapper


def only(*methods):
    # Django's require_http_methods keeps its methods in a closure variable of this name.
    request_method_list = list(methods)
    def decorator(view):
        @functools.wraps(view)
        def inner(*args, **kwargs):
            return view(*args, **kwargs) if request_method_list else None
        return inner
    return decorator


def stats(request):
    return request


class WrapperChains(unittest.TestCase):
    def test_real_name_tells_where_a_wrapper_was_defined(self):
        wrapped = wraps_view(stats)
        self.assertEqual(wrapped.__qualname__, 'stats')  # what functools.wraps copied
        self.assertEqual(walk.real_name(wrapped), (__name__, 'wraps_view.<locals>.wrapper'))

    def test_cell_values_reads_closures_and_skips_empty_cells(self):
        def outer():
            late = None
            def inner():
                return late, empty
            cells = walk.cell_values(inner)
            empty = 1
            return cells
        self.assertEqual(outer(), {'late': None})

    def test_innermost_follows_wrapped(self):
        self.assertIs(walk.innermost(wraps_view(wraps_view(stats))), stats)

    def test_decorators_lists_wrappers_and_the_methods_a_function_view_allows(self):
        view = wraps_view(only('get', 'post')(stats))
        cache, wrappers, methods = [], [], []
        walk.decorators(view, 'view', cache, wrappers, methods, own=stats)
        self.assertEqual(cache, [])
        self.assertEqual(wrappers, [__name__ + '.wraps_view.<locals>.wrapper', __name__ + '.only.<locals>.decorator.<locals>.inner'])
        self.assertEqual(methods, ['GET', 'POST'])

    def test_decorators_unwraps_partials_and_stops_on_cycles(self):
        def loop():
            return loop  # closes over itself
        cache, wrappers, methods = [], [], []
        walk.decorators(functools.partial(only('delete')(loop)), 'view', cache, wrappers, methods)
        self.assertEqual(methods, ['DELETE'])

    def test_allowed_methods_of_a_viewset_route_and_of_a_class_view(self):
        class View:
            http_method_names = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options']
            def get(self):
                pass
            def post(self):
                pass
        self.assertEqual(walk.allowed_methods(View, {'get': 'list', 'post': 'create'}), ['GET', 'POST'])
        self.assertEqual(walk.allowed_methods(View, None), ['GET', 'POST'])

    def test_view_class_and_actions_of_a_callback(self):
        class View:
            pass
        def callback():
            pass
        callback.cls, callback.actions = View, {'get': 'list'}
        self.assertIs(walk.view_class(callback), View)
        self.assertEqual(walk.view_actions(callback), {'get': 'list'})
        self.assertIsNone(walk.view_class(stats))
        self.assertIsNone(walk.view_actions(stats))


if __name__ == '__main__':
    unittest.main()
