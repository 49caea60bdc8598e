import { FAIL_COLOR } from '../app/colors.js';
import { Alert, Card, Descriptions, Empty, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CounterState } from '../api/sophon-api.js';
import { countryName } from '../i18n/countries.js';
import { cardDateText, sexText } from '../i18n/labels.js';

type CardView = NonNullable<CounterState['card']>;

/** The card as read from the chip: fields (ID number masked), validity, the chip photo. */
export function CardPanel({ card, photoProblem }: { card: CardView | null; photoProblem?: string | null }) {
  const { t, i18n } = useTranslation();
  if (!card)
    return (
      <Card title={t('card.title')}>
        <Empty description={t('card.none')} />
      </Card>
    );
  return (
    <Card title={t('card.title')} size="small" data-testid="card-panel">
      <div style={{ display: 'flex', gap: 12 }}>
        {card.photo_base64 && card.photo_mime ? (
          <img
            src={`data:${card.photo_mime};base64,${card.photo_base64}`}
            alt={t('result.cardPhoto')}
            width={102}
            height={126}
            style={{ border: '1px solid #ddd', borderRadius: 4 }}
            data-testid="card-photo"
          />
        ) : card.photo_problem_code ? (
          <Alert type="warning" title={t('card.photoMissing')} description={photoProblem} data-testid="card-photo-problem" />
        ) : (
          <div style={{ width: 102, height: 126, border: '1px dashed #ddd', borderRadius: 4 }} aria-busy="true" />
        )}
        <Descriptions column={1} size="small" style={{ flex: 1 }}>
          {card.type === 'foreigner' && card.name_en && card.name_en !== card.name && (
            <Descriptions.Item label={t('cardFields.nameEn')}>
              <span data-testid="card-name-en">{card.name_en}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item
            label={
              card.type === 'foreigner'
                ? card.name_en && card.name_en !== card.name
                  ? t('cardFields.nameZh')
                  : t('cardFields.nameEn')
                : t('card.name')
            }
          >
            <span data-testid="card-name">{card.name}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('card.sex')}>{sexText(t, card.sex)}</Descriptions.Item>
          {card.type === 'foreigner' ? (
            <Descriptions.Item label={t('cardFields.nationality')}>
              <span data-testid="card-nationality">
                {card.nationality ? `${countryName(card.nationality, i18n.language) ?? card.nationality}（${card.nationality}）` : '—'}
              </span>
            </Descriptions.Item>
          ) : card.type === 'resident' ? (
            <Descriptions.Item label={t('card.nation')}>{card.nation ?? '—'}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('card.birth')}>{card.birth ?? '—'}</Descriptions.Item>
          {card.type === 'hmt' && card.pass_number && (
            <Descriptions.Item label={t('cardFields.passNumber')}>{card.pass_number}</Descriptions.Item>
          )}
          {card.type === 'hmt' && card.issue_count && (
            <Descriptions.Item label={t('cardFields.issueCount')}>{card.issue_count}</Descriptions.Item>
          )}
          <Descriptions.Item
            label={card.type === 'foreigner' ? t('cardFields.permitNumber') : card.type === 'hmt' ? t('cardFields.hmtId') : t('card.id')}
          >
            <span data-testid="card-id" style={{ whiteSpace: 'nowrap' }}>
              {card.id_number_masked}
            </span>{' '}
            {card.id_number_valid === false && <Tag color={FAIL_COLOR}>{t('card.invalidNumber')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('card.validity')}>
            <span style={{ color: card.expired ? '#cf1322' : undefined }} data-testid="card-validity">
              {cardDateText(t, card.valid_from)} – {cardDateText(t, card.valid_to)}
            </span>{' '}
            {card.expired && <Tag color={FAIL_COLOR}>{t('card.expired')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('card.type')}>{t(`card.types.${card.type}`)}</Descriptions.Item>
        </Descriptions>
      </div>
    </Card>
  );
}
