import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccountAdmin, AccountsModule, accountsOptions, Operators } from '@restgw/accounts';
import { StationAdmin, StationsModule } from '@restgw/control-stations';
import { ControlConnectionsModule, controlConnectionsOptions } from '@restgw/db';
import { DomainError } from '@restgw/platform';
import { loadCliConfig } from './cli.config';
import { COMMANDS, STRING_FLAGS, usage } from './cli-commands';

/** `npm run cli -- <noun> <verb> --flags [--json]`: operator tasks without a running control plane. */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    strict: false,
    options: {
      ...Object.fromEntries(STRING_FLAGS.map((f) => [f, { type: 'string' as const }])),
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const name = positionals.slice(0, 2).join(' ');
  const command = COMMANDS[name];
  if (!command || values.help) {
    console.error(usage());
    return command ? 0 : 2;
  }
  const { config, description } = loadCliConfig();
  // On stderr, so --json output stays one parsable document.
  console.error(`[cli] ${description}`);
  @Module({
    imports: [ControlConnectionsModule.forRoot(controlConnectionsOptions(config)), AccountsModule.register(accountsOptions(config)), StationsModule],
  })
  class CliModule {}
  const app = await NestFactory.createApplicationContext(CliModule, { logger: false });
  app.enableShutdownHooks();
  try {
    const result = await command.run({ admin: app.get(AccountAdmin), operators: app.get(Operators), stations: app.get(StationAdmin) }, values);
    console.log(values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
    return 0;
  } catch (e) {
    const message = e instanceof DomainError ? e.message : String((e as Error).message ?? e);
    console.error(values.json ? JSON.stringify({ error: message }) : `error: ${message}`);
    return 1;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
