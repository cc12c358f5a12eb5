import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccountAdmin, AccountsModule, AccountsOptions, Operators } from '@restgw/accounts';
import { ControlConnectionsModule, ControlConnectionsOptions } from '@restgw/db';

export interface DemoSeed {
  /** Every region of the stack with its gateway's URL; the demo account is enabled in each. */
  regions: Array<{ id: string; url: string }>;
  operatorEmail: string;
  operatorPassword: string;
  accountName: string;
  username: string;
  password: string;
}

/** Idempotent: a second start finds the demo account and user and keeps them. */
export async function seedDemo(connections: ControlConnectionsOptions, accounts: AccountsOptions, seed: DemoSeed): Promise<{ accountId: number }> {
  @Module({ imports: [ControlConnectionsModule.forRoot(connections), AccountsModule.register(accounts)] })
  class SeedModule {}
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: false });
  try {
    const admin = app.get(AccountAdmin);
    await app.get(Operators).ensure(seed.operatorEmail, seed.operatorPassword);
    const known = new Map((await admin.listRegions()).map((r) => [r.id, r.status]));
    // A restart keeps the status an operator gave a region (draining, disabled); the URL follows the stack's ports.
    for (const r of seed.regions) await admin.registerRegion({ id: r.id, url: r.url, status: known.get(r.id) });
    const existing = (await admin.listAccounts()).find((a) => a.name === seed.accountName);
    const account = existing ?? (await admin.createAccount({ name: seed.accountName }));
    const users = await admin.listUsers(account.id);
    if (!users.some((u) => u.username === seed.username)) {
      await admin.createUser(account.id, { username: seed.username, password: seed.password });
    }
    for (const r of seed.regions) await admin.setRegionEnabled(account.id, r.id, true);
    return { accountId: account.id };
  } finally {
    await app.close();
  }
}
