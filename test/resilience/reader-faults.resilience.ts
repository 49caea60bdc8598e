// Reader faults: 1,000 different cards laid one after another on the simulator behind a real socat
// pty, most with one or two faults from the simulator's whole catalogue injected on random
// commands. Every card must end up read exactly as it was written (fields and photo bytes), or not
// at all: a wrong read is worse than no read.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { CardRead } from '../../main/reader/card/card-read.js';
import { idCheckCharacter } from '../../main/reader/card/id-number.js';
import { joinFields } from '../../main/reader/card/layouts.js';
import type { CommandName } from '../../main/reader/protocol/commands.js';
import { closeSerialPort, openSerialPort, type ReaderPort } from '../../main/reader/ports.js';
import { ReaderService } from '../../main/reader/reader-service.js';
import { openPtyPair, type PtyPair } from '../../main/reader/simulator/pty-pair.js';
import { ReaderSimulator, type Fault, type SimCard } from '../../main/reader/simulator/simulator.js';
import { cardOf, closePhotos } from '../helpers/photos.js';
import { budget } from './harness/budget.js';
import { figure } from './harness/figures.js';

const FAULTS: Fault[] = ['garbage', 'bad-checksum', 'split', 'slow', 'silent', 'remove-mid-read'];
const ON: (CommandName | 'any')[] = ['any', 'findCard', 'selectCard', 'readBasic'];
const NAMES = ['王小明', '李娜', '张伟', '欧阳晓燕', '买买提·艾力', '赵六', '陈静', '刘洋'];

let pty: PtyPair, port: ReaderPort, sim: ReaderSimulator, photos: Buffer[];

before(async () => {
  photos = [];
  for (const f of ['dev/p01/img1.jpg', 'dev/p02/img12.jpg', 'dev/p05/img16.jpg', 'dev/p07/img20.jpg', 'dev/p13/img38.jpg'])
    photos.push(await cardOf(f, 40));
  await closePhotos();
});
after(async () => {
  sim?.close();
  if (port) await closeSerialPort(port);
  await pty?.close();
});

function cardNumber(i: number): { card: SimCard; name: string; idNumber: string; photo: Buffer } {
  const base = `110105${1950 + (i % 50)}0${1 + (i % 9)}1${i % 10}${String(i % 1000).padStart(3, '0')}`;
  const idNumber = base + idCheckCharacter(base);
  const name = NAMES[i % NAMES.length]!;
  const photo = photos[i % photos.length]!;
  const birth = base.slice(6, 14);
  const text = joinFields('resident', {
    name,
    sex: String(1 + (i % 2)),
    nation: '01',
    birth,
    address: `北京市朝阳区测试路${i}号`,
    idNumber,
    issuer: '北京市公安局朝阳分局',
    validFrom: '20200101',
    validTo: '20400101',
  });
  return { card: { text, photo }, name, idNumber, photo };
}

describe('reader faults', () => {
  it(`${budget.cardsInARow} cards in a row with faults injected: zero wrong reads`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sophon-reader-faults-'));
    pty = await openPtyPair(dir);
    port = await openSerialPort(pty.device);
    sim = new ReaderSimulator(port);
    const service = new ReaderService({ port: path.join(dir, 'reader'), pollMs: 30, reconnectMs: 100, timeoutMs: 100, readTimeoutMs: 800 }); // a pty without pacing: a read takes milliseconds
    let last: CardRead | null = null;
    let events = 0;
    const problems = new Map<string, number>();
    service.on('card', (c: CardRead) => {
      last = c;
      events++;
    });
    service.on('problem', (p: { code: string }) => problems.set(p.code, (problems.get(p.code) ?? 0) + 1));
    service.start();
    const until = async (what: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!what()) {
        if (Date.now() > end) return false;
        await new Promise((r) => setTimeout(r, 5));
      }
      return true;
    };
    await until(() => service.state === 'idle', 10_000);

    const plan = fc.sample(
      fc.oneof(
        fc.constant([] as [Fault, CommandName | 'any'][]),
        fc.array(fc.tuple(fc.constantFrom(...FAULTS), fc.constantFrom(...ON)), { minLength: 1, maxLength: 2 }),
      ),
      { numRuns: budget.cardsInARow, seed: 1124 },
    );
    const injected = new Map<Fault, number>();
    const t0 = Date.now();
    let correct = 0,
      wrong = 0,
      unread = 0,
      relaid = 0;
    const log: string[] = [];
    service.on('problem', (p: { code: string; message: string }) => log.push(`${Date.now() - t0} problem ${p.code} ${p.message}`));
    try {
      for (let i = 0; i < plan.length; i++) {
        const want = cardNumber(i);
        last = null;
        for (const [fault, on] of plan[i]!) {
          sim.inject(fault, on);
          injected.set(fault, (injected.get(fault) ?? 0) + 1);
        }
        sim.place(want.card);
        // A card taken away mid-read is laid again, as the clerk would.
        let read = await until(() => last !== null || !sim.hasCard, 5000);
        for (let again = 0; last === null && again < 3; again++) {
          relaid++;
          sim.place(want.card);
          read = await until(() => last !== null || !sim.hasCard, 5000);
        }
        void read;
        if (process.env.RESILIENCE_TRACE)
          console.log(`  card ${i} ${JSON.stringify(plan[i])} ${Date.now() - t0} ms ${last ? 'read' : 'UNREAD'}`);
        const got = last as CardRead | null;
        if (!got) unread++;
        else if (
          got.name === want.name &&
          got.idNumber === want.idNumber &&
          got.idNumberValid === true &&
          got.photo.bytes.equals(want.photo)
        )
          correct++;
        else {
          wrong++;
          console.log(
            `  card ${i} (${JSON.stringify(plan[i])}, before ${JSON.stringify(plan[i - 1])}): WRONG READ ${got.name} ${got.idNumber} photo ${got.photo.bytes.length} B`,
          );
          console.log(log.slice(-12).join('\n'));
        }
        sim.remove();
        await until(() => service.state === 'idle', 3000);
        // Faults not consumed by this card must not leak into the next one.
        sim.clearFaults();
      }
    } finally {
      await service.stop();
    }
    const seconds = (Date.now() - t0) / 1000;
    console.log(
      `  ${plan.length} cards in ${seconds.toFixed(0)} s; faults injected ${JSON.stringify(Object.fromEntries(injected))}; ` +
        `problems reported ${JSON.stringify(Object.fromEntries(problems))}; laid again ${relaid}×`,
    );
    figure('reader faults', 'cards laid in a row', plan.length, 'cards', '>=', 1000);
    figure('reader faults', 'cards laid with faults injected', plan.filter((p) => p.length).length, 'cards', '>=', 400);
    figure('reader faults', 'fault kinds from the catalogue exercised', injected.size, `of ${FAULTS.length}`, '==', FAULTS.length);
    figure('reader faults', 'wrong reads', wrong, 'cards', '==', 0);
    figure('reader faults', 'cards never read (after laying again up to 3×)', unread, 'cards', '==', 0);
    figure('reader faults', 'card events vs cards laid', events - plan.length, 'extra events', '==', 0);
    assert.equal(wrong, 0);
    assert.equal(unread, 0);
    assert.equal(correct, plan.length);
    assert.equal(events, plan.length);
  });
});
