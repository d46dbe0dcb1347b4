import { describe, expect, it } from 'vitest';
import { redact, redactDeep } from '../../../src/report/redact.js';

describe('redact', () => {
  it('replaces every occurrence of each secret of 4 characters or more', () => {
    expect(redact('pw=s3cret; again s3cret; tok=abcd', ['s3cret', 'abcd'])).toBe('pw=***; again ***; tok=***');
  });

  it('leaves secrets shorter than 4 characters alone', () => {
    expect(redact('port 123 of abc', ['123', 'abc', ''])).toBe('port 123 of abc');
  });

  it('removes a longer secret whole when a shorter one is inside it', () => {
    expect(redact('key=pass-word-long', ['pass', 'pass-word-long'])).toBe('key=***');
  });

  it('treats secrets as text, not patterns', () => {
    expect(redact('a.*b and a+b(1)', ['a.*b', 'a+b(1)'])).toBe('*** and ***');
  });

  it('redactDeep copies objects and arrays, masking strings only', () => {
    const input = { url: 'http://u:topsecret@db', list: ['topsecret', 7, null], nested: { topsecret: true } };
    expect(redactDeep(input, ['topsecret'])).toEqual({ url: 'http://u:***@db', list: ['***', 7, null], nested: { topsecret: true } });
    expect(input.url).toBe('http://u:topsecret@db');
  });
});
