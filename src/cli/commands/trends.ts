import type { Command } from 'commander';
import { computeTrends, publishTrends } from '../../match/trends.js';
import { CliError, type CliIO, line, withStore } from '../context.js';

function num(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new CliError(`${name} must be a number from ${min} to ${max}, not '${raw}'`);
  return n;
}

export function registerTrends(program: Command, io: CliIO): void {
  program
    .command('trends')
    .description(
      'list what rises above its baseline in each community (sightings per indicator, malware family and sector; new indicators '
        + 'per family and sector), only where at least 5 organizations stand behind a figure; --publish sends each as a flash note '
        + 'from the hub to its community (once per window)',
    )
    .option('--publish', 'publish a flash note per trend to its community')
    .option('--community <slug>', 'only this community')
    .option('--window-hours <h>', 'the current window (default 24)')
    .option('--baseline-days <d>', 'the baseline before it (default 14)')
    .option('--k <k>', 'standard deviations above the baseline mean (default 3)')
    .option('--min-count <n>', 'the least a window must reach (default 5)')
    .option('--json', 'one JSON object per trend on stdout')
    .action(async (opts: { publish?: boolean; community?: string; windowHours?: string; baselineDays?: string; k?: string; minCount?: string; json?: boolean }, cmd: Command) => {
      const options = {
        windowHours: num('--window-hours', opts.windowHours, 1, 24 * 30),
        baselineDays: num('--baseline-days', opts.baselineDays, 1, 365),
        k: num('--k', opts.k, 0, 100),
        minCount: num('--min-count', opts.minCount, 0, 1e9),
      };
      await withStore(cmd, io, async (ctx) => {
        const communities = opts.community ? [await ctx.identity.requireCommunity(opts.community)] : undefined;
        const trends = await computeTrends(ctx.store, options, communities);
        for (const t of trends) {
          if (opts.json) {
            line(io.stdout, JSON.stringify({
              community: t.community.slug, dimension: t.dimension, signal: t.signal, key: t.key, label: t.label, current: t.current,
              baseline_mean: t.baselineMean, baseline_stddev: t.baselineStddev, threshold: t.threshold, organizations: t.organizations,
            }));
          } else {
            line(io.stdout, [t.community.slug, t.dimension, t.signal, String(t.current), `>= ${t.threshold.toFixed(1)}`,
              `(baseline ${t.baselineMean.toFixed(1)} ± ${t.baselineStddev.toFixed(1)})`, t.label].join('\t'));
          }
        }
        line(io.stderr, `${trends.length} rising ${trends.length === 1 ? 'trend' : 'trends'}`);
        if (opts.publish) {
          const { published } = await publishTrends(ctx.store, trends);
          line(io.stderr, `published ${published.length} flash ${published.length === 1 ? 'note' : 'notes'} (${trends.length - published.length} already published in this window)`);
        }
      });
    });
}
