import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { TrustService } from '../../identity/trust.js';
import { fileChunks, LOG_FORMATS, parserFor, sniffFormat, type LogFormat } from '../../match/logs.js';
import { matchStream, type RunSummary } from '../../match/run.js';
import { buildIndex } from '../../match/service.js';
import { attributionHiddenStored, predicateFor } from '../../policy/predicate.js';
import { userViewer } from '../../policy/viewer.js';
import { TLP_ORDER } from '../../stix/markings.js';
import { classificationWire } from '../../api/view.js';
import { actingUser, CliError, type CliIO, line, withStore } from '../context.js';

/** What each printed hit says about its indicator. */
interface ShownIndicator {
  id: string;
  name: string | null;
  pattern: string;
  tlp: string;
  classification: Record<string, unknown> | null;
  provider: string | null;
  valid_until?: string;
}

/** The first line of a file (up to 64 KiB), for format detection. */
function firstLineOf(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.toString('utf8', 0, n);
    const nl = text.indexOf('\n');
    return nl < 0 ? text : text.slice(0, nl);
  } finally {
    closeSync(fd);
  }
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const n = (x: number) => x.toLocaleString('en-US');

function summaryLines(file: string, format: LogFormat, s: RunSummary, indexed: number, as: string): string[] {
  const out = [
    `matched ${file} (${format}) against ${n(indexed)} indicators ${as} may see: ${n(s.lines)} lines, ${n(s.observables)} observables, `
    + `${n(s.hits)} hits on ${n(s.byIndicator.size)} indicators; ${mb(s.bytes)} MB in ${s.seconds.toFixed(1)} s (${mb(s.bytes / Math.max(s.seconds, 1e-6))} MB/s)`,
  ];
  const top = [...s.byIndicator].sort((a, b) => b[1] - a[1]).slice(0, 10);
  for (const [id, count] of top) out.push(`  ${String(count).padStart(8)}  ${id}${s.names.has(id) ? `  ${s.names.get(id)}` : ''}`);
  if (s.byIndicator.size > top.length) out.push(`  … and ${n(s.byIndicator.size - top.length)} more indicators`);
  return out;
}

export function registerMatch(program: Command, io: CliIO): void {
  program
    .command('match <file>')
    .description(
      'match a log or list against every indicator a user may see: CSV (values in any column), JSON lines (observables, SCOs, '
        + 'observed-data), Zeek logs (TSV or JSON) or Suricata EVE JSON; hits as JSON lines on stdout, a summary on stderr '
        + '(FILE - reads stdin)',
    )
    .option('--format <format>', `one of ${LOG_FORMATS.join(', ')} (default: from the file's name and first line)`)
    .option('--as <email>', 'match what this user may see (default: the first operator)')
    .option('--unique', 'print each (indicator, observed value) once')
    .action(async (file: string, opts: { format?: string; as?: string; unique?: boolean }, cmd: Command) => {
      if (opts.format !== undefined && !LOG_FORMATS.includes(opts.format as LogFormat)) {
        throw new CliError(`--format must be one of ${LOG_FORMATS.join(', ')}, not '${opts.format}'`);
      }
      const fromStdin = file === '-';
      let size = 0;
      if (!fromStdin) {
        try {
          size = statSync(file).size;
        } catch {
          throw new CliError(`cannot read ${file}`);
        }
      }
      if (fromStdin && opts.format === undefined) throw new CliError('reading stdin needs --format');
      const firstLine = fromStdin ? '' : firstLineOf(file);
      const format = (opts.format as LogFormat | undefined) ?? sniffFormat(basename(file), firstLine);
      await withStore(cmd, io, async (ctx) => {
        const principal = await actingUser(ctx, opts.as, 'match');
        const viewer = userViewer(principal, await new TrustService(ctx.store).trustOf(principal.user));
        const predicate = predicateFor(viewer, new Date());
        const orgs = new Map((await ctx.store.identity.listOrganizations()).map((o) => [o.id, o.slug]));
        const built = await buildIndex<ShownIndicator>(ctx.store, predicate, {
          entry: (row, obj) => ({
            id: row.id,
            name: typeof obj.name === 'string' ? obj.name : null,
            pattern: String(obj.pattern),
            tlp: TLP_ORDER[row.tlpRank] ?? 'red',
            classification: classificationWire(row.classificationJson),
            provider: attributionHiddenStored(row, viewer) ? null : (orgs.get(row.providerOrgId) ?? null),
            ...(typeof obj.valid_until === 'string' ? { valid_until: obj.valid_until } : {}),
          }),
        });
        line(io.stderr, `indexed ${n(built.index.size)} indicators ${principal.user.email} may see (${n(built.skipped)} skipped: revoked, expired or not STIX patterns)`);
        const bar = io.stderr.isTTY && size > 0
          ? new cliProgress.SingleBar({
            stream: io.stderr, hideCursor: true, etaBuffer: 50,
            format: 'matching [{bar}] {percentage}% | {done}/{total_mb} MB | {lines} lines | {hits} hits | ETA {eta_formatted}',
          }, cliProgress.Presets.shades_classic)
          : undefined;
        bar?.start(size, 0, { done: '0.0', total_mb: mb(size), lines: '0', hits: '0' });
        const input = fromStdin ? (io.stdin as AsyncIterable<Buffer>) : fileChunks(file);
        let summary: RunSummary;
        try {
          summary = await matchStream(built.index, input, parserFor(format, firstLine), {
            show: (e) => e as ShownIndicator & Record<string, unknown>,
            unique: opts.unique === true,
            out: io.stdout,
            onChunk: (s) => bar?.update(s.bytes, { done: mb(s.bytes), lines: n(s.lines), hits: n(s.hits) }),
          });
        } finally {
          bar?.stop();
        }
        for (const l of summaryLines(fromStdin ? 'stdin' : file, format, summary, built.index.size, principal.user.email)) line(io.stderr, l);
      });
    });
}
