/**
 * Load-time validation of a questionnaire data file. Hand-written rather than a schema
 * library: besides shapes it checks the cross references (categories, scales, levels)
 * that a JSON schema cannot express, and names the offending question in its message.
 */
import type { AnswerOption, Questionnaire, Text } from './types.js';
import { isObj } from '../stix/checks-core.js';

const KINDS = ['self-check', 'maturity', 'supply-chain'] as const;

function fail(where: string, msg: string): never {
  throw new Error(`questionnaire ${where}: ${msg}`);
}


function text(where: string, v: unknown): Text {
  if (!isObj(v) || typeof v.ja !== 'string' || typeof v.en !== 'string' || !v.ja.trim() || !v.en.trim()) {
    fail(where, 'needs non-empty ja and en texts');
  }
  return { ja: v.ja, en: v.en };
}

function id(where: string, v: unknown): string {
  if (typeof v !== 'string' || !/^[a-z0-9][a-z0-9./-]{0,63}$/.test(v)) fail(where, `bad id ${JSON.stringify(v)}`);
  return v;
}

function num(where: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(where, `must be a number in ${min}..${max}`);
  return v;
}

function arr(where: string, v: unknown): unknown[] {
  if (!Array.isArray(v) || v.length === 0) fail(where, 'must be a non-empty array');
  return v;
}

/** Returns the data as a Questionnaire, or throws an Error naming what is wrong. */
export function parseQuestionnaire(data: unknown, source = 'data'): Questionnaire {
  if (!isObj(data)) fail(source, 'must be an object');
  const qid = id(`${source} id`, data.id);
  const w = `${qid}`;
  const version = num(`${w} version`, data.version, 1, 10_000);
  if (!Number.isInteger(version)) fail(w, 'version must be an integer');
  const kind = data.kind as Questionnaire['kind'];
  if (!KINDS.includes(kind)) fail(w, `kind must be one of ${KINDS.join(', ')}`);
  const title = text(`${w} title`, data.title);
  const description = text(`${w} description`, data.description);

  const categories = arr(`${w} categories`, data.categories).map((c, i) => {
    if (!isObj(c)) fail(`${w} categories[${i}]`, 'must be an object');
    return { id: id(`${w} categories[${i}]`, c.id), title: text(`${w} category ${String(c.id)}`, c.title) };
  });
  const catIds = new Set(categories.map((c) => c.id));
  if (catIds.size !== categories.length) fail(w, 'duplicate category ids');

  if (!isObj(data.scales)) fail(`${w} scales`, 'must be an object');
  const scales: Record<string, AnswerOption[]> = {};
  for (const [sid, opts] of Object.entries(data.scales)) {
    const options = arr(`${w} scale ${sid}`, opts).map((o, i) => {
      if (!isObj(o)) fail(`${w} scale ${sid}[${i}]`, 'must be an object');
      const points = o.points === null ? null : num(`${w} scale ${sid} option ${String(o.value)} points`, o.points, 0, 1000);
      return { value: id(`${w} scale ${sid}[${i}] value`, o.value), label: text(`${w} scale ${sid} option ${String(o.value)}`, o.label), points };
    });
    if (new Set(options.map((o) => o.value)).size !== options.length) fail(`${w} scale ${sid}`, 'duplicate values');
    if (!options.some((o) => (o.points ?? 0) > 0)) fail(`${w} scale ${sid}`, 'needs an option worth more than 0 points');
    scales[sid] = options;
  }

  const dontKnowPenalty = num(`${w} dontKnowPenalty`, data.dontKnowPenalty, 0, 100);

  let levels: Questionnaire['levels'];
  if (data.levels !== undefined) {
    levels = arr(`${w} levels`, data.levels).map((l, i) => {
      if (!isObj(l)) fail(`${w} levels[${i}]`, 'must be an object');
      return { id: id(`${w} levels[${i}]`, l.id), title: text(`${w} level ${String(l.id)}`, l.title), passPercent: num(`${w} level ${String(l.id)} passPercent`, l.passPercent, 0, 100) };
    });
  }
  const levelIds = new Set((levels ?? []).map((l) => l.id));

  const bands = arr(`${w} bands`, data.bands).map((b, i) => {
    if (!isObj(b)) fail(`${w} bands[${i}]`, 'must be an object');
    return { id: id(`${w} bands[${i}]`, b.id), min: num(`${w} band ${String(b.id)} min`, b.min, 0, 100), label: text(`${w} band ${String(b.id)}`, b.label) };
  });
  if (!bands.some((b) => b.min === 0)) fail(`${w} bands`, 'need a band starting at 0');
  for (let i = 1; i < bands.length; i++) if (bands[i]!.min <= bands[i - 1]!.min) fail(`${w} bands`, 'must be in increasing order of min');

  const seen = new Set<string>();
  const questions = arr(`${w} questions`, data.questions).map((q, i) => {
    if (!isObj(q)) fail(`${w} questions[${i}]`, 'must be an object');
    const qid2 = id(`${w} questions[${i}] id`, q.id);
    const where = `${w} question ${qid2}`;
    if (seen.has(qid2)) fail(where, 'duplicate id');
    seen.add(qid2);
    if (typeof q.category !== 'string' || !catIds.has(q.category)) fail(where, `unknown category ${JSON.stringify(q.category)}`);
    if (typeof q.scale !== 'string' || !scales[q.scale]) fail(where, `unknown scale ${JSON.stringify(q.scale)}`);
    const out: Questionnaire['questions'][number] = {
      id: qid2, category: q.category, text: text(`${where} text`, q.text), guidance: text(`${where} guidance`, q.guidance),
      weight: num(`${where} weight`, q.weight, 0.001, 1000), scale: q.scale,
    };
    if (q.evidence !== undefined) {
      out.evidence = arr(`${where} evidence`, q.evidence).map((e, j) => {
        if (!isObj(e)) fail(`${where} evidence[${j}]`, 'must be an object');
        return { kind: id(`${where} evidence[${j}] kind`, e.kind), label: text(`${where} evidence ${String(e.kind)}`, e.label) };
      });
    }
    if (q.levels !== undefined) {
      out.levels = arr(`${where} levels`, q.levels).map((l) => {
        if (typeof l !== 'string' || !levelIds.has(l)) fail(where, `unknown level ${JSON.stringify(l)}`);
        return l;
      });
    }
    return out;
  });
  if (levels && questions.some((q) => !q.levels)) fail(w, 'with levels, every question must name the levels that require it');

  const out: Questionnaire = { id: qid, version, kind, title, description, categories, scales, dontKnowPenalty, bands, questions };
  if (levels) out.levels = levels;
  return out;
}
