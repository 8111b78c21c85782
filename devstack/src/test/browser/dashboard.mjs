// The dashboard in a real browser, as EndToEndIT drives it: it starts the stack, then talks to
// this script one line at a time (stdout: what the page shows; stdin: what the test did over
// gRPC meanwhile). Any wait that times out fails the script, and with it the test.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';
import { mkdirSync } from 'node:fs';

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const gateway = env('GATEWAY_URL');
const screenshots = env('SCREENSHOT_DIR');
const hospitalId = env('HOSPITAL_ID');
mkdirSync(screenshots, { recursive: true });

const input = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function expectLine(word) {
  const { value, done } = await input.next();
  if (done || !value.startsWith(word + ' ')) throw new Error(`expected "${word} ...", got ${done ? 'the end of input' : value}`);
  return value.slice(word.length + 1);
}
const say = (line) => console.log(line);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // No sandbox as root in CI; no background traffic to Google on a closed network.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  context.setDefaultTimeout(20000);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Errors of the dashboard's own (a refused call, a blocked script or style), not Keycloak's pages' or a favicon's.
  page.on('console', (message) => {
    const where = message.location().url || '';
    if (message.type() === 'error' && where.startsWith(gateway) && !where.endsWith('/favicon.ico')) {
      problems.push(`console: ${message.text()} (${where})`);
    }
  });

  async function logIn(username, password) {
    await page.goto(gateway + '/dashboard/');
    await page.waitForSelector('#username');
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.click('#kc-login');
    await page.waitForFunction((name) => document.getElementById('who').textContent.startsWith(name), username);
    await page.waitForSelector('[data-stream="region"].live');
  }

  // Hospital staff: the map, then an offer made to its hospital, accepted from the page.
  await logIn(env('STAFF_USERNAME'), env('STAFF_PASSWORD'));
  await page.waitForSelector(`#map g[data-hospital-id="${hospitalId}"] circle`);
  const hospitals = await page.locator('#map g[data-hospital-id]').count();
  if (hospitals < 5) throw new Error(`the map shows ${hospitals} hospitals`);
  await page.screenshot({ path: `${screenshots}/1-staff-region.png`, fullPage: true });
  say(`MAP ${hospitals}`);

  const patientReference = await expectLine('OFFERED');
  const offer = page.locator('#offers li.open', { hasText: patientReference });
  await offer.waitFor();
  await page.screenshot({ path: `${screenshots}/2-staff-offer.png`, fullPage: true });
  await offer.locator('button.accept').click();
  await page.locator('#offers li.closed', { hasText: patientReference }).locator('.outcome', { hasText: 'accepted' }).waitFor();
  say('ACCEPTED');

  // A report published over gRPC reaches the open page through the region's event stream.
  const staffed = await expectLine('REPORTED');
  const figures = page.locator(`#capacity tr[data-hospital-id="${hospitalId}"] .free-count`, { hasText: `/ ${staffed}` });
  await figures.waitFor();
  await page.screenshot({ path: `${screenshots}/3-staff-after-report.png`, fullPage: true });
  say('LIVE');

  // The crisis cell: the accepted transfer on its board.
  const transferId = await expectLine('COORDINATOR');
  await page.click('#logout');
  await page.waitForSelector('#username');
  await logIn(env('COORDINATOR_USERNAME'), env('COORDINATOR_PASSWORD'));
  await page.locator(`#board-underway li[data-transfer-id="${transferId}"]`).waitFor();
  await page.waitForSelector('[data-stream="transports"].live');
  await page.screenshot({ path: `${screenshots}/4-coordinator.png`, fullPage: true });
  if (problems.length) throw new Error(problems.join('\n'));
  say('DONE');
} catch (error) {
  const pages = browser.contexts().flatMap((context) => context.pages());
  if (pages.length) await pages[0].screenshot({ path: `${screenshots}/failure.png`, fullPage: true }).catch(() => {});
  console.error(problems.join('\n'));
  throw error;
} finally {
  await browser.close();
}
