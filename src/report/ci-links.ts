/**
 * Where a CI run's artifacts can be opened, from the variables GitHub Actions and GitLab CI set: the
 * summary links report.html there, since a link relative to summary.md means nothing in a step summary
 * or a PR comment.
 */
export function artifactsUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, CI_JOB_URL } = env;
  if (GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID) return `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
  // GitLab shows an artifact's HTML file in the browser from the job's artifact browser.
  if (CI_JOB_URL) return `${CI_JOB_URL}/artifacts/browse`;
  return undefined;
}
