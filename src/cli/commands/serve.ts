import type { Command } from 'commander';
import { startHub } from '../../server/serve.js';
import { type CliIO, globalConfig, line } from '../context.js';

export function registerServe(program: Command, io: CliIO): void {
  program
    .command('serve')
    .description('run the hub (TAXII 2.1, REST API); creates the store on first run')
    .option('--host <host>', 'address to listen on (env KYOJO_HOST)')
    .option('--port <port>', 'port to listen on (env KYOJO_PORT)')
    .action(async (_opts, cmd: Command) => {
      const config = globalConfig(cmd);
      const hub = await startHub(config);
      const users = await hub.ctx.store.identity.listUsers();
      // One write, so whoever watches stdout sees the whole banner at once.
      const banner = [
        `Kyojo hub listening on ${hub.url}`,
        `  portal:              ${hub.url}/`,
        `  TAXII 2.1 discovery: ${hub.url}/taxii2/`,
        `  REST API:            ${hub.url}/api/v1/`,
        `  store: ${hub.ctx.store.backend === 'sqlite' ? config.dataDir + '/kyojo.db (SQLite)' : 'PostgreSQL'}`,
      ];
      if (!users.some((u) => u.role === 'operator')) {
        banner.push(
          '',
          'No operator account yet. In another terminal, create one, then open the link it prints',
          'to set your password and sign in to the portal:',
          '  npx kyojo org add hub --name "Hub operator" --kind isac --sector other',
          '  npx kyojo user add you@example.org --org hub --role operator',
          '  npx kyojo user invite you@example.org',
        );
      }
      line(io.stdout, banner.join('\n'));
      await new Promise<void>((resolve) => {
        const stop = () => {
          line(io.stderr, 'kyojo: shutting down');
          hub.close().then(resolve, resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
