// One event: both photos, identity, score against threshold, timings, its reviews; confirm or
// override with a comment.
import { FAIL_COLOR, PASS_COLOR } from '../app/colors.js';
import { Button, Descriptions, Drawer, Empty, Input, Space, Tag, Timeline } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventDetail, SophonApi } from '../api/sophon-api.js';
import { maskId, maskName } from './mask.js';

/** The live photo's quality measures (inter-eye distance, sharpness, exposure, pose, eyes) as text. */
function measures(q: unknown): string {
  const m = (q as { face?: { quality?: Record<string, number | null> | null } } | null)?.face?.quality;
  if (!m) return '—';
  return Object.entries(m)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${Math.round(Number(v) * 10) / 10}`)
    .join(' · ');
}

export function EventDrawer({ api, id, onClose, onChanged }: { api: SophonApi; id: string; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const [e, setE] = useState<EventDetail | null>(null);
  const [comment, setComment] = useState('');
  const reload = () => api.getEvent(id).then(setE);
  useEffect(() => void reload(), [id]);
  const review = async (state: 'confirmed' | 'overridden') => {
    await api.review(id, state, comment);
    setComment('');
    await reload();
    onChanged();
  };
  return (
    <Drawer open width={640} title={t('detail.title')} onClose={onClose}>
      {e && (
        <>
          <Space style={{ marginBottom: 12 }}>
            {e.card_photo && <img src={`data:image/jpeg;base64,${e.card_photo}`} alt={t('result.cardPhoto')} height={140} />}
            {e.live_photo && <img src={`data:image/jpeg;base64,${e.live_photo}`} alt={t('result.livePhoto')} height={140} />}
            {e.photos_purged && <Tag>{t('detail.purged')}</Tag>}
          </Space>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="ID">{e.id}</Descriptions.Item>
            <Descriptions.Item label={t('events.time')}>{new Date(e.server_time * 1000).toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('events.name')}>{maskName(e.identity?.user_name ?? '')}</Descriptions.Item>
            <Descriptions.Item label={t('events.id')}>{maskId(e.identity?.user_idcard ?? '')}</Descriptions.Item>
            <Descriptions.Item label={t('events.score')}>
              {e.score.toFixed(3)} / {e.threshold.toFixed(3)} <Tag color={e.decision ? PASS_COLOR : FAIL_COLOR}>{e.decision ? t('events.pass') : t('events.fail')}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('events.source')}>
              {e.source} · {e.terminal_id} · {e.operator ?? ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('detail.measures')}>
              <span data-testid="event-measures">{measures(e.quality)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('detail.timings')}>{e.timings ? Object.entries(e.timings).map(([k, v]) => `${k} ${Math.round(Number(v))}`).join(' · ') : '—'}</Descriptions.Item>
            <Descriptions.Item label="model">{e.model_id}</Descriptions.Item>
          </Descriptions>
          <h3 style={{ marginTop: 16 }}>{t('detail.reviews')}</h3>
          {e.reviews.length ? <Timeline items={e.reviews.map((r) => ({ content: `${new Date(r.at * 1000).toLocaleString()} · ${r.reviewer} · ${t(`events.states.${r.state as 'confirmed'}`)} · ${r.comment}` }))} /> : <Empty description={t('detail.none')} />}
          <h3 style={{ marginTop: 16 }}>{t('detail.audit')}</h3>
          <ul data-testid="event-audit" style={{ paddingLeft: 18 }}>
            {e.audit.map((a) => (
              <li key={a.id}>
                {new Date(a.at * 1000).toLocaleString()} · {a.actor} · {a.action}
              </li>
            ))}
          </ul>
          <Input.TextArea aria-label={t('detail.comment')} placeholder={t('detail.comment')} value={comment} onChange={(x) => setComment(x.target.value)} maxLength={1000} rows={2} />
          <Space style={{ marginTop: 8 }}>
            <Button type="primary" onClick={() => void review('confirmed')}>
              {t('detail.confirm')}
            </Button>
            <Button danger onClick={() => void review('overridden')}>
              {t('detail.override')}
            </Button>
          </Space>
        </>
      )}
    </Drawer>
  );
}
