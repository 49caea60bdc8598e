// Synthetic identities (valid check digits, all three card types) with chip-like photos made from
// real face photos: the simulator's cards.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cardPhotoOf } from '../../engine/card-photo.js';
import type { FaceEngine } from '../../engine/face-engine.js';
import { idCheckCharacter } from '../card/id-number.js';
import { joinFields, type CardType } from '../card/layouts.js';
import type { SimCard } from './simulator.js';

const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周杰', '吴霞', '徐强', '孙丽', '马超'];

export interface NamedSimCard extends SimCard {
  identity: string;
  type: CardType;
  photoFile: string;
}

/** One card per identity folder of `facesDir` (its first photo), cycling through the three card types. */
export async function simCards(engine: FaceEngine, facesDir: string, quality = 40): Promise<NamedSimCard[]> {
  const out: NamedSimCard[] = [];
  const folders = readdirSync(facesDir)
    .filter((f) => !f.startsWith('.'))
    .sort();
  for (const [i, folder] of folders.entries()) {
    const file = path.join(facesDir, folder, readdirSync(path.join(facesDir, folder)).sort()[0]!);
    const photo = await cardPhotoOf(engine, readFileSync(file), file, quality);
    if (!photo) continue;
    const type: CardType = (['resident', 'foreigner', 'hmt'] as const)[i % 3]!;
    const birth = `19${60 + (i % 40)}0${1 + (i % 9)}1${i % 10}`;
    const id17 = `11010${i % 10}${birth}${String(100 + i).slice(-3)}`;
    const id = id17 + idCheckCharacter(id17);
    const name = NAMES[i % NAMES.length]!;
    const fields: Record<string, string> =
      type === 'foreigner'
        ? {
            nameEn: `TEST, PERSON ${folder.toUpperCase()}`,
            sex: String(1 + (i % 2)),
            idNumber: `USA11007904012${i % 10}`,
            nationality: 'USA',
            name,
            validFrom: '20200101',
            validTo: '20300101',
            birth,
            version: '01',
            issuer: '1100',
          }
        : {
            name,
            sex: String(1 + (i % 2)),
            nation: type === 'resident' ? String(1 + (i % 56)).padStart(2, '0') : '',
            birth,
            address: '北京市东城区正义路1号',
            idNumber: id,
            issuer: '北京市公安局东城分局',
            validFrom: '20200101',
            validTo: i % 4 === 0 ? '长期' : '20400101',
            passNumber: type === 'hmt' ? `H${10000000 + i}` : '',
            issueCount: type === 'hmt' ? '01' : '',
          };
    out.push({ identity: folder, type, photoFile: file, text: joinFields(type, fields), photo });
  }
  return out;
}
