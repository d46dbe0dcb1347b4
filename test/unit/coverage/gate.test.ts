import { describe, expect, it } from 'vitest';
import { coverageGate } from '../../../src/coverage/gate.js';

describe('coverageGate', () => {
  it('passes at exactly the minimum, despite floating point', () => {
    expect(coverageGate(4, 5, 80).passed).toBe(true);
    expect(coverageGate(7, 10, 70).passed).toBe(true);
    expect(coverageGate(29, 100, 29).passed).toBe(true);
  });

  it('fails just below it, saying by how much', () => {
    const gate = coverageGate(248, 273, 95);
    expect(gate.passed).toBe(false);
    expect(gate.message).toBe('line rate 90.8% (248/273 lines) is below the minimum 95%');
  });

  it('takes fractional percentages and counts no lines as fully covered', () => {
    expect(coverageGate(905, 1000, 90.5).passed).toBe(true);
    expect(coverageGate(904, 1000, 90.5).passed).toBe(false);
    expect(coverageGate(0, 0, 100).passed).toBe(true);
    expect(coverageGate(0, 10, 0).passed).toBe(true);
  });
});

describe('coverage errors', () => {
  it('point a test database permission problem at CREATEDB', async () => {
    const { testsCrashed, coverageMissing } = await import('../../../src/coverage/errors.js');
    const err = testsCrashed('notes', 1, ['Got an error creating the test database: permission denied to create database']);
    expect(err).toMatchObject({ code: 'ENID_TESTS_CRASHED', exitCode: 1, phase: 'coverage' });
    expect(err.hint).toMatch(/CREATEDB/);
    expect(testsCrashed('notes', 1, ['ImportError: x']).hint).not.toMatch(/CREATEDB/);
    expect(coverageMissing('notes')).toMatchObject({ exitCode: 2, message: 'coverage is not installed in the notes image' });
  });
});
