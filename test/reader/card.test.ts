import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCard, toIdentityInfo, isoDate } from '../../main/reader/card/card-read.js';
import { idCheckCharacter, isValidIdNumber } from '../../main/reader/card/id-number.js';
import { joinFields, LAYOUTS, TEXT_BYTES } from '../../main/reader/card/layouts.js';
import { NATIONS } from '../../main/reader/card/nations.js';

const WLT = Buffer.alloc(1024, 0x57);

describe('ID numbers', () => {
  it('computes and checks the MOD 11-2 check character', () => {
    assert.equal(idCheckCharacter('11010519491231002'), 'X');
    assert.equal(isValidIdNumber('11010519491231002X'), true);
    assert.equal(isValidIdNumber('11010519491231002x'), true);
    assert.equal(isValidIdNumber('110105194912310021'), false);
    assert.equal(isValidIdNumber('1101051949123100'), false);
    assert.equal(isValidIdNumber('44030419900101123X'), idCheckCharacter('44030419900101123') === 'X');
  });
});

describe('card layouts', () => {
  it('every layout covers exactly 256 bytes; the 56 nations are all there', () => {
    for (const l of Object.values(LAYOUTS))
      assert.equal(
        l.reduce((s, [, n]) => s + n, 0),
        TEXT_BYTES,
      );
    const codes = Object.keys(NATIONS).filter((c) => Number(c) <= 56);
    assert.equal(codes.length, 56);
    assert.equal(NATIONS['01'], '汉');
    assert.equal(NATIONS['56'], '基诺');
  });

  it('parses a resident card with a 15-character name, a long address and a long-term validity', () => {
    const text = joinFields('resident', {
      name: '欧阳娜娜娜娜娜娜娜娜娜娜娜娜娜',
      sex: '2',
      nation: '05',
      birth: '19491231',
      address: '新疆维吾尔自治区乌鲁木齐市天山区解放北路一百二十三号院四单元五层六号房', // 35 characters: the whole field
      idNumber: '11010519491231002X',
      issuer: '乌鲁木齐市公安局天山区分局',
      validFrom: '20200101',
      validTo: '长期',
    });
    const c = parseCard(text, WLT);
    assert.equal(c.type, 'resident');
    assert.equal(c.name, '欧阳娜娜娜娜娜娜娜娜娜娜娜娜娜');
    assert.equal(c.sex, '女');
    assert.equal(c.nation, '维吾尔');
    assert.equal(c.birth, '1949-12-31');
    assert.equal(c.validTo, 'long-term');
    assert.equal(c.idNumberValid, true);
    assert.equal(c.photo.format, 'wlt');
    const info = toIdentityInfo(c);
    assert.equal(info.user_validtime, '2020.01.01-长期');
    assert.equal(info.card_type, '0');
    assert.equal(info.user_nation, '维吾尔');
  });

  it('flags a wrong check digit without hiding the number', () => {
    const c = parseCard(
      joinFields('resident', {
        name: '张三',
        sex: '1',
        nation: '01',
        birth: '19900101',
        address: '北京',
        idNumber: '110105194912310021',
        issuer: 'x',
        validFrom: '20100101',
        validTo: '20300101',
      }),
      WLT,
    );
    assert.equal(c.idNumber, '110105194912310021');
    assert.equal(c.idNumberValid, false);
  });

  it('parses a foreigner permanent residence card (type I)', () => {
    const c = parseCard(
      joinFields('foreigner', {
        nameEn: 'SMITH, JOHN ALEXANDER WILLIAMS',
        sex: '1',
        idNumber: 'USA110079040121',
        nationality: 'USA',
        name: '史密斯',
        validFrom: '20180101',
        validTo: '20280101',
        birth: '19790401',
        version: '01',
        issuer: '1100',
      }),
      WLT,
    );
    assert.equal(c.type, 'foreigner');
    assert.equal(c.nameEn, 'SMITH, JOHN ALEXANDER WILLIAMS');
    assert.equal(c.name, '史密斯');
    assert.equal(c.nationality, 'USA');
    assert.equal(c.birth, '1979-04-01');
    assert.equal(c.idNumberValid, null);
    assert.equal(toIdentityInfo(c).card_type, 'I');
  });

  it('parses a Hong Kong/Macao/Taiwan residence permit (type J) with pass number and issue count', () => {
    const c = parseCard(
      joinFields('hmt', {
        name: '陈大文',
        sex: '1',
        birth: '19850615',
        address: '广东省深圳市福田区',
        idNumber: '810000198506150017',
        issuer: '深圳市公安局',
        validFrom: '20190101',
        validTo: '20240101',
        passNumber: 'H12345678',
        issueCount: '01',
      }),
      Buffer.from([0xff, 0xd8, 0xff]),
    );
    assert.equal(c.type, 'hmt');
    assert.equal(c.passNumber, 'H12345678');
    assert.equal(c.issueCount, '01');
    assert.equal(c.idNumberValid, isValidIdNumber('810000198506150017'));
    assert.equal(c.photo.format, 'jpeg');
    assert.equal(toIdentityInfo(c).card_type, 'J');
  });

  it('turns unreadable dates into null rather than guessing', () => {
    assert.equal(isoDate('20230230'), null);
    assert.equal(isoDate('2023'), null);
    assert.equal(isoDate('20230228'), '2023-02-28');
  });
});
