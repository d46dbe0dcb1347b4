/**
 * report.html: the run as one self-contained page (inline CSS, one inline script, inline SVG; nothing
 * fetched, so it opens from a CI artifact or a mail attachment). Pure: the same report gives the same page.
 */
import { createHash } from 'node:crypto';
import type { RunReport } from '../types.js';
import { statusWord } from './format.js';
import { html, raw } from './html-escape.js';
import { section, type PageSection } from './html-parts.js';
import { apiSection } from './html-sections/api.js';
import { checksSection } from './html-sections/checks.js';
import { databaseSection } from './html-sections/database.js';
import { flowsSection } from './html-sections/flows.js';
import { notesSection } from './html-sections/notes.js';
import { prSection } from './html-sections/pr.js';
import { coverageSection, seedSection, testsSection } from './html-sections/tests.js';
import { timingSection } from './html-sections/timing.js';
import { hero, verdictSection } from './html-sections/verdict.js';
import { HTML_SCRIPT } from './html-script.js';
import { HTML_STYLE } from './html-style.js';

/** The sections in page order: the verdict, the PR verdict, what was reached, what failed, then the measurements. */
const SECTIONS = [verdictSection, prSection, apiSection, flowsSection, checksSection, timingSection, databaseSection, seedSection, testsSection, coverageSection, notesSection];

// Only the page's own script may run: it is allowed by its hash, so an inline handler or a <script>
// that escaped escaping would be refused (and reported in the console) instead of executed.
const SCRIPT_HASH = createHash('sha256').update(HTML_SCRIPT).digest('base64');
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

/** The whole page for a run report. */
export function renderHtml(report: RunReport): string {
  const sections = SECTIONS.map((build) => build(report)).filter((s): s is PageSection => s !== undefined);
  const nav = sections.map((s) => html`<a href="#${s.id}"><span class="dot ${s.tone}"></span>${s.title}</a>`);
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${raw(CSP)}">
<meta name="generator" content="enid-test">
<title>enid-test: ${report.service.name} — ${statusWord(report)}</title>
<style>${raw(HTML_STYLE)}</style>
</head>
<body>
${hero(report, sections)}<nav class="toc"><div class="wrap">${nav}<span class="tools"><button type="button" data-expand="open">Expand all</button><button type="button" data-expand="close">Collapse all</button></span></div></nav>
<main class="wrap">
${sections.map((s) => section(s.id, s.title, s.body, s.aside))}</main>
<footer class="wrap">Written by enid-test. <code>report.json</code> beside this file holds the same run as data; <code>junit.xml</code> and <code>summary.md</code> summarise it for CI.</footer>
<script>${raw(HTML_SCRIPT)}</script>
</body>
</html>
`;
  return page.text;
}
