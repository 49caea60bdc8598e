// The counter as clerks live it, end to end in Debian's Chromium: `sophonmatch serve` with the
// reader simulator in WLT mode (the stand-in vendor library decodes the chip photos in its own
// process) and a fake camera playing a real video of person A. Events are counted through the API
// after every step: one card laid = one automatic check; taking it off leaves nothing personal on the
// page after the hold; switching screens, a reload, a reconnect of the stream and signing out and
// in check nothing; R = one new attempt of the same placement; B's card with A's face = one fail;
// the clerk's override reads the same on the screen, the receipt and the stored event.
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { fakeCameraVideo, launchBrowser } from '../helpers/browser.js';
import { markedWlt } from '../../main/reader/simulator/wlt-standin.js';
import { CARD_A_ID, CARD_B_ID, layCard, openCounter, startCounterRig, type CounterRig } from '../helpers/counter-rig.js';
import sharp from 'sharp';
import { IsolatedWltDecoder } from '../../main/reader/photo/isolated-decoder.js';
import { frameOf } from '../helpers/photos.js';
import { ADMIN, SUPERVISOR } from '../helpers/seed.js';

const HOLD_S = 2;
const CLERK = { username: 'clerk1', password: 'counter-clerk-pass-2026' };
const CLERK2 = { username: 'clerk2', password: 'second-clerk-pass-2026' };
let adminToken: string;
const SHOT = path.resolve('test/screenshots/failure.png');
let rig: CounterRig, video: string, browser: Browser;

/**
 * The page talks to the server through a TCP relay, so a test can cut the line as a network blip
 * would (every connection dropped at once; the event stream then reconnects by itself).
 */
let relay: net.Server, relayUrl: string;
const relayed = new Set<net.Socket>();
function startRelay(target: number): Promise<void> {
  relay = net.createServer((c) => {
    const s = net.connect(target, '127.0.0.1');
    for (const x of [c, s]) {
      relayed.add(x);
      x.on('close', () => relayed.delete(x));
      x.on('error', () => {});
    }
    c.pipe(s).pipe(c);
  });
  return new Promise((r) =>
    relay.listen(0, '127.0.0.1', () => ((relayUrl = `http://127.0.0.1:${(relay.address() as net.AddressInfo).port}`), r())),
  );
}
const cutTheLine = () => {
  for (const x of relayed) x.destroy();
};

async function call(method: string, url: string, token: string | null, body?: unknown): Promise<any> {
  const res = await fetch(rig.server.url + url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { 'x-session-token': token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const tokenOf = async (u: { username: string; password: string }) => (await call('POST', '/api/v1/login', null, u)).token as string;
let supervisorToken: string;
/** The counter events in the store, newest first, through the review API. */
const counterEvents = async () =>
  (await call('GET', '/api/v1/events?source=counter&limit=50', supervisorToken)) as {
    total: number;
    events: {
      id: string;
      decision: boolean;
      placement_id: string;
      attempt: number;
      final_decision: boolean;
      clerk_review: string | null;
    }[];
  };

/** Everything a person could read on the page, and every image it shows. */
async function pageContent(page: Page): Promise<{ text: string; images: string[] }> {
  return page.evaluate(() => ({
    text: document.body.innerText,
    images: Array.from(document.images, (i) => i.src).filter((s) => s.startsWith('data:') || s.startsWith('blob:')),
  }));
}
async function assertNothingPersonal(page: Page, what: string): Promise<void> {
  const { text, images } = await pageContent(page);
  for (const personal of ['王小明', '李华', CARD_A_ID.slice(0, 4), CARD_A_ID.slice(-4), CARD_B_ID.slice(-4), '1985', '匹配度'])
    assert.ok(!text.includes(personal), `${what}: "${personal}" is still on the page`);
  assert.deepEqual(images, [], `${what}: photos still on the page`);
  assert.equal(await page.getByTestId('result-verdict').count(), 0, `${what}: a result is still shown`);
}
/** Waits a moment in which a compare would have happened, then checks that none did. */
async function noNewEvents(before: number, what: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal((await counterEvents()).total, before, `${what}: no new event`);
}

before(async () => {
  video = await fakeCameraVideo('dev/p13/img39.jpg');
  rig = await startCounterRig('ui-placement');
  const admin = await tokenOf(ADMIN);
  adminToken = admin;
  await call('POST', '/api/v1/users', admin, { username: CLERK.username, role: 'clerk', password: CLERK.password });
  await call('POST', '/api/v1/users', admin, { username: CLERK2.username, role: 'clerk', password: CLERK2.password });
  await call('PUT', '/api/v1/settings', admin, { resultHoldSeconds: HOLD_S });
  supervisorToken = await tokenOf(SUPERVISOR);
  await startRelay(rig.server.port);
  browser = await launchBrowser(video);
});
after(async () => {
  await browser?.close();
  relay?.close();
  cutTheLine();
  await rig?.close();
});

describe('one customer, one check, nothing left behind (WLT cards, Chromium)', () => {
  let page: Page;

  it('lay A: one pass event, shown with the match figure (no raw score for the clerk)', async () => {
    page = (await openCounter(browser, relayUrl, 'zh-CN', CLERK)).page;
    assert.equal((await counterEvents()).total, 0);
    await layCard(page, rig, rig.cardA, SHOT);
    assert.equal(await page.getByTestId('result-verdict').getAttribute('data-decision'), 'pass');
    assert.equal(await page.getByTestId('card-name').textContent(), '王小明');
    assert.equal(await page.getByTestId('result-exact').count(), 0, 'a clerk sees no exact score');
    const match = Number(await page.getByTestId('result-match').textContent());
    assert.ok(match >= 60 && match <= 100, `match ${match}`);
    assert.equal(await page.getByTestId('camera-hint').textContent(), '核验完成', 'no capture hint once the result is shown');
    const ev = await counterEvents();
    assert.equal(ev.total, 1);
    assert.deepEqual([ev.events[0]!.decision, ev.events[0]!.attempt], [true, 1]);
  });

  it('remove A: the screen is idle within the hold, with no personal data left in the page', async () => {
    const t0 = Date.now();
    rig.sim.remove();
    await page
      .getByText(/证件已取走/)
      .first()
      .waitFor({ timeout: 5000 });
    await page.getByTestId('result-verdict').waitFor({ state: 'detached', timeout: (HOLD_S + 5) * 1000 });
    const took = Date.now() - t0;
    assert.ok(took >= (HOLD_S - 0.5) * 1000 && took <= (HOLD_S + 3) * 1000, `idle after ${took} ms (hold ${HOLD_S} s)`);
    assert.equal(await page.getByTestId('camera-hint').textContent(), '请放置身份证');
    await assertNothingPersonal(page, 'after the card left');
    assert.equal((await counterEvents()).total, 1);
  });

  it('switching screens, a reload and a reconnect of the stream check nothing; R makes one new attempt of the same placement', async () => {
    await layCard(page, rig, rig.cardA, SHOT);
    const first = (await counterEvents()).events[0]!;
    const count = (await counterEvents()).total;
    assert.equal(count, 2);
    // Switching screens and back.
    await page.evaluate(() => (location.hash = '#/settings'));
    await page.getByTestId('settings-form').waitFor();
    await page.evaluate(() => (location.hash = '#/counter'));
    await page.getByTestId('result-verdict').waitFor();
    await noNewEvents(count, 'switching screens');
    // A reload (the session is resumed; the screen shows the held result and checks nothing).
    await page.reload();
    await page.getByTestId('result-verdict').waitFor({ timeout: 15_000 });
    await noNewEvents(count, 'a reload');
    // The line drops: the stream is lost, and reconnects by itself.
    cutTheLine();
    await page.locator('[data-testid=reader-status][data-state=offline]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid=reader-status][data-state=card-present]').waitFor({ timeout: 15_000 });
    await noNewEvents(count, 'a reconnect of the stream');
    // R pressed twice in a row: one new attempt of the same card.
    await page.keyboard.press('r');
    await page.keyboard.press('r');
    await page.locator(`[data-testid=result-verdict]:not([data-event-id="${first.id}"])`).waitFor({ timeout: 20_000 });
    await noNewEvents(count + 1, 'after R');
    const ev = await counterEvents();
    assert.deepEqual([ev.events[0]!.placement_id, ev.events[0]!.attempt], [first.placement_id, 2], 'attempt 2 of the same placement');
    assert.equal(await page.getByTestId('attempt').textContent(), '第 2 次核验');
  });

  it('signing out and in checks nothing and shows nothing of the customer; the card must be laid again', async () => {
    const count = (await counterEvents()).total;
    await page.getByRole('button', { name: /退出/ }).click();
    await page.getByLabel('用户名').waitFor();
    await assertNothingPersonal(page, 'signed out');
    await page.getByLabel('用户名').fill(CLERK.username);
    await page.getByLabel('密码').fill(CLERK.password);
    await page.keyboard.press('Enter');
    await page.getByTestId('reader-status').waitFor();
    await page.getByText('请取走身份证后重新放置').first().waitFor();
    await assertNothingPersonal(page, 'signed in again');
    await noNewEvents(count, 'signing out and in');
  });

  it('B’s card with A’s face: one fail event; the override reads the same on the screen, the receipt and the stored event', async () => {
    const count = (await counterEvents()).total;
    await layCard(page, rig, rig.cardB, SHOT);
    assert.equal(await page.getByTestId('card-name').textContent(), '李华');
    const verdict = page.getByTestId('result-verdict');
    assert.equal(await verdict.getAttribute('data-decision'), 'fail');
    const eventId = (await verdict.getAttribute('data-event-id'))!;
    let ev = await counterEvents();
    assert.equal(ev.total, count + 1);
    assert.equal(ev.events[0]!.decision, false);
    // O opens the reason box without typing an "o" into it.
    await page.keyboard.press('o');
    const reasonBox = page.getByTestId('override-reason');
    await reasonBox.waitFor();
    assert.equal(await reasonBox.inputValue(), '', 'the shortcut typed nothing');
    const reason = '客户为本人，证件照片年代久远';
    await reasonBox.fill(reason);
    await page.getByTestId('override-ok').click();
    await page.locator('[data-testid=result-verdict][data-reviewed=true]').waitFor();
    assert.equal(await verdict.textContent(), '人工核验通过');
    assert.equal(await verdict.getAttribute('data-final'), 'pass');
    assert.equal(await page.getByTestId('result-by').textContent(), `— 操作员 ${CLERK.username}，理由：${reason}`);
    assert.equal(await page.getByTestId('result-automatic').textContent(), '自动结果：人证不一致');
    // The stored event.
    ev = await counterEvents();
    assert.equal(ev.total, count + 1, 'an override is not a new check');
    const detail = await call('GET', `/api/v1/events/${eventId}`, supervisorToken);
    assert.deepEqual([detail.decision, detail.final_decision, detail.clerk_review], [false, true, 'overridden']);
    assert.deepEqual(
      detail.reviews.map((r: { reviewer: string; stage: string; comment: string }) => [r.reviewer, r.stage, r.comment]),
      [[CLERK.username, 'clerk', reason]],
    );
    // The receipt.
    await page.keyboard.press('p');
    await page.getByTestId('receipt').waitFor();
    assert.equal(await page.getByTestId('receipt-automatic').textContent(), '人证不一致');
    assert.match((await page.getByTestId('receipt-clerk').textContent())!, new RegExp(`^改判 — ${CLERK.username}，.*，理由：${reason}$`));
    assert.equal(await page.getByTestId('receipt-result').textContent(), '人工核验通过');
    assert.equal(await page.getByTestId('receipt-name').textContent(), '李*');
    await page.screenshot({ path: path.resolve('test/screenshots/receipt-override.zh-CN.png'), fullPage: true });
  });

  it('the supervisor sees what their review changes and must confirm it; an override needs a reason', async () => {
    const eventId = (await counterEvents()).events[0]!.id;
    // Filtered by the clerk's step.
    const overridden = (await call('GET', '/api/v1/events?clerk_review=overridden', supervisorToken)) as {
      total: number;
      events: { id: string }[];
    };
    assert.deepEqual([overridden.total, overridden.events[0]!.id], [1, eventId]);
    assert.equal(((await call('GET', '/api/v1/events?clerk_review=passed', supervisorToken)) as { total: number }).total, 0);
    const sup = (await openCounter(browser, relayUrl, 'zh-CN', SUPERVISOR)).page;
    // Another user signed in at the terminal: the clerk's receipt of the customer leaves with them.
    await page.getByTestId('receipt').waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByTestId('reader-status').waitFor();
    await assertNothingPersonal(page, 'the clerk’s receipt once another user signed in');
    await sup.evaluate(() => (location.hash = '#/events'));
    await sup.locator('.event-name').first().waitFor();
    // The list says what the clerk did and the decision in force.
    assert.equal(await sup.getByTestId('event-review').first().textContent(), '柜台人工核验: 改判 · 未复核');
    assert.match(
      (await sup
        .locator('tr', { has: sup.locator('.event-name') })
        .first()
        .textContent())!,
      /不通过.*人工核验通过/,
      'automatic fail, then the decision in force',
    );
    await sup.locator('.event-name').first().click();
    await sup.getByTestId('detail-final').waitFor();
    assert.equal(await sup.getByTestId('detail-final').textContent(), '人工核验通过', 'the clerk’s override is the decision in force');
    await sup.getByTestId('review-override').click();
    assert.equal(await sup.getByTestId('review-what').textContent(), '您将把结论从「人工核验通过」改为「人工核验不通过」');
    assert.equal(await sup.getByTestId('review-ok').isDisabled(), true, 'no override without a reason');
    await sup.keyboard.press('Escape');
    await sup.getByLabel('备注').fill('录像复查：非本人');
    await sup.getByTestId('review-override').click();
    await sup.getByTestId('review-ok').click();
    await sup.locator('[data-testid=detail-final]', { hasText: '人工核验不通过' }).waitFor();
    assert.equal(await sup.getByTestId('review-confirm').isDisabled(), true, 'a supervisor review is final');
    const detail = await call('GET', `/api/v1/events/${eventId}`, supervisorToken);
    assert.deepEqual(
      [detail.review_state, detail.final_decision, detail.reviews.length, detail.reviews[1].stage, detail.reviews[1].comment],
      ['overridden', false, 2, 'supervisor', '录像复查：非本人'],
    );
    await sup.context().close();
  });

  it('the clerk’s session ends elsewhere (account disabled): the screen signs out at once and the counter forgets the customer', async () => {
    await page.context().close(); // clerk1 leaves the terminal (two users' screens at once would be a user switch at every check)
    const p2 = (await openCounter(browser, relayUrl, 'zh-CN', CLERK2)).page;
    await layCard(p2, rig, rig.cardA, SHOT);
    assert.equal(await p2.getByTestId('card-name').textContent(), '王小明');
    const id = ((await call('GET', '/api/v1/users', adminToken)) as { users: { id: number; username: string }[] }).users.find(
      (u) => u.username === CLERK2.username,
    )!.id;
    await call('PATCH', `/api/v1/users/${id}`, adminToken, { disabled: true });
    await p2.getByLabel('用户名').waitFor({ timeout: 10_000 });
    await assertNothingPersonal(p2, 'after the session ended');
    // The server forgets the customer too, within the stream's session check (2 s) or when the signed-out screen's stream closes.
    const end = Date.now() + 5000;
    let s = (await call('GET', '/api/v1/counter/state', supervisorToken)) as { card: unknown; placement: unknown; lay_again: boolean };
    while (s.placement !== null && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      s = (await call('GET', '/api/v1/counter/state', supervisorToken)) as typeof s;
    }
    assert.deepEqual([s.card, s.placement, s.lay_again], [null, null, true]);
    await p2.context().close();
  });

  it('the vendor library crashes, then hangs, on a card: the card shows a clear message, the server and the next card are fine', async () => {
    const p3 = (await openCounter(browser, relayUrl, 'zh-CN', CLERK)).page;
    const count = (await counterEvents()).total;
    for (const [mark, words] of [
      ['crash', '照片解码库在这张证件上崩溃'],
      ['hang', '照片解码库没有按时完成'],
    ] as const) {
      rig.sim.remove();
      await p3.locator('[data-testid=reader-status][data-state=idle]').waitFor({ timeout: 10_000 });
      rig.sim.place({ ...rig.cardA, photo: markedWlt(rig.cardA.photo, mark) });
      await p3.getByTestId('card-photo-problem').waitFor({ timeout: 10_000 });
      assert.match((await p3.getByTestId('card-photo-problem').textContent())!, new RegExp(words), mark);
      assert.equal(await p3.getByTestId('card-name').textContent(), '王小明', 'the fields still show');
      assert.equal(rig.server.child.exitCode, null, 'the server is still running');
      await layCard(p3, rig, rig.cardA, SHOT);
      assert.equal(await p3.getByTestId('result-verdict').getAttribute('data-decision'), 'pass', `${mark}: the next card is fine`);
    }
    assert.equal((await counterEvents()).total, count + 2, 'the failed cards made no events');
    await p3.context().close();
  });
});

describe('the counter API (no screen open)', () => {
  it('a compare with no card on the reader is refused with its reason code; 50 concurrent compare requests for one placement create exactly one attempt', async () => {
    for (const c of browser.contexts()) await c.close(); // no screen watches: only these requests check
    const clerk = await tokenOf(CLERK);
    const state = () =>
      call('GET', '/api/v1/counter/state', clerk) as Promise<{
        reader: { state: string };
        placement: { id: string; attempt: number; phase: string } | null;
        card: unknown;
        lay_again: boolean;
      }>;
    const until = async (ok: (s: Awaited<ReturnType<typeof state>>) => boolean) => {
      const end = Date.now() + 20_000;
      for (let s = await state(); ; s = await state()) {
        if (ok(s)) return s;
        if (Date.now() > end) throw new Error(`timed out; state ${JSON.stringify(s).slice(0, 300)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const frame = (await frameOf('dev/p13/img39.jpg')).toString('base64');
    rig.sim.remove();
    await until((s) => s.reader.state === 'idle' && s.placement === null && !s.lay_again);
    const before = (await counterEvents()).total;
    const refused = await fetch(rig.server.url + '/api/v1/counter/compare', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-session-token': clerk },
      body: JSON.stringify({ placement_id: '01JABCDEFGHJKMNPQRSTVWXYZ0', attempt: 1, frames: [frame] }),
    });
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as { error: { reason: string } }).error.reason, 'NO_CARD_ON_READER');
    rig.sim.place(rig.cardA);
    const p = (await until((s) => s.placement?.phase === 'capture')).placement!;
    const answers = await Promise.all(
      Array.from(
        { length: 50 },
        () =>
          call('POST', '/api/v1/counter/compare', clerk, { placement_id: p.id, attempt: 1, frames: [frame] }) as Promise<{
            event_id: string;
            attempt: number;
            decision: string;
            score: number | null;
          }>,
      ),
    );
    assert.equal(new Set(answers.map((a) => a.event_id)).size, 1, 'every request got the one check');
    assert.deepEqual([answers[0]!.attempt, answers[0]!.decision, answers[0]!.score], [1, 'pass', null]);
    const ev = await counterEvents();
    assert.equal(ev.total, before + 1, '50 requests, one event');
    assert.deepEqual([ev.events[0]!.placement_id, ev.events[0]!.attempt], [p.id, 1]);
  });

  it('review band on the counter screen: "请人工核验" with both photos large, the clerk decides with Y, recorded as the clerk’s review', async () => {
    const admin = adminToken;
    const clerk = await tokenOf(CLERK);
    await call('PUT', '/api/v1/settings', admin, { quality: 'no' }); // the blurred frames below would not pass a quality gate
    const wlt = new IsolatedWltDecoder(rig.wltLibrary);
    try {
      const card = (await wlt.decode(rig.cardA.photo)).toString('base64'); // the BMP the counter compares
      const frameA = await frameOf('dev/p13/img39.jpg');
      const blurred = async (sigma: number) => (await sharp(frameA).blur(sigma).jpeg({ quality: 90 }).toBuffer()).toString('base64');
      // A genuine frame blurred until its score (through the API, the same engine) falls in the band.
      let lo = 0.3,
        hi = 12,
        frame: string | null = null;
      for (let i = 0; i < 14 && !frame; i++) {
        const mid = (lo + hi) / 2,
          f = await blurred(mid);
        const r = (await call('POST', '/SophonMatch/api/compare', null, {
          card_image_base64: card,
          face_image_base64: f,
          threshold: 'middle',
        })) as { score: number; review?: boolean; retcode: string };
        if (r.retcode === '1') lo = mid;
        else if (!r.review) hi = mid;
        else frame = f;
      }
      assert.ok(frame, 'a blur that puts the genuine score in the band');
      rig.sim.remove();
      const state = () =>
        call('GET', '/api/v1/counter/state', clerk) as Promise<{
          reader: { state: string };
          placement: { id: string; phase: string } | null;
          lay_again: boolean;
        }>;
      for (let s = await state(); !(s.reader.state === 'idle' && !s.placement); s = await state())
        await new Promise((r) => setTimeout(r, 100));
      rig.sim.place(rig.cardA);
      let p = (await state()).placement;
      for (; p?.phase !== 'capture'; p = (await state()).placement) await new Promise((r) => setTimeout(r, 100));
      const r = (await call('POST', '/api/v1/counter/compare', clerk, { placement_id: p.id, attempt: 1, frames: [frame] })) as {
        event_id: string;
        decision: string;
      };
      assert.equal(r.decision, 'review');
      // The clerk's screen shows it as neither pass nor fail, and the clerk decides.
      const page = (await openCounter(browser, relayUrl, 'zh-CN', CLERK)).page;
      const verdict = page.locator('[data-testid=result-verdict][data-pending=true]');
      await verdict.waitFor({ timeout: 10_000 });
      assert.equal(await verdict.textContent(), '请人工核验');
      const heights = await page.locator('figure img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).height));
      assert.deepEqual(heights, [200, 200], 'both photos large');
      assert.equal(await page.getByTestId('override').count(), 0, 'a band check is decided, not overridden');
      await page.keyboard.press('y');
      await page.locator('[data-testid=result-verdict][data-final=pass][data-reviewed=true]').waitFor();
      assert.equal(await page.getByTestId('result-verdict').textContent(), '人工核验通过');
      assert.equal(await page.getByTestId('result-by').textContent(), `— 操作员 ${CLERK.username}`);
      assert.equal(await page.getByTestId('result-automatic').textContent(), '自动结果：请人工核验');
      const detail = await call('GET', `/api/v1/events/${r.event_id}`, supervisorToken);
      assert.deepEqual([detail.decision, detail.review_band, detail.clerk_review, detail.final_decision], [false, true, 'passed', true]);
      const decided = (await call('GET', '/api/v1/events?clerk_review=passed', supervisorToken)) as {
        total: number;
        events: { id: string }[];
      };
      assert.deepEqual([decided.total, decided.events[0]!.id], [1, r.event_id]);
      assert.equal(((await call('GET', '/api/v1/events?clerk_review=any', supervisorToken)) as { total: number }).total, 2);
      await page.screenshot({ path: path.resolve('test/screenshots/counter-review-band.zh-CN.png') });
      await page.context().close();
    } finally {
      wlt.close();
      await call('PUT', '/api/v1/settings', admin, { quality: 'low' });
    }
  });

  it('an unattended screen signs itself out after the idle time and shows no one’s data (slow: a minute of no input)', async () => {
    await call('PUT', '/api/v1/settings', adminToken, { counterIdleMinutes: 1 });
    try {
      const page = (await openCounter(browser, relayUrl, 'zh-CN', CLERK)).page;
      await layCard(page, rig, rig.cardA, SHOT);
      const t0 = Date.now();
      await page.getByLabel('用户名').waitFor({ timeout: 90_000 });
      const took = Date.now() - t0;
      assert.ok(took >= 55_000 && took <= 75_000, `signed out after ${took} ms of no input (idle 1 min)`);
      await assertNothingPersonal(page, 'after the idle sign-out');
      const s = (await call('GET', '/api/v1/counter/state', supervisorToken)) as { card: unknown; placement: unknown };
      assert.deepEqual([s.card, s.placement], [null, null], 'the counter forgot the customer');
      await page.context().close();
    } finally {
      await call('PUT', '/api/v1/settings', adminToken, { counterIdleMinutes: 5 });
    }
  });
});
