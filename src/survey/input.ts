/** Reading a new survey from a request body: every problem named by its property. */
import { getQuestionnaire, type Questionnaire, type Text } from '../assess/index.js';
import { ORG_KINDS, SECTORS } from '../identity/validation.js';
import { checkDate, invalid, todayUtc } from '../posture/errors.js';
import { isObj } from '../stix/checks-core.js';

export interface Audience { sectors: string[]; kinds: string[]; organizations: string[] }
export interface NewSurvey { title: Text; message: Text | null; questionnaire: Questionnaire; audience: Audience; closesOn: string }

type Errors = { property: string; message: string }[];

function text(errors: Errors, path: string, v: unknown, max: number, required: boolean): Text | null {
  if (v === undefined || v === null) { if (required) errors.push({ property: path, message: 'is required' }); return null; }
  if (!isObj(v)) { errors.push({ property: path, message: 'must be { "ja": "…", "en": "…" }' }); return null; }
  const out: Partial<Text> = {};
  for (const l of ['ja', 'en'] as const) {
    const s = v[l];
    if (typeof s !== 'string' || s.trim() === '') errors.push({ property: `${path}.${l}`, message: 'is required' });
    else if (s.length > max) errors.push({ property: `${path}.${l}`, message: `must be at most ${max} characters` });
    else out[l] = s.trim();
  }
  for (const k of Object.keys(v)) if (k !== 'ja' && k !== 'en') errors.push({ property: `${path}.${k}`, message: 'is not a language (expected ja, en)' });
  return out.ja && out.en ? (out as Text) : null;
}

function strings(errors: Errors, path: string, v: unknown, allowed?: readonly string[]): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > 200 || v.some((x) => typeof x !== 'string')) { errors.push({ property: path, message: 'must be an array of at most 200 strings' }); return []; }
  const bad = allowed ? v.filter((x) => !allowed.includes(x as string)) : [];
  if (bad.length) errors.push({ property: path, message: `unknown: ${bad.slice(0, 5).join(', ')} (expected ${allowed!.join(', ')})` });
  return [...new Set(v as string[])];
}

export function parseNewSurvey(body: unknown, now: Date): NewSurvey {
  if (!isObj(body)) throw invalid('The body must be a JSON object: { title, message?, questionnaire, version?, audience?, closes_on }.');
  const errors: Errors = [];
  for (const k of Object.keys(body)) {
    if (!['title', 'message', 'questionnaire', 'version', 'audience', 'closes_on'].includes(k)) errors.push({ property: k, message: 'is not a property (expected title, message, questionnaire, version, audience, closes_on)' });
  }
  const title = text(errors, 'title', body.title, 200, true);
  const message = text(errors, 'message', body.message, 2000, false);
  let questionnaire: Questionnaire | undefined;
  if (typeof body.questionnaire !== 'string') errors.push({ property: 'questionnaire', message: 'is required' });
  else if (body.version !== undefined && body.version !== null && !Number.isInteger(body.version)) errors.push({ property: 'version', message: 'must be a whole number' });
  else {
    questionnaire = getQuestionnaire(body.questionnaire, (body.version ?? undefined) as number | undefined);
    if (!questionnaire) errors.push({ property: 'questionnaire', message: 'is not a shipped questionnaire (version)' });
  }
  let audience: Audience = { sectors: [], kinds: [], organizations: [] };
  if (body.audience !== undefined && body.audience !== null) {
    if (!isObj(body.audience)) errors.push({ property: 'audience', message: 'must be { sectors?, kinds?, organizations? }' });
    else {
      const a = body.audience;
      for (const k of Object.keys(a)) if (!['sectors', 'kinds', 'organizations'].includes(k)) errors.push({ property: `audience.${k}`, message: 'is not a property (expected sectors, kinds, organizations)' });
      audience = { sectors: strings(errors, 'audience.sectors', a.sectors, SECTORS), kinds: strings(errors, 'audience.kinds', a.kinds, ORG_KINDS), organizations: strings(errors, 'audience.organizations', a.organizations) };
    }
  }
  const dateError = checkDate(body.closes_on);
  if (dateError) errors.push({ property: 'closes_on', message: dateError });
  else if ((body.closes_on as string) < todayUtc(now)) errors.push({ property: 'closes_on', message: 'must not be in the past' });
  if (errors.length) throw invalid('The survey is invalid.', errors);
  return { title: title!, message, questionnaire: questionnaire!, audience, closesOn: body.closes_on as string };
}
