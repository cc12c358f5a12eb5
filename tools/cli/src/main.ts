import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditLog, AuditModule } from '@restgw/audit';
import { AccountAdmin, AccountsModule, accountsOptions, ApiKeys, Operators } from '@restgw/accounts';
import { StationAdmin, StationsModule } from '@restgw/control-stations';
import { ControlConnectionsModule, controlConnectionsOptions } from '@restgw/db';
import { DomainError } from '@restgw/platform';
import { loadCliConfig } from './cli.config';
import { LimitsAdmin, UsageModule, UsageQuery } from '@restgw/usage';
import { COMMANDS, STRING_FLAGS, usage } from './cli-commands';

/** The OS user running the CLI (the audit log's actor); USER when the passwd entry is missing (containers). */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

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
    imports: [ControlConnectionsModule.forRoot(controlConnectionsOptions(config)), AccountsModule.register(accountsOptions(config)), StationsModule, AuditModule, UsageModule],
  })
  class CliModule {}
  const app = await NestFactory.createApplicationContext(CliModule, { logger: false });
  app.enableShutdownHooks();
  try {
    const services = {
      admin: app.get(AccountAdmin),
      operators: app.get(Operators),
      stations: app.get(StationAdmin),
      limits: app.get(LimitsAdmin),
      usage: app.get(UsageQuery),
      apiKeys: app.get(ApiKeys),
      actor: `cli:${osUser()}`,
    };
    const result = await command.run(services, values);
    const audited = command.audit?.(values, result);
    // Recorded after the use case succeeded, like the API's interceptor; the flags are the summary (secrets redacted by AuditLog).
    if (audited) {
      const { json: _json, help: _help, ...flags } = values;
      await app.get(AuditLog).record({ actor: { type: 'cli', label: services.actor }, source: 'cli', action: name.replace(' ', '.'), ...audited, summary: flags });
    }
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
