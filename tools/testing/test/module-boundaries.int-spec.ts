import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The library boundaries of docs/architecture.md hold because `npm run lint` fails on
 * a violation: each case lints a one-line file as if it sat at `path`, with the
 * repository's own eslint.config.mjs, and expects the rule's verdict.
 */
const ROOT = join(__dirname, '../../..');
const bin = (pkg: string, file: string) => join(ROOT, 'node_modules', pkg, file);

function lint(path: string, code: string): string[] {
  const r = spawnSync(process.execPath, [bin('eslint', 'bin/eslint.js'), '--stdin', '--stdin-filename', path, '--format', 'json'], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`eslint failed: ${r.stderr}`);
  const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('library boundaries (npm run lint)', () => {
  beforeAll(() => {
    // What `npm run lint` does first: without a computed project graph the Nx rule skips itself.
    execFileSync(process.execPath, [bin('nx', 'dist/bin/nx.js'), 'show', 'projects'], { cwd: ROOT, stdio: 'ignore' });
  }, 120_000);

  const forbidden: [string, string, string, RegExp][] = [
    ['region code importing the database library', 'libs/region/access/src/probe.ts', "import { PrismaClient } from '@restgw/db';\nexport const p = PrismaClient;\n", /"scope:region" can only depend on libs tagged with "scope:shared", "scope:region"/],
    ['the gateway importing a control-plane library', 'apps/gateway/src/probe.ts', "import { AccountAdmin } from '@restgw/accounts';\nexport const a = AccountAdmin;\n", /"scope:region" can only depend on libs tagged with "scope:shared", "scope:region"/],
    ['kafkajs outside the message-log library', 'libs/region/stations/src/probe.ts', "import { Kafka } from 'kafkajs';\nexport const k = Kafka;\n", /not allowed to import "kafkajs"/],
    ['Prisma outside the database library', 'libs/control/accounts/src/probe.ts', "import { PrismaClient } from '@prisma/client';\nexport const p = PrismaClient;\n", /not allowed to import "@prisma\/client"/],
    ['bullmq outside the jobs library', 'apps/region-worker/src/probe.ts', "import { Worker } from 'bullmq';\nexport const w = Worker;\n", /not allowed to import "bullmq"/],
    ['ioredis in the gateway (state goes through the StateStore)', 'apps/gateway/src/probe.ts', "import { Redis } from 'ioredis';\nexport const r = Redis;\n", /not allowed to import "ioredis"/],
    ['ioredis in a region library', 'libs/region/consume/src/probe.ts', "import { Redis } from 'ioredis';\nexport const r = Redis;\n", /not allowed to import "ioredis"/],
    ['ioredis in a control library', 'libs/control/accounts/src/probe.ts', "import { Redis } from 'ioredis';\nexport const r = Redis;\n", /not allowed to import "ioredis"/],
    ['bullmq in the state library', 'libs/shared/state/src/probe.ts', "import { Queue } from 'bullmq';\nexport const q = Queue;\n", /not allowed to import "bullmq"/],
    ['a shared library importing a region library', 'libs/shared/message-log/src/probe.ts', "import { ConsumeCoordinator } from '@restgw/consume';\nexport const c = ConsumeCoordinator;\n", /"scope:shared" can only depend on libs tagged with "scope:shared"$/],
    ['an app importing another app', 'apps/gateway/src/probe.ts', "import { ControlPlaneModule } from '../../control-plane/src/app.module';\nexport const m = ControlPlaneModule;\n", /relative or absolute path/],
    ['production code importing the test harness', 'libs/region/consume/src/probe.ts', "import { Stack } from '@restgw/testing';\nexport const s = Stack;\n", /test harness is for test files only|type:lib.*type:testing/],
  ];

  it.each(forbidden)('refuses %s', (_what, path, code, expected) => {
    const errors = lint(path, code);
    expect(errors.join('\n')).toMatch(expected);
  });

  const allowed: [string, string, string][] = [
    ['region code importing a shared library', 'libs/region/access/src/probe.ts', "import { ACCESS_AUDIENCE } from '@restgw/contracts';\nexport const a = ACCESS_AUDIENCE;\n"],
    ['kafkajs inside the message-log library', 'libs/shared/message-log/src/probe.ts', "import { Kafka } from 'kafkajs';\nexport const k = Kafka;\n"],
    ['ioredis inside the state library', 'libs/shared/state/src/probe.ts', "import { Redis } from 'ioredis';\nexport const r = Redis;\n"],
    ['ioredis inside the jobs library (BullMQ connections)', 'libs/shared/jobs/src/probe.ts', "import { Redis } from 'ioredis';\nexport const r = Redis;\n"],
    ['a test observing Redis with ioredis', 'apps/gateway/test/probe.e2e-spec.ts', "import { Redis } from 'ioredis';\nexport const r = Redis;\n"],
    ['a region test seeding through a control library', 'apps/gateway/test/probe.e2e-spec.ts', "import { AccountAdmin } from '@restgw/accounts';\nexport const a = AccountAdmin;\n"],
  ];

  it.each(allowed)('allows %s', (_what, path, code) => {
    expect(lint(path, code)).toEqual([]);
  });
});
