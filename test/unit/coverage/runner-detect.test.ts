import { describe, expect, it } from 'vitest';
import { chooseRunner } from '../../../src/coverage/runner-detect.js';

describe('chooseRunner: the service\'s own test runner, from what the image holds', () => {
  const none = { pytestConfig: null, conftest: false, pytest: true, pytestDjango: true };

  it('pytest when the service configures it and the image imports it', () => {
    expect(chooseRunner({ ...none, pytestConfig: 'pytest.ini' })).toEqual({ runner: 'pytest', because: 'pytest with pytest-django: the service configures it in pytest.ini' });
    expect(chooseRunner({ ...none, pytestConfig: 'setup.cfg', pytestDjango: false }).because).toBe('pytest: the service configures it in setup.cfg');
  });

  it('a conftest.py alone is a pytest suite', () => {
    expect(chooseRunner({ ...none, conftest: true }).runner).toBe('pytest');
  });

  it('manage.py test otherwise, saying why — also when pytest is configured but cannot be imported', () => {
    expect(chooseRunner(none)).toEqual({ runner: 'django', because: 'manage.py test: no pytest configuration in the image' });
    expect(chooseRunner({ ...none, pytestConfig: 'pyproject.toml', pytest: false }).because).toMatch(/cannot import it/);
  });
});
