// The reader protocol through real pseudo-terminals (socat) and real serialport, against the simulator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { closeSerialPort, openSerialPort, type ReaderPort } from '../../main/reader/ports.js';
import { joinFields } from '../../main/reader/card/layouts.js';
import { readCardOnce } from '../../main/reader/read-card.js';
import { ReaderClient, ReaderError } from '../../main/reader/reader-client.js';
import { openPtyPair, type PtyPair } from '../../main/reader/simulator/pty-pair.js';
import { ReaderSimulator, type Fault, type SimCard } from '../../main/reader/simulator/simulator.js';
import { cardOf, closePhotos } from '../helpers/photos.js';

const open = (path: string) => openSerialPort(path);

let pty: PtyPair, hostPort: ReaderPort, devicePort: ReaderPort, sim: ReaderSimulator, client: ReaderClient, card: SimCard;

before(async () => {
  pty = await openPtyPair();
  hostPort = await open(pty.host);
  devicePort = await open(pty.device);
  sim = new ReaderSimulator(devicePort);
  client = new ReaderClient(hostPort, 1000);
  card = {
    text: joinFields('resident', {
      name: '王小明',
      sex: '1',
      nation: '01',
      birth: '19900307',
      address: '上海市浦东新区世纪大道100号',
      idNumber:
        '31011519900307001X'.slice(0, 17) + (await import('../../main/reader/card/id-number.js')).idCheckCharacter('31011519900307001'),
      issuer: '上海市公安局浦东分局',
      validFrom: '20150101',
      validTo: '20350101',
    }),
    photo: await cardOf('dev/p05/img16.jpg', 40),
  };
});
after(async () => {
  client.close();
  sim.close();
  await closeSerialPort(hostPort);
  await closeSerialPort(devicePort);
  await pty.close();
  await closePhotos();
});

describe('reader over a pty', () => {
  it('answers SAM status and reports no card', async () => {
    assert.equal((await client.send('samStatus')).status, 'OK');
    sim.remove();
    assert.deepEqual(await readCardOnce(client), { kind: 'no-card' });
  });

  it('reads a placed card: fields, check digit and the chip photo bytes', async () => {
    sim.place(card);
    const r = await readCardOnce(client);
    assert.equal(r.kind, 'card');
    if (r.kind !== 'card') return;
    assert.equal(r.card.name, '王小明');
    assert.equal(r.card.nation, '汉');
    assert.equal(r.card.idNumberValid, true);
    assert.equal(r.card.photo.format, 'jpeg');
    assert.deepEqual(r.card.photo.bytes, card.photo);
  });

  it('reads with fingerprints (30 10): the fingerprint block comes back with the fields and photo', async () => {
    const fingerprint = Buffer.alloc(1024 * 2, 0x5f);
    sim.place({ ...card, fingerprint });
    const r = await readCardOnce(client, { fingerprint: true });
    assert.equal(r.kind, 'card');
    if (r.kind !== 'card') return;
    assert.deepEqual(r.card.fingerprint, fingerprint);
    assert.deepEqual(r.card.photo.bytes, card.photo);
    assert.equal(r.card.name, '王小明');
  });

  for (const fault of ['garbage', 'split', 'slow'] as Fault[]) {
    it(`survives ${fault} bytes on the card reply and reads the card correctly`, async () => {
      sim.place(card);
      sim.inject(fault, 'readBasic');
      const r = await readCardOnce(client);
      assert.equal(r.kind, 'card');
      if (r.kind === 'card') assert.deepEqual(r.card.photo.bytes, card.photo);
    });
  }

  for (const fault of ['bad-checksum', 'silent', 'remove-mid-read'] as Fault[]) {
    it(`fails the read cleanly on ${fault} (never a wrong read), then reads the next card`, async () => {
      sim.place(card);
      sim.inject(fault, 'readBasic');
      const err = await readCardOnce(client).then(
        (r) => r,
        (e: unknown) => e,
      );
      assert.ok(err instanceof ReaderError && err.code === 'TIMEOUT', String(err));
      sim.place(card);
      const r = await readCardOnce(client);
      assert.equal(r.kind, 'card');
      if (r.kind === 'card') assert.equal(r.card.name, '王小明');
    });
  }

  it('a reply arriving after its timeout is never taken for the next card (the line is resynchronised)', async (t) => {
    const fast = new ReaderClient(hostPort, 150); // the simulator's 'slow' reply comes at 300 ms
    t.after(() => fast.close());
    const other: SimCard = {
      text: joinFields('resident', {
        name: '李娜',
        sex: '2',
        nation: '01',
        birth: '19920101',
        address: '北京市',
        idNumber: '11010519920101002' + (await import('../../main/reader/card/id-number.js')).idCheckCharacter('11010519920101002'),
        issuer: '北京市公安局',
        validFrom: '20200101',
        validTo: '20400101',
      }),
      photo: card.photo,
    };
    sim.place(card);
    sim.inject('slow', 'findCard');
    await assert.rejects(readCardOnce(fast), (e: unknown) => e instanceof ReaderError && e.code === 'TIMEOUT');
    // The late answer is still on its way; the next exchanges must not be shifted by it.
    // A read may fail cleanly while the line resynchronises; the first card read must be 李娜.
    sim.place(other);
    let r: Awaited<ReturnType<typeof readCardOnce>> | null = null;
    for (let i = 0; i < 4 && r?.kind !== 'card'; i++)
      r = await readCardOnce(fast).catch((e: unknown) => (assert.ok(e instanceof ReaderError), null));
    assert.equal(r?.kind, 'card');
    if (r?.kind === 'card') assert.equal(r.card.name, '李娜');
  });
});
