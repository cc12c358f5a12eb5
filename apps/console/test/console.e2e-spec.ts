import { requestJson, Stack, Tenant } from '@restgw/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { clearResults, launchChromium, screenshot, seriousA11yViolations } from './console-browser';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * The console in a real Chromium against a real stack (control plane,
 * gateway and region worker on PostgreSQL, Redis and Kafka): an operator signs
 * in, creates an account, a user and a station and watches it become active,
 * suspends the account (its token is refused at the gateway), attaches a
 * schema, reads the usage of what was produced, finds all of it in the audit
 * log and signs out. Every page is screenshotted (results/console/) and
 * checked with axe-core: no serious or critical violation.
 */
describe('console in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let accountId: number;
  const tenant: Omit<Tenant, 'accountId'> = { username: 'shop-app', password: 'shop-app-password' };
  let token = '';
  let shot = 0;
  const pageErrors: string[] = [];

  /** A screenshot and the accessibility check of the page as it is now. */
  async function checkPage(name: string) {
    await page.waitForLoadState('networkidle');
    // Let finite CSS transitions end first: a button fading from disabled to enabled fails contrast mid-way.
    await page.evaluate(`Promise.race([
      Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => undefined))),
      new Promise((r) => setTimeout(r, 2000)),
    ])`);
    await screenshot(page, `${String(++shot).padStart(2, '0')}-${name}`);
    expect({ page: name, violations: await seriousA11yViolations(page) }).toEqual({ page: name, violations: [] });
  }
  const tab = (name: string) => page.getByRole('tab', { name }).click();
  const notified = (text: string | RegExp) => page.getByText(text).first().waitFor({ timeout: 15_000 });
  const produce = (jwt: string, body: string) =>
    requestJson(`${stack.gatewayUrl}/stations/orders/produce/single`, { method: 'POST', headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, body });
  const login = async () => (await stack.login({ ...tenant, accountId })).jwt;

  beforeAll(async () => {
    clearResults();
    [stack, browser] = await Promise.all([Stack.start({ gatewayEnv: { USAGE_FLUSH_MS: '1000' } }), launchChromium()]);
    base = `${stack.operatorUrl}/console/`;
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs in with the keyboard only', async () => {
    await page.goto(base);
    await page.getByLabel('Email').waitFor();
    await checkPage('sign-in');
    // Email has the focus; Tab reaches the password; Enter submits.
    await page.keyboard.type(stack.operatorEmail);
    await page.keyboard.press('Tab');
    await page.keyboard.type(stack.operatorPassword);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Create account' }).waitFor();
    expect(page.url()).toMatch(/#\/accounts$/);
    // The session cookie is httpOnly: the page's scripts cannot read it.
    expect(await page.evaluate('document.cookie')).toBe('');
    const [cookie] = await context.cookies(stack.operatorUrl + '/admin');
    expect(cookie).toMatchObject({ name: 'restgw_console_session', httpOnly: true, sameSite: 'Strict', path: '/admin' });
    await checkPage('accounts');
  });

  it('creates an account, enables the region, sets the policy', async () => {
    await page.getByRole('link', { name: 'Create account' }).click();
    await page.waitForURL(/#\/accounts\/create/);
    await page.locator('input[name="name"]').fill('browser shop');
    await checkPage('account-create');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/#\/accounts\/\d+\/show/);
    accountId = Number(/#\/accounts\/(\d+)\/show/.exec(page.url())![1]);
    await page.getByRole('switch', { name: `${stack.regionId} (active)` }).click();
    await notified(`Enabled in ${stack.regionId}`);
    await page.getByRole('button', { name: `Disable the account in ${stack.regionId}` }).waitFor();
    await page.getByLabel('Station quota').fill('5');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await notified('Station policy saved');
    await page.getByLabel('Produce messages per second').fill('1000');
    await page.getByRole('button', { name: 'Save limits' }).click();
    await notified('Limits saved');
    expect(await stack.admin('GET', `/admin/accounts/${accountId}/station-policy`)).toMatchObject({ auto_create: true, station_quota: 5 });
    expect((await stack.admin('GET', `/admin/accounts/${accountId}/limits`)).limits).toMatchObject({ produce_messages_per_second: 1000 });
    await checkPage('account-settings');
  });

  it('creates a user', async () => {
    await tab('Users');
    await page.getByRole('textbox', { name: 'Username' }).fill(tenant.username);
    await page.getByRole('textbox', { name: 'Password' }).fill(tenant.password);
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('table', { name: 'Users of the account' }).getByText(tenant.username).waitFor();
    // The API's own words when it refuses: a second user of that name.
    await page.getByRole('textbox', { name: 'Username' }).fill(tenant.username);
    await page.getByRole('textbox', { name: 'Password' }).fill(tenant.password);
    await page.getByRole('button', { name: 'Create user' }).click();
    await notified(`User ${tenant.username} already exists in account ${accountId}`);
    await checkPage('account-users');
  });

  it('creates a station and watches it become active', async () => {
    await tab('Stations');
    await page.getByLabel('Station name').fill('orders');
    await page.getByLabel('Partitions').fill('2');
    await page.getByRole('button', { name: 'Create station' }).click();
    const status = page.getByTestId(`status-${stack.regionId}-orders`);
    await status.waitFor();
    await until('the station to become active', async () => (await status.textContent()) === 'active', 60_000);
    await checkPage('account-stations');
  });

  it('suspends the account (asking first): its token is refused at the gateway', async () => {
    token = await login();
    expect((await produce(token, '{"before":"suspension"}')).status).toBe(200);
    await page.getByRole('button', { name: 'Suspend' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Every token of the account stops working').waitFor();
    await checkPage('account-suspend-confirm');
    await dialog.getByRole('button', { name: 'Suspend' }).press('Enter');
    await notified(`Account ${accountId} suspended`);
    const refused = await until('the gateway to refuse the token', async () => {
      const res = await produce(token, '{"after":"suspension"}');
      return res.status === 401 || res.status === 403 ? res.status : undefined;
    });
    expect([401, 403]).toContain(refused);
    // The page shows 'Activate' once its refetch after the suspension lands; under load it sometimes did not within 15 s
    // (an open problem in the console's refresh, see the issue 16 note), so the test reloads the page once then.
    // The suspend dialog fades out while the page refetches (its confirm button already relabelled 'Activate'), and the
    // refetch can re-render the page under a dialog just opened: open and confirm until the confirm click lands.
    await dialog.waitFor({ state: 'detached' });
    const activate = page.getByRole('button', { name: 'Activate' });
    if (!(await activate.waitFor({ timeout: 5_000 }).then(() => true, () => false))) await page.reload();
    await until('the activation to be confirmed', async () => {
      if (!(await dialog.isVisible())) await activate.click({ timeout: 3_000 }).catch(() => undefined);
      return (await dialog.getByRole('button', { name: 'Activate' }).click({ timeout: 3_000 }).then(() => true, () => false)) || undefined;
    });
    await notified(`Account ${accountId} activated`);
  });

  it('creates a schema with two versions, compares them side by side, attaches it', async () => {
    await tab('Schemas');
    await page.getByLabel('Schema name').fill('order');
    await page.getByLabel('Definition').fill('{"type":"object","properties":{"id":{"type":"integer"}}}');
    await page.getByRole('button', { name: 'Create schema' }).click();
    await page.getByRole('table', { name: 'Schemas of the account' }).getByText('order').waitFor();
    await page.getByLabel('New version of order').fill('{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}');
    await page.getByRole('button', { name: 'Add version' }).click();
    await notified('Version added to order');
    const diff = page.getByTestId('schema-diff');
    await diff.locator('ins').first().waitFor();
    expect(await diff.locator('ins').allTextContents()).toEqual([expect.stringContaining('"required"')]);
    await checkPage('account-schemas');

    await tab('Stations');
    await page.getByRole('combobox', { name: 'Schema for orders' }).click();
    await page.getByRole('option', { name: 'order' }).click();
    await page.getByRole('button', { name: 'Attach the schema to orders' }).click();
    await notified('Schema attached to orders');
    await page.getByRole('table', { name: `Stations in ${stack.regionId}` }).getByRole('cell', { name: 'order', exact: true }).waitFor();
  });

  it('produces through the gateway, then reads the usage chart', async () => {
    token = await login();
    // The schema applies at the gateway within seconds: a message without "id" is refused.
    await until('the schema to apply at the gateway', async () => (await produce(token, '{"no":"id"}')).status === 400, 30_000);
    for (let i = 1; i <= 5; i++) expect((await produce(token, JSON.stringify({ id: i }))).status).toBe(200);
    await tab('Usage');
    const totals = page.getByTestId('usage-totals');
    await until(
      'the usage to show 6 messages produced',
      async () => {
        if (/Produced 6 messages/.test((await totals.textContent().catch(() => '')) ?? '')) return true;
        await page.getByRole('button', { name: 'Refresh usage' }).click();
        return false;
      },
      45_000,
      1_000,
    );
    await page.getByTestId('usage-chart').locator('.recharts-dot').first().waitFor();
    await page.getByTestId('usage-station-chart').locator('.recharts-bar-rectangle').first().waitFor();
    expect(await page.getByRole('table', { name: 'Usage per station' }).getByRole('row').count()).toBeGreaterThanOrEqual(2);
    await checkPage('account-usage');
  });

  it('shows the regions and a region\'s instances', async () => {
    await page.getByRole('menuitem', { name: 'Regions' }).click();
    await page.getByRole('cell', { name: stack.regionId }).waitFor();
    await checkPage('regions');
    // Its instances, from the fleet view: the stack's gateway and region worker.
    await page.getByRole('cell', { name: stack.regionId }).click();
    const instances = page.getByRole('table', { name: `Instances of ${stack.regionId}` });
    await instances.getByRole('cell', { name: 'region-worker' }).waitFor();
    await instances.getByRole('cell', { name: 'gateway', exact: true }).waitFor();
    await checkPage('region-instances');
  });

  it('finds every action in the audit log, as done from the console', async () => {
    await page.getByRole('menuitem', { name: 'Audit log' }).click();
    await page.getByLabel('Action (e.g. account.suspend)').waitFor();
    await checkPage('audit');
    await page.goto(`${base}#/audit?filter=${encodeURIComponent(JSON.stringify({ account: String(accountId) }))}`);
    const expected = ['account.create', 'account.enable-region', 'account.station-policy', 'account.limits', 'user.create', 'station.create', 'account.suspend', 'account.activate', 'schema.create', 'schema.add-version', 'station.attach-schema'];
    const readRows = () => page.getByRole('table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const actionsOf = (rows: string[][]) => rows.map((cells) => cells.find((c) => /^[a-z-]+\.[a-z-]+$/.test(c))).sort();
    // The list shows the filtered page once it has loaded.
    const rows = await until('the filtered audit log', async () => {
      const r = await readRows();
      return JSON.stringify(actionsOf(r)) === JSON.stringify([...expected].sort()) ? r : undefined;
    }, 15_000).catch(async () => readRows());
    expect(actionsOf(rows)).toEqual([...expected].sort());
    expect(rows.every((cells) => cells.includes('console') && cells.includes(stack.operatorEmail))).toBe(true);
    await checkPage('audit-filtered');
  });

  it('signs out: the session ends on the server too', async () => {
    await page.getByRole('button', { name: stack.operatorEmail }).click();
    await page.getByRole('menuitem', { name: 'Logout' }).click();
    await page.getByLabel('Email').waitFor();
    await until('the cookie to be cleared', async () => (await context.cookies(stack.operatorUrl + '/admin')).length === 0, 10_000);
    expect((await stack.db.query('SELECT id FROM operator_sessions')).length).toBe(0);
    await page.goto(`${base}#/accounts`);
    await page.getByLabel('Email').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
