/**
 * The posture benchmark: what the engine and the board report cost.
 * - scoring: answer sets per second for each shipped questionnaire (random answers);
 * - the sector benchmark over N organizations with a submitted maturity assessment (one sector);
 * - the board report's data + HTML for one organization, and its PDF through headless Chromium.
 *
 *   node --import tsx bench/posture.ts [--orgs 1000]
 *
 * Prints figures; it asserts nothing. Runs on SQLite in a temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { getQuestionnaire, listQuestionnaires, scoreAnswers, type Answers, type Questionnaire } from '../src/assess/index.js';
import { boardReportData } from '../src/board-report/data.js';
import { renderBoardReport } from '../src/board-report/html.js';
import { findChromium, renderPdf } from '../src/board-report/pdf.js';
import { IdentityService } from '../src/identity/service.js';
import { sectorBenchmark } from '../src/posture/benchmark.js';
import { openStore } from '../src/store/open.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const ORGS = Number(args.get('orgs') ?? 1000);

function randomAnswers(q: Questionnaire, seed: number): Answers {
  let x = seed * 2654435761 % 4294967296;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
  return Object.fromEntries(q.questions.map((qq) => {
    const opts = q.scales[qq.scale]!;
    return [qq.id, opts[next() % opts.length]!.value];
  }));
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

console.log(`posture benchmark — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, ${new Date().toISOString()}`);
for (const { id } of listQuestionnaires()) {
  const q = getQuestionnaire(id)!;
  const sets = Array.from({ length: 2000 }, (_, i) => randomAnswers(q, i + 1));
  for (const a of sets.slice(0, 200)) scoreAnswers(q, a); // warm-up
  const t0 = process.hrtime.bigint();
  for (const a of sets) scoreAnswers(q, a);
  const took = ms(t0);
  console.log(`scoring ${id} (${q.questions.length} questions): ${Math.round(sets.length / (took / 1000)).toLocaleString('en')} answer sets/s`);
}

const dir = mkdtempSync(join(tmpdir(), 'kyojo-bench-posture-'));
const store = await openStore({ dataDir: dir });
try {
  const identity = new IdentityService(store);
  const mm = getQuestionnaire('management-maturity')!;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ORGS; i++) {
    const org = await identity.addOrganization({ slug: `org${i}`, name: `Org ${i}`, kind: 'company', sector: 'finance', country: 'JP' });
    const answers = randomAnswers(mm, i + 7);
    const result = scoreAnswers(mm, answers);
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    await store.posture.createAssessment({ id: randomUUID(), orgId: org.id, questionnaireId: mm.id, questionnaireVersion: mm.version, status: 'submitted', answers: JSON.stringify(answers), result: JSON.stringify(result), score: result.score, createdBy: 'bench', submittedBy: 'bench', createdAt: at, updatedAt: at, submittedAt: at });
  }
  console.log(`seeded ${ORGS} organizations with a maturity assessment in ${(ms(t0) / 1000).toFixed(1)} s`);
  const org0 = (await store.identity.getOrganization({ slug: 'org0' }))!;
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    const b = await sectorBenchmark(store, org0);
    runs.push(ms(t));
    if (i === 0) console.log(`sector benchmark: ${b.organizations} organizations, average ${b.average?.score}`);
  }
  console.log(`sector benchmark over ${ORGS} organizations: best of 5 ${Math.min(...runs).toFixed(1)} ms`);

  const user = await identity.addUser({ email: 'ceo@org0.example', org: 'org0', role: 'reader', tier: 'executive' });
  const p = (await identity.principalFor(user, null))!;
  const html: string[] = [];
  const reportRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    html.push(renderBoardReport(await boardReportData(store, p, 'ja')));
    reportRuns.push(ms(t));
  }
  console.log(`board report data + HTML (${Math.round(html[0]!.length / 1024)} KiB): best of 5 ${Math.min(...reportRuns).toFixed(1)} ms`);
  if (findChromium()) {
    const pdfRuns: number[] = [];
    let size = 0;
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      size = (await renderPdf(html[0]!)).length;
      pdfRuns.push(ms(t));
    }
    console.log(`board report PDF (${Math.round(size / 1024)} KiB, Chromium launched per render): best of 3 ${Math.min(...pdfRuns).toFixed(0)} ms`);
  } else console.log('board report PDF: no Chromium, skipped');
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
