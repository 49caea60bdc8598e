// One event: both photos, the card data with the labels of its card type (masked; a supervisor
// can show the full identity of this one event with a reason, which is audited), server time and
// the request's own time where they differ, score against threshold, quality measures and timings
// in words, its reviews and audit trail; confirm or override with a comment. The decision in force is
// shown in words (the clerk's step included), and a supervisor's step is confirmed in a dialog that
// says what it changes; the server refuses it if the event changed since (`expected`).
import { FAIL_COLOR, PASS_COLOR } from '../app/colors.js';
import { NoteArea } from '../app/NoteArea.js';
import { App as AntApp, Button, Descriptions, Drawer, Empty, Modal, Space, Tag, Timeline } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventDetail, SophonApi } from '../api/sophon-api.js';
import { useFormat } from '../i18n/format.js';
import { auditActionText, auditActorText, errorText, measureLabel, sourceText, timingLabel } from '../i18n/labels.js';
import { IdentityFields } from './IdentityFields.js';
import { TIME_DIFFERS_S } from './EventsPage.js';

export const MIN_UNMASK_REASON = 4;

/** The live photo's quality measures (inter-eye distance, sharpness, exposure, pose, eyes), labelled. */
function measureEntries(q: unknown): [string, number][] {
  const m =
    (q as { face?: { quality?: Record<string, number | null> | null } } | null)?.face?.quality ?? (q as Record<string, unknown> | null);
  if (!m || typeof m !== 'object') return [];
  return Object.entries(m).filter((e): e is [string, number] => typeof e[1] === 'number');
}

export function EventDrawer({ api, id, onClose, onChanged }: { api: SophonApi; id: string; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { message } = AntApp.useApp();
  const [e, setE] = useState<EventDetail | null>(null);
  const [comment, setComment] = useState('');
  const [unmaskOpen, setUnmaskOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [full, setFull] = useState<Record<string, string> | null>(null);
  const reload = () => api.getEvent({ id }).then(setE, (x: unknown) => void message.error(errorText(t, x)));
  useEffect(() => {
    setFull(null);
    void reload();
  }, [id]);
  const [asked, setAsked] = useState<'confirmed' | 'overridden' | null>(null);
  const review = async (state: 'confirmed' | 'overridden') => {
    if (!e) return;
    try {
      await api.review({ id, state, comment, expected: e.final_decision ? 'pass' : 'fail' });
      setAsked(null);
      setComment('');
      await reload();
      onChanged();
    } catch (x) {
      void message.error(`${t('detail.reviewFailed')}: ${errorText(t, x)}`);
    }
  };
  const unmask = async () => {
    try {
      setFull((await api.unmaskEvent({ id, reason: reason.trim() })).identity);
      setUnmaskOpen(false);
      setReason('');
      void reload(); // the audit trail now lists the unmask
    } catch (x) {
      void message.error(errorText(t, x));
    }
  };
  const measures = e ? measureEntries(e.quality) : [];
  /** A decision in words: the automatic one, or one a person made (clerk or supervisor). */
  const decisionWords = (pass: boolean, byPerson: boolean) =>
    t(byPerson ? (pass ? 'verdict.manualPass' : 'verdict.manualFail') : pass ? 'verdict.pass' : 'verdict.fail');
  /** One review of the event's timeline: when, who (clerk or supervisor), what, and the comment. */
  const reviewLine = (r: EventDetail['reviews'][number]) => {
    const who = `${r.stage === 'clerk' ? t('receiptReview.clerk') : t('receiptReview.supervisor')} ${r.reviewer}`;
    const what = ['confirmed', 'overridden'].includes(r.state) ? t(`events.states.${r.state}`) : r.state;
    const after = r.decision_after === 0 || r.decision_after === 1 ? ` → ${decisionWords(r.decision_after === 1, true)}` : '';
    return `${f.dateTime(r.at)} · ${who} · ${what}${after}${r.comment ? ` · ${r.comment}` : ''}`;
  };
  const supervised = Boolean(e && e.review_state !== 'unreviewed');
  const finalText = !e
    ? ''
    : e.review_band && !e.clerk_review && !supervised
      ? t('supervisorReview.pending')
      : decisionWords(e.final_decision, Boolean(e.clerk_review) || supervised);
  return (
    <Drawer open width={680} title={t('detail.title')} onClose={onClose}>
      {e && (
        <>
          <Space style={{ marginBottom: 12 }}>
            {e.card_photo && <img src={`data:image/jpeg;base64,${e.card_photo}`} alt={t('result.cardPhoto')} height={140} />}
            {e.live_photo && <img src={`data:image/jpeg;base64,${e.live_photo}`} alt={t('result.livePhoto')} height={140} />}
            {e.photos_purged && <Tag>{t('detail.purged')}</Tag>}
          </Space>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('detail.eventId')}>{e.id}</Descriptions.Item>
            <Descriptions.Item label={t('detail.serverTime')}>
              <span data-testid="detail-server-time">
                {f.dateTime(e.server_time)} ({f.zone(e.server_time)})
              </span>
            </Descriptions.Item>
            {Math.abs(e.compare_time - e.server_time) > TIME_DIFFERS_S && (
              <Descriptions.Item label={t('detail.compareTime')}>
                <span data-testid="detail-compare-time">{f.dateTime(e.compare_time)}</span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('card.type')}>
              <IdentityFields.Type code={e.card_type} />
            </Descriptions.Item>
          </Descriptions>
          <div style={{ margin: '8px 0' }}>
            <IdentityFields identity={full ?? e.identity} cardType={e.card_type} />
            {e.identity && (
              <Space style={{ marginTop: 6 }}>
                {full ? (
                  <Tag color="orange" data-testid="detail-unmasked">
                    {t('events.unmasked')}
                  </Tag>
                ) : (
                  <Button size="small" onClick={() => setUnmaskOpen(true)} data-testid="detail-unmask">
                    {t('events.unmask')}
                  </Button>
                )}
              </Space>
            )}
          </div>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('events.score')}>
              {f.score(e.score)} / {f.score(e.threshold)}{' '}
              <Tag color={e.decision ? PASS_COLOR : FAIL_COLOR}>{e.decision ? t('events.pass') : t('events.fail')}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('receiptReview.final')}>
              <span data-testid="detail-final">{finalText}</span>
              {e.placement_id && e.attempt !== null && (
                <span style={{ marginLeft: 8, color: '#595959' }}>{t('flow.attempt', { n: e.attempt })}</span>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('detail.where')}>
              {sourceText(t, e.source)} · {e.terminal_id} · {e.operator || t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('detail.measures')}>
              <span data-testid="event-measures">
                {measures.length
                  ? measures.map(([k, v]) => `${measureLabel(t, k)} ${f.measure(v, Math.abs(v) < 1 ? 2 : 1)}`).join(' · ')
                  : t('common.none')}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('detail.timings')}>
              {e.timings
                ? Object.entries(e.timings)
                    .map(([k, v]) => `${timingLabel(t, k)} ${f.measure(Number(v), 0)}`)
                    .join(' · ')
                : t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('detail.model')}>{e.model_id}</Descriptions.Item>
          </Descriptions>
          <h3 style={{ marginTop: 16 }}>{t('detail.reviews')}</h3>
          {e.reviews.length ? (
            <Timeline items={e.reviews.map((r) => ({ content: reviewLine(r) }))} />
          ) : (
            <Empty description={t('detail.none')} />
          )}
          <h3 style={{ marginTop: 16 }}>{t('detail.audit')}</h3>
          <ul data-testid="event-audit" style={{ paddingLeft: 18 }}>
            {e.audit.map((a) => (
              <li key={a.id}>
                {f.dateTime(a.at)} · {auditActorText(t, a.actor)} · {auditActionText(t, a.action)}
              </li>
            ))}
          </ul>
          <NoteArea label={t('detail.comment')} value={comment} onText={setComment} maxLength={1000} rows={2} />
          <Space style={{ marginTop: 8 }}>
            <Button type="primary" onClick={() => setAsked('confirmed')} disabled={supervised} data-testid="review-confirm">
              {t('detail.confirm')}
            </Button>
            <Button danger onClick={() => setAsked('overridden')} disabled={supervised} data-testid="review-override">
              {t('detail.override')}
            </Button>
          </Space>
          <Modal
            open={asked !== null}
            title={t('supervisorReview.title')}
            okButtonProps={{ disabled: asked === 'overridden' && comment.trim().length < 3, 'data-testid': 'review-ok' } as never}
            onCancel={() => setAsked(null)}
            onOk={() => asked && void review(asked)}
          >
            <p data-testid="review-what">
              {asked === 'confirmed'
                ? t('supervisorReview.confirm', { decision: finalText })
                : t('supervisorReview.override', { from: finalText, to: decisionWords(!e.final_decision, true) })}
            </p>
            {comment.trim() && <p>{comment.trim()}</p>}
            {asked === 'overridden' && comment.trim().length < 3 && (
              <div style={{ color: FAIL_COLOR }}>{t('supervisorReview.needsComment')}</div>
            )}
          </Modal>
          <Modal
            open={unmaskOpen}
            title={t('events.unmask')}
            okButtonProps={{ disabled: reason.trim().length < MIN_UNMASK_REASON, 'data-testid': 'unmask-ok' } as never}
            onCancel={() => setUnmaskOpen(false)}
            onOk={() => void unmask()}
          >
            <NoteArea autoFocus label={t('events.unmaskReason')} value={reason} onText={setReason} maxLength={200} rows={2} />
            {reason.length > 0 && reason.trim().length < MIN_UNMASK_REASON && (
              <div style={{ color: FAIL_COLOR }}>{t('events.unmaskReasonBad')}</div>
            )}
          </Modal>
        </>
      )}
    </Drawer>
  );
}
