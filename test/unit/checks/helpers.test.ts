import { describe, expect, it } from 'vitest';
import type { FieldSchema } from '../../../src/api/schema.js';
import { unlimitedSelect } from '../../../src/checks/db-evidence.js';
import { exceptionLine, refusesOnly } from '../../../src/checks/input-check.js';
import { craftableReadOnly, craftedValue } from '../../../src/checks/privileged-fields.js';
import { staffMeant } from '../../../src/checks/staff-only.js';
import { changedBeside, notStored } from '../../../src/checks/writes-stick.js';
import { buildEndpointSchema } from '../../../src/api/schema.js';
import { named, probed } from '../probe/recorded.js';

const field = (f: Partial<FieldSchema> & Pick<FieldSchema, 'name' | 'kind'>): FieldSchema => ({ type: f.kind, required: false, readOnly: false, ...f });

describe('writes that stick', () => {
  const fields = [field({ name: 'title', kind: 'string' }), field({ name: 'price', kind: 'decimal' }), field({ name: 'secret', kind: 'string', writeOnly: true })];

  it('names the fields a GET shows otherwise than sent, as DRF renders them (decimals as text)', () => {
    expect(notStored({ title: 'New', price: 12.5, secret: 'x' }, { title: 'Old', price: '12.50' }, fields)).toEqual(['title: sent "New", stored "Old"']);
    // A field the read serializer does not render cannot be judged.
    expect(notStored({ title: 'New' }, { price: '1.00' }, fields)).toEqual([]);
  });

  it('names writable fields that changed beside the one sent', () => {
    const schema = buildEndpointSchema({ path: '/api/tickets/', name: 'T', description: '', resource: '', canCreate: true }, [field({ name: 'title', kind: 'string' }), field({ name: 'priority', kind: 'integer' }), field({ name: 'updated_at', kind: 'datetime', readOnly: true })]);
    expect(changedBeside({ title: 'a', priority: 4, updated_at: '1' }, { title: 'b', priority: 0, updated_at: '2' }, schema, ['title'])).toEqual(['priority']);
    expect(changedBeside({ title: 'a', priority: 4 }, { title: 'b', priority: 4 }, schema, ['title'])).toEqual([]);
  });
});

describe('privileged fields', () => {
  it('crafts a value of the field\'s kind that differs from what the server stored', () => {
    expect(craftedValue(field({ name: 'is_staff', kind: 'boolean' }), false)).toBe(true);
    expect(craftedValue(field({ name: 'score', kind: 'integer' }), 3)).toBe(10);
    expect(craftedValue(field({ name: 'total', kind: 'decimal', decimalPlaces: 2 }), '10.00')).toBe('17.00');
    expect(craftedValue(field({ name: 'status', kind: 'choice', choices: [{ value: 'draft', displayName: 'd' }, { value: 'live', displayName: 'l' }] }), 'draft')).toBe('live');
  });

  it('leaves keys, links and timestamps to the server', () => {
    const fields = ['id', 'url', 'created_at', 'updated', 'date_joined', 'status', 'item_count'].map((name) => field({ name, kind: name === 'status' ? 'choice' : 'integer', readOnly: true }));
    expect(craftableReadOnly(fields).map((f) => f.name)).toEqual(['status', 'item_count']);
  });
});

describe('server errors and refusals', () => {
  it('reads the exception a traceback ends with, not a continuation line of its message', () => {
    expect(exceptionLine(['Traceback (most recent call last):', '  File "x.py", line 1', 'django.db.utils.OperationalError: server closed the connection unexpectedly', '\tThis probably means the server terminated abnormally', '\tbefore or while processing the request.']))
      .toBe('django.db.utils.OperationalError: server closed the connection unexpectedly');
    expect(exceptionLine(['decimal.DivisionByZero: [<class \'decimal.DivisionByZero\'>]'])).toMatch(/^decimal\.DivisionByZero/);
  });

  it('counts a 400 against a valid edge value only when it objects to that field alone, and not for uniqueness', () => {
    expect(refusesOnly({ title: ['Ensure this field has no more than 40 characters.'] }, 'title')).toBe(true);
    expect(refusesOnly({ title: ['x'], isbn: ['y'] }, 'title')).toBe(false);
    expect(refusesOnly({ code: ['course with this code already exists.'] }, 'code')).toBe(false);
  });
});

describe('database evidence', () => {
  it('a list that reads its table without a LIMIT', () => {
    const all = { query: 'SELECT "shop_event"."id", "shop_event"."kind" FROM "shop_event" ORDER BY "shop_event"."id" ASC', calls: 1, timeMs: 1 };
    const page = { ...all, query: `${all.query} LIMIT $1` };
    const count = { query: 'SELECT COUNT(*) AS "__count" FROM "shop_event"', calls: 1, timeMs: 1 };
    expect(unlimitedSelect([all], 'shop_event')).toBe(all);
    expect(unlimitedSelect([count, page], 'shop_event')).toBeUndefined();
    expect(unlimitedSelect([all], 'shop_other')).toBeUndefined();
  });
});

describe('staff meant, from a recorded probe (auth-jwt)', () => {
  const doc = probed('auth-jwt-django3.2');
  it('IsAdminUser means staff; IsAuthenticated does not; a custom staff-or-read-only class proves nothing by itself', () => {
    expect(staffMeant(doc, named(doc, 'sales-report'), 'GET')).toMatch(/admit staff only/);
    expect(staffMeant(doc, named(doc, 'order-list'), 'GET')).toBeUndefined();
    expect(staffMeant(doc, named(doc, 'product-list'), 'POST')).toBeUndefined();
  });
});
