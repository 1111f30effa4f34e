import type { Rng } from './prng.ts';

/**
 * A small deterministic phrase generator: templates filled from word lists of a plausible web
 * product (an API, a dashboard, billing), so the rooms read like a fleet at work, not lorem ipsum.
 */

/** Source files agents edit (each is also a lease resource). */
export const SOURCE_FILES = [
  'src/api/server.ts',
  'src/api/routes/users.ts',
  'src/auth/session.ts',
  'src/db/migrations/0042_add_orders_index.sql',
  'src/ui/Dashboard.tsx',
  'src/queue/worker.ts',
  'src/billing/invoice.ts',
  'src/search/indexer.ts',
  'lib/http/retry.ts',
  'src/config/schema.ts',
] as const;

/** Build outputs: one builder at a time may write each. */
export const BUILD_OUTPUTS = ['dist/app.js', 'dist/server.js', 'dist/app.css'] as const;

/** Shared test services a test run holds for its duration. */
export const TEST_SERVICES = ['services/postgres-test', 'services/redis-test'] as const;

/** Documentation pages. */
export const DOC_PAGES = ['docs/api.md', 'docs/changelog.md', 'docs/runbook.md'] as const;

/** The slot everyone wants. */
export const DEPLOY_SLOT = 'deploy/production';

const TOPICS = [
  'the session expiry bug',
  'retry backoff in the HTTP client',
  'the N+1 query on /users',
  'the flaky e2e login test',
  'invoice rounding',
  'search facets',
  'the orders index migration',
  'dashboard load time',
] as const;

const BRANCHES = [
  'fix/session-expiry',
  'feat/search-facets',
  'perf/users-n-plus-one',
  'fix/invoice-rounding',
  'chore/bump-deps',
  'feat/dashboard-filters',
] as const;

const SUITES = ['the unit suite', 'the e2e suite', 'the integration suite', 'typecheck'] as const;

const FUNCTIONS = [
  'createSession',
  'retryWithBackoff',
  'renderDashboard',
  'roundCents',
  'indexDocument',
];

/** Things a fleet member says; each kind reads differently. */
export type PhraseKind =
  | 'status'
  | 'claim'
  | 'request'
  | 'reply'
  | 'human_request'
  | 'blocker'
  | 'decision'
  | 'fact'
  | 'broadcast'
  | 'handoff_review'
  | 'handoff_peer'
  | 'accept_note';

type Template = (rng: Rng, v: PhraseVars) => string;

/** Values a caller already knows (the file it holds, its run); the rest is picked. */
export interface PhraseVars {
  file?: string;
  run?: string;
  step?: string;
  branch?: string;
  peer?: string;
  resource?: string;
  holder?: string;
  seconds?: number;
  suite?: string;
}

const file = (rng: Rng, v: PhraseVars): string => v.file ?? rng.pick(SOURCE_FILES);
const branch = (rng: Rng, v: PhraseVars): string => v.branch ?? rng.pick(BRANCHES);
const topic = (rng: Rng): string => rng.pick(TOPICS);

const TEMPLATES: Record<PhraseKind, readonly Template[]> = {
  status: [
    (r, v) => `editing ${file(r, v)} for ${topic(r)}`,
    (r, v) => `${r.int(180, 420)} of ${r.int(420, 450)} unit tests passing on ${branch(r, v)}`,
    (r, v) =>
      `${v.run ?? 'nightly build'}: ${v.step ?? r.pick(['compile', 'lint', 'bundle'])} done in ${r.int(3, 48)}s`,
    (r, v) => `rebased ${branch(r, v)} on main, ${r.int(0, 3)} conflicts resolved`,
    (r) => `profiling ${topic(r)}: p95 down from ${r.int(300, 900)}ms to ${r.int(90, 280)}ms`,
  ],
  claim: [
    (r, v) => `claiming ${file(r, v)} for ${topic(r)}`,
    (r, v) => `I'll take ${topic(r)}; touching ${file(r, v)} only`,
    (r, v) => `on ${file(r, v)} for the next few minutes, please stay off it`,
  ],
  request: [
    (r, v) => `can you rerun ${r.pick(SUITES)} on ${branch(r, v)}? the login test looked flaky`,
    (r, v) => `could you review ${file(r, v)} before I merge ${branch(r, v)}?`,
    (r, v) =>
      `do you still need ${file(r, v)}? I have to change the ${r.pick(FUNCTIONS)} signature`,
  ],
  reply: [
    (r, v) =>
      `done: ${v.suite ?? r.pick(SUITES)} green on ${branch(r, v)} (${r.int(200, 450)} passed)`,
    (r, v) => `looked at ${file(r, v)}: fine by me, one nit on naming`,
    (r) => `not anymore, go ahead; I'm off it in ${r.int(1, 5)} min`,
  ],
  human_request: [
    (r, v) => `need a human decision: ship ${branch(r, v)} behind a flag or wait for the fix?`,
    (r) =>
      `please approve migration 0042 before the deploy (locks the orders table ~${r.int(2, 9)}s)`,
    (r) => `security review needed: ${topic(r)} touches session cookies`,
  ],
  blocker: [
    (r, v) =>
      `blocked: ${v.resource ?? DEPLOY_SLOT} is held by ${v.holder ?? 'someone'}${v.seconds !== undefined ? ` (expires in ${v.seconds}s)` : ''}`,
    (r, v) =>
      `blocked on ${v.resource ?? 'the integration checkpoint'}: still waiting for ${v.peer ?? 'the others'}`,
  ],
  decision: [
    (r, v) =>
      `decision: ${branch(r, v)} merges after the integration checkpoint, then ${r.pick(BRANCHES)}`,
    (r) => `decision: pin Node to 22.12 in CI until ${topic(r)} is fixed`,
    (r) =>
      `decision: ${topic(r)} ships behind the flag \`${r.pick(['new-session', 'fast-search', 'v2-billing'])}\``,
  ],
  fact: [
    (r) => `fact: ${r.pick(SUITES)} takes ${r.int(20, 95)}s on main`,
    (r, v) => `fact: ${file(r, v)} has ${r.int(3, 40)} callers`,
    (r) => `fact: migration 0042 runs in ${r.int(2, 12)}s on a staging-sized table`,
  ],
  broadcast: [
    (r, v) => `heads-up: rebasing main onto ${branch(r, v)} in ${r.int(2, 10)} minutes`,
    () => `heads-up: CI cache cleared, the next builds will be slow`,
    (r) => `deploy freeze for ${r.int(5, 20)} minutes while staging is rebuilt`,
  ],
  handoff_review: [
    (r, v) => `${v.run ?? 'build'} is ready: please review ${branch(r, v)} and approve the deploy`,
    (r, v) => `release notes for ${branch(r, v)} need a human sign-off`,
  ],
  handoff_peer: [
    (r, v) => `${v.run ?? 'my run'} done, ${file(r, v)} changed: please run the e2e suite on it`,
    (r, v) => `handing over ${topic(r)}: the rest is tests for ${file(r, v)}`,
  ],
  accept_note: [
    () => `on it`,
    (r) => `taking it, ETA ${r.int(2, 15)} min`,
    () => `accepted; will report in the builds room`,
  ],
};

/**
 * One sentence of kind `kind`, chosen and filled by `rng` (same seed, same sentence).
 *
 * @example
 * phrase(rng, 'claim', { file: 'src/api/server.ts' }); // 'claiming src/api/server.ts for invoice rounding'
 */
export function phrase(rng: Rng, kind: PhraseKind, vars: PhraseVars = {}): string {
  return rng.pick(TEMPLATES[kind])(rng, vars);
}

/**
 * A branch name for `rng` (agents work on a branch per run).
 *
 * @example
 * pickBranch(rng); // 'fix/session-expiry'
 */
export function pickBranch(rng: Rng): string {
  return rng.pick(BRANCHES);
}

/**
 * An answer that fits the request it replies to (a rerun gets a test result, a review request a
 * verdict, a question about a file a go-ahead), naming the file or branch the request named.
 *
 * @example
 * replyTo(rng, 'could you review src/api/server.ts before I merge fix/x?'); // 'looked at src/api/server.ts: …'
 */
export function replyTo(rng: Rng, request: string): string {
  const file = SOURCE_FILES.find((f) => request.includes(f));
  const branch = BRANCHES.find((b) => request.includes(b));
  const suite = SUITES.find((x) => request.includes(x));
  const vars: PhraseVars = {
    ...(file ? { file } : {}),
    ...(branch ? { branch } : {}),
    ...(suite ? { suite } : {}),
  };
  const [rerun, review, release] = TEMPLATES.reply as [Template, Template, Template];
  if (/\brerun\b/.test(request)) return rerun(rng, vars);
  if (/\breview\b/.test(request)) return review(rng, vars);
  return release(rng, vars);
}
