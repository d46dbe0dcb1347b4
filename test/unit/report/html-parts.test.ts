import { describe, expect, it } from 'vitest';
import { curlLine, shellWord } from '../../../src/report/curl.js';
import { escapeHtml, html, joinHtml, raw } from '../../../src/report/html-escape.js';
import { barChart, niceTicks, ratioMark, shortNumber, stripPlot } from '../../../src/report/html-plot.js';
import { ExitCode } from '../../../src/exit-codes.js';
import { endpointState } from '../../../src/report/html-sections/api.js';
import { checksOf } from '../../../src/report/html-sections/checks.js';
import { cellText, genericValue, humanKey } from '../../../src/report/html-sections/generic.js';
import { EXIT_CODE_MEANING } from '../../../src/report/html-sections/verdict.js';
import { recordedReport } from './recorded-report.js';

describe('html template tag', () => {
  it('escapes interpolated text, keeps markup, joins lists and drops null, undefined and false', () => {
    const name = `<b title="x">'&'</b>`;
    expect(html`<td>${name}</td>`.text).toBe('<td>&lt;b title=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;</td>');
    expect(html`<p>${html`<i>${'<'}</i>`}${[1, raw('<br>'), 'a&b']}${null}${undefined}${false}${0}</p>`.text).toBe('<p><i>&lt;</i>1<br>a&amp;b0</p>');
    expect(joinHtml(['a<', raw('<hr>')], ', ').text).toBe('a&lt;, <hr>');
  });

  it('drops terminal colour codes and control characters from text', () => {
    expect(escapeHtml('\u001b[31mred\u001b[0m\u0007 ok\tnext\nline')).toBe('red ok\tnext\nline');
  });
});

describe('plots', () => {
  it('niceTicks covers the maximum in steps of 1, 2 or 5 × 10^k', () => {
    expect(niceTicks(83)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.42)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(shortNumber(1234)).toBe('1.2k');
    expect(shortNumber(9.25)).toBe('9.3');
  });

  it('stripPlot draws a dot per sample and a box per group, and counts the samples beyond its axis', () => {
    const svg = stripPlot([{ label: 'cold', values: [10, 11, 12, 13, 500], tone: 'info' }, { label: 'warm', values: [1, 2, 2, 3], tone: 'pass' }], 'ms').text;
    expect(svg.match(/<circle class="dot/g)).toHaveLength(9);
    expect(svg.match(/<rect class="box/g)).toHaveLength(2);
    expect(svg).toContain('+1 ›');
    expect(svg).toContain('n=5 · p50 12');
    expect(stripPlot([{ label: 'none', values: [Number.NaN], tone: 'info' }], 'ms').text).toBe('');
  });

  it('barChart labels every bar with its value; ratioMark puts 1 in the middle of a symmetric log axis', () => {
    expect(barChart([{ label: '5 rows', value: 7, tone: 'fail' }, { label: '25 rows', value: 27, tone: 'fail' }], 'queries').text).toMatch(/5 rows<\/text>.*7 queries<\/text>.*25 rows<\/text>.*27 queries<\/text>/);
    expect(ratioMark(1, 0.9, 1.1, [0.5, 2], 'skip').text).toContain('<line class="ref" x1="90" x2="90"');
  });
});

describe('report parts of other branches, read defensively', () => {
  it('endpointState uses the reported state, else derives it from what was exercised', () => {
    const base = { route: 'r', view: 'v', methods: ['GET'] };
    expect(endpointState({ ...base, exercised: ['GET'] })).toEqual({ state: 'verified' });
    expect(endpointState({ ...base, exercised: [], skipped: 'needs auth' })).toEqual({ state: 'skipped', reason: 'needs auth' });
    expect(endpointState({ ...base, exercised: ['GET'], state: 'reached', reason: 'no payload accepted' })).toEqual({ state: 'reached', reason: 'no payload accepted' });
  });

  it('checksOf takes findings from report.checks.findings or from report.checks as a list, and nothing else', () => {
    const finding = { check: 'c', endpoint: '/x/', method: 'GET', level: 'warn', message: 'm', reproduction: { curl: 'curl x', request: { method: 'GET', url: 'x' } } };
    expect(checksOf({ ...recordedReport(), checks: { findings: [finding], requests: 3 } } as never)).toEqual({ findings: [finding], requests: 3 });
    expect(checksOf({ ...recordedReport(), checks: [finding, 'junk'] } as never)).toEqual({ findings: [finding] });
    expect(checksOf(recordedReport())).toBeUndefined();
  });

  it('genericValue renders records of records as a matrix with numbered columns in order', () => {
    const out = genericValue({ 'GET /a/': { '500': 1, '200': 4 }, 'GET /b/': { '404': 2 } }).text;
    expect(out).toMatch(/<th><\/th><th class="num">200<\/th><th class="num">404<\/th><th class="num">500<\/th>/);
    expect(genericValue([{ a: 1, b: [1, 2] }, { c: { d: true } }]).text).toContain('<td>1, 2</td>');
    expect(humanKey('statusCodes')).toBe('Status codes');
    expect(cellText({ x: 1 })).toBe('x: 1');
  });
});

describe('curl lines', () => {
  it('replays method, headers and a JSON body, single-quoting only what the shell would read', () => {
    expect(curlLine({ method: 'post', url: 'http://h:8000/api/notes/?a=1&b=2', requestBody: { title: "it's" } }, { Host: 'notes' })).toBe(
      `curl -sS -i -X POST -H 'Host: notes' -H 'Content-Type: application/json' --data-raw '{"title":"it'\\''s"}' 'http://h:8000/api/notes/?a=1&b=2'`,
    );
    expect(curlLine({ method: 'GET', url: 'http://h/api/' })).toBe('curl -sS -i http://h/api/');
    expect(shellWord('')).toBe("''");
    expect(shellWord('$TOKEN')).toBe("'$TOKEN'");
  });
});

describe('the verdict', () => {
  it('names the meaning of every exit code of the contract', () => {
    expect(Object.keys(EXIT_CODE_MEANING).map(Number).sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });
});
