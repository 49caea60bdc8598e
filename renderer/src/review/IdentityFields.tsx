// The card data of a stored event with the field labels of its card type: resident ID card,
// foreigner's permanent residence card (name as on the card, nationality with the country's name),
// Hong Kong/Macao/Taiwan residence permit. Values absent from the event say so ("未提供").
import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { cardKind, cardTypeText, sexText, validityText } from '../i18n/labels.js';
import { countryName } from '../i18n/countries.js';

type Identity = Record<string, string> | null | undefined;

function Type({ code }: { code: string | null | undefined }) {
  const { t } = useTranslation();
  return <>{cardTypeText(t, code)}</>;
}

/** Latin letters only: the English name of a foreigner's card. */
const latin = (s: string) => /^[\p{Script=Latin}\s,.'*-]+$/u.test(s);

export function IdentityFields({ identity, cardType }: { identity: Identity; cardType: string | null | undefined }) {
  const { t, i18n } = useTranslation();
  const kind = cardKind(cardType) ?? 'resident';
  const na = t('common.notProvided');
  if (!identity || !Object.values(identity).some(Boolean)) return <div data-testid="identity-none">{t('detail.noIdentity')}</div>;
  const v = (k: string) => identity[k] || na;
  const items: [string, string, string?][] = [];
  const name = identity.user_name ?? '';
  if (kind === 'foreigner') {
    if (identity.name_en) items.push([t('cardFields.nameEn'), identity.name_en]);
    items.push([name && latin(name) ? t('cardFields.nameEn') : t('cardFields.nameZh'), name || na, 'identity-name']);
    items.push([t('card.sex'), sexText(t, identity.user_sex)]);
    const nat = identity.user_nation ?? '';
    const country = nat ? countryName(nat, i18n.language) : null;
    items.push([t('cardFields.nationality'), nat ? (country ? `${country}（${nat}）` : nat) : na, 'identity-nationality']);
    items.push([t('cardFields.permitNumber'), v('user_idcard'), 'identity-id']);
  } else {
    items.push([t('card.name'), name || na, 'identity-name']);
    items.push([t('card.sex'), sexText(t, identity.user_sex)]);
    if (kind === 'resident') items.push([t('card.nation'), v('user_nation')]);
    items.push([t('cardFields.address'), v('user_address')]);
    items.push([kind === 'hmt' ? t('cardFields.hmtId') : t('cardFields.residentId'), v('user_idcard'), 'identity-id']);
    if (kind === 'hmt') {
      if (identity.pass_number) items.push([t('cardFields.passNumber'), identity.pass_number, 'identity-pass']);
      if (identity.issue_count) items.push([t('cardFields.issueCount'), identity.issue_count, 'identity-issues']);
    }
  }
  items.push([t('cardFields.issuer'), v('user_issu')]);
  items.push([t('card.validity'), validityText(t, identity.user_validtime)]);
  return (
    <Descriptions column={2} size="small" bordered data-testid="identity-fields">
      {items.map(([label, value, testId]) => (
        <Descriptions.Item key={label} label={label}>
          <span data-testid={testId}>{value}</span>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
IdentityFields.Type = Type;
