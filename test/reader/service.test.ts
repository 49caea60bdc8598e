// The reader service against the simulator through real ptys: one event per card, re-arm on
// removal, and unplug/replug recovered without a restart.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import type { CardRead } from '../../main/reader/card/card-read.js';
import { idCheckCharacter } from '../../main/reader/card/id-number.js';
import { joinFields } from '../../main/reader/card/layouts.js';
import { candidatePorts } from '../../main/reader/ports.js';
import { ReaderService, type ReaderState } from '../../main/reader/reader-service.js';
import type { SimCard } from '../../main/reader/simulator/simulator.js';
import { plugIn } from '../helpers/composition.js';
import { cardOf, closePhotos } from '../helpers/photos.js';

after(() => closePhotos());

const until = async (what: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A service polling the pty in `dir` every 40 ms, recording its states; stopped after the test. */
function startService(t: TestContext, dir: string, reader: () => { unplug(): Promise<void> }) {
  const service = new ReaderService({ port: path.join(dir, 'reader'), pollMs: 40, reconnectMs: 100, timeoutMs: 500 });
  const states: ReaderState[] = [];
  service.on('state', (s) => states.push(s));
  service.start();
  t.after(async () => {
    await service.stop();
    await reader().unplug();
  });
  return { service, states };
}

describe('reader service', () => {
  it('never throws while listing ports, udevadm or not', async () => {
    const ports = await candidatePorts();
    assert.ok(Array.isArray(ports));
  });

  it('emits one event per card placed, re-arms on removal, and survives unplug and replug', async (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sophon-reader-'));
    const card: SimCard = {
      text: joinFields('resident', {
        name: '赵六',
        sex: '1',
        nation: '03',
        birth: '19880808',
        address: '宁夏银川市兴庆区',
        idNumber: '64010419880808001' + idCheckCharacter('64010419880808001'),
        issuer: '银川市公安局',
        validFrom: '20180808',
        validTo: '20380808',
      }),
      photo: await cardOf('dev/p07/img20.jpg', 40),
    };
    let reader = await plugIn(dir);
    const { service, states } = startService(t, dir, () => reader);
    const cards: CardRead[] = [];
    service.on('card', (c) => cards.push(c));

    await until(() => service.state === 'idle');
    reader.sim.place(card);
    await until(() => cards.length === 1);
    await new Promise((r) => setTimeout(r, 400)); // many polls with the card still there
    assert.equal(cards.length, 1, 'one event per card placed, not one per poll');
    assert.equal(cards[0]!.name, '赵六');
    assert.equal(cards[0]!.nation, '回');
    reader.sim.remove();
    await until(() => service.state === 'idle');
    reader.sim.place(card);
    await until(() => cards.length === 2);

    // Unplug: the service says so; replug: it recovers by itself.
    await reader.unplug();
    await until(() => service.state === 'no-reader');
    reader = await plugIn(dir);
    await until(() => service.state === 'idle');
    reader.sim.place(card);
    await until(() => cards.length === 3);
    assert.deepEqual(cards[2]!.photo.bytes, card.photo);
    assert.ok(states.includes('no-reader') && states.includes('card-present'));
  });

  it('applies a new poll interval and baud rate from the settings without a restart', async (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sophon-reader-'));
    const reader = await plugIn(dir);
    const port = path.join(dir, 'reader');
    const { service, states } = startService(t, dir, () => reader);
    await until(() => service.state === 'idle');
    // Commands reaching the reader in one second (each find arrives as one chunk on the pty).
    const commandsPerSecond = async () => {
      let n = 0;
      const count = () => n++;
      reader.port.on('data', count);
      await new Promise((r) => setTimeout(r, 1000));
      reader.port.off('data', count);
      return n;
    };
    const fast = await commandsPerSecond();
    await service.configure({ port, pollMs: 300 });
    await new Promise((r) => setTimeout(r, 350)); // the poll already scheduled runs first
    const slow = await commandsPerSecond();
    assert.ok(fast >= 12, `at 40 ms the reader is asked ${fast} times a second`);
    assert.ok(slow <= 5, `at 300 ms the reader is asked ${slow} times a second`);
    assert.equal(service.state, 'idle');
    assert.ok(!states.includes('no-reader'), 'a new interval does not reopen the line');

    await service.configure({ port, baudRate: 57600, pollMs: 40 });
    assert.equal(service.state, 'no-reader', 'a new baud rate reopens the line');
    await until(() => service.state === 'idle');
    const card: SimCard = {
      text: joinFields('resident', {
        name: '钱七',
        sex: '2',
        nation: '01',
        birth: '19900101',
        address: '北京市东城区',
        idNumber: '11010119900101002' + idCheckCharacter('11010119900101002'),
        issuer: '北京市公安局',
        validFrom: '20200101',
        validTo: '20400101',
      }),
      photo: await cardOf('dev/p03/img47.jpg', 40),
    };
    const got = new Promise<CardRead>((r) => service.once('card', r));
    reader.sim.place(card);
    assert.equal((await got).name, '钱七');
  });
});
