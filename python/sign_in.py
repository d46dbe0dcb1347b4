"""Supplied by enid-test: creates (or resets) the run's test user and prints what the scheme needs.

Run through 'manage.py shell -c' (copied to /tmp/enid/sign-in.py): the user is made through the user
model's own manager, and one 'ENID-SIGN-IN {json}' line says what signing in with ENID_SCHEME needs.
Standard library, Django 3.2-5.x, DRF's authtoken and simplejwt when present.
"""
import datetime, json, os
from importlib import import_module
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models

User = get_user_model()
meta = User._meta
password = os.environ['ENID_PASSWORD']
scheme = os.environ['ENID_SCHEME']
superuser = os.environ.get('ENID_SUPERUSER') == '1'
suffix = os.environ.get('ENID_USER_SUFFIX', '')  # a second user of the run (checks phase): enid-test-b

def value_for(name):
    # A plausible value for a REQUIRED_FIELDS entry, by the model field's type.
    f = meta.get_field(name)
    kind = f.get_internal_type()
    if isinstance(f, models.EmailField):
        return 'enid-test%s@example.com' % suffix
    if kind in ('IntegerField', 'PositiveIntegerField', 'SmallIntegerField', 'BigIntegerField', 'PositiveSmallIntegerField'):
        return 1
    if kind == 'BooleanField':
        return False
    if kind == 'DateField':
        return datetime.date(1990, 1, 1)
    if kind == 'DateTimeField':
        return datetime.datetime(1990, 1, 1, tzinfo=datetime.timezone.utc)
    if kind in ('ForeignKey', 'OneToOneField'):
        return f.related_model._default_manager.first()
    if getattr(f, 'choices', None):
        return f.choices[0][0]
    return 'enid test'[: f.max_length or 40]

field = User.USERNAME_FIELD
ident_field = meta.get_field(field)
ident = 'enid-test%s@example.com' % suffix if isinstance(ident_field, models.EmailField) else 'enid-test' + suffix
extra = {name: value_for(name) for name in User.REQUIRED_FIELDS if name != field}
manager = User._default_manager
user = manager.filter(**{field: ident}).first()
if user is None:
    create = manager.create_superuser if superuser else manager.create_user
    user = create(**{field: ident, 'password': password}, **extra)
else:
    user.set_password(password)
    if superuser:
        user.is_staff = True
        user.is_superuser = True
    user.save()

out = {'username': str(getattr(user, field)), 'id': user.pk if isinstance(user.pk, int) else str(user.pk)}
if scheme == 'token':
    from rest_framework.authtoken.models import Token
    out['token'] = Token.objects.get_or_create(user=user)[0].key
elif scheme == 'jwt':
    from rest_framework_simplejwt.tokens import RefreshToken
    out['token'] = str(RefreshToken.for_user(user).access_token)
elif scheme == 'session':
    from django.contrib.auth import login
    from django.middleware.csrf import get_token
    from django.test import RequestFactory
    request = RequestFactory().get('/')
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session.save()
    token = get_token(request)
    header = settings.CSRF_HEADER_NAME
    out.update({
        'sessionCookie': settings.SESSION_COOKIE_NAME, 'sessionKey': request.session.session_key,
        'csrfCookie': settings.CSRF_COOKIE_NAME, 'csrfSecret': request.META['CSRF_COOKIE'], 'csrfToken': token,
        'csrfHeader': (header[5:] if header.startswith('HTTP_') else header).replace('_', '-').lower(),
    })
print('ENID-SIGN-IN ' + json.dumps(out))
