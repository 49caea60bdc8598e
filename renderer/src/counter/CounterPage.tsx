// The clerk's counter: reader status, the card read, the live camera with its hint, and the result.
// Everything shown comes from the server's placement state (main/counter/counter-service.ts): when
// the server clears it (card taken off + the hold, sign-out, idle), nothing of the customer is left
// here either. The one automatic check of an attempt is armed only by a change this screen saw
// while it was watching — a card laid, or R pressed — never by opening the screen, a reload, a
// reconnect of the stream or a sign-in. Space captures by hand; R retries (a new attempt of the same
// card); O overrides with a reason; Y / N decide a review-band check; P prints.
import { Alert, App as AntApp, Col, Modal, Row, Typography } from 'antd';
import { NoteArea } from '../app/NoteArea.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type CounterState, type FrameCheckAnswer, type Role, type SophonApi } from '../api/sophon-api.js';
import { errorText } from '../i18n/labels.js';
import { CameraView, type CameraHandle } from './CameraView.js';
import { CardPanel } from './CardPanel.js';
import { ReaderStatus } from './ReaderStatus.js';
import { ResultPanel, verdictKey } from './ResultPanel.js';

const GOOD_CHECKS_BEFORE_CAPTURE = 1;
type Placement = NonNullable<CounterState['placement']>;
const keyOf = (p: Placement) => `${p.id}:${p.attempt}`;

export function CounterPage({
  api,
  operator,
  role = 'clerk',
  onReceipt,
  onSignedOut,
}: {
  api: SophonApi;
  operator: string;
  role?: Role;
  onReceipt: (eventId: string) => void;
  onSignedOut?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [state, setState] = useState<CounterState | null>(null);
  const [lost, setLost] = useState(false);
  const [overrideOpen, setOverrideOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [requestError, setRequestError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now() / 1000);
  const camera = useRef<CameraHandle>(null);
  const goodChecks = useRef(0);
  /** The attempt this screen may check automatically (it saw the card laid or R pressed), once. */
  const armed = useRef<string | null>(null);
  /** The previous state's placement key and phase in this subscription; undefined: none yet (a snapshot comes first). */
  const seen = useRef<string | null | undefined>(undefined);
  const inFlight = useRef<string | null>(null);
  const signedOut = useRef(onSignedOut);
  signedOut.current = onSignedOut;
  void operator;

  useEffect(
    () =>
      api.watchCounter(
        (s) => {
          setLost(false);
          const p = s.placement;
          const here = p ? `${keyOf(p)}:${p.phase}` : null;
          if (p && p.phase === 'capture' && seen.current !== undefined && seen.current !== here) armed.current = keyOf(p);
          if (!p || (armed.current !== null && armed.current !== keyOf(p))) armed.current = null;
          if (!p) setRequestError(null);
          seen.current = here;
          setState(s);
        },
        () => {
          // The stream is gone (it reconnects by itself): what comes first then is a snapshot, which arms nothing.
          setLost(true);
          seen.current = undefined;
          armed.current = null;
        },
        () => {
          setState(null);
          signedOut.current?.();
        },
      ),
    [api],
  );

  const placement = state?.placement ?? null;

  const capture = useCallback(async () => {
    const p = placement;
    if (!camera.current || !p || p.phase !== 'capture' || inFlight.current === keyOf(p)) return;
    inFlight.current = keyOf(p);
    armed.current = null;
    setRequestError(null);
    try {
      const frames = await camera.current.burst(1, 0); // the face was just checked good: one frame keeps the compare fast
      if (frames.length) await api.compare({ placement_id: p.id, attempt: p.attempt, frames }); // the result comes with the state
    } catch (e) {
      setRequestError(errorText(t, e));
    } finally {
      inFlight.current = null;
    }
  }, [api, placement, t]);

  const onCheck = useCallback(
    (a: FrameCheckAnswer) => {
      goodChecks.current = a.hint === 'ok' ? goodChecks.current + 1 : 0;
      if (
        goodChecks.current >= GOOD_CHECKS_BEFORE_CAPTURE &&
        placement &&
        armed.current === keyOf(placement) &&
        placement.phase === 'capture'
      )
        void capture();
    },
    [capture, placement],
  );
  // A face already known to be good is captured the moment the card's photo is ready.
  useEffect(() => {
    if (
      placement &&
      placement.phase === 'capture' &&
      armed.current === keyOf(placement) &&
      goodChecks.current >= GOOD_CHECKS_BEFORE_CAPTURE
    )
      void capture();
  }, [placement, capture]);

  // The countdown once the card is off.
  useEffect(() => {
    if (!placement?.clear_at) return;
    const timer = setInterval(() => setNow(Date.now() / 1000), 250);
    return () => clearInterval(timer);
  }, [placement?.clear_at]);

  const result = placement?.phase === 'result' ? placement.result : null;
  const canOverride = Boolean(result && result.decision !== 'review' && !result.review.clerk && !result.review.supervisor);
  const act = async (f: () => Promise<unknown>) => {
    try {
      setRequestError(null);
      await f();
    } catch (e) {
      setRequestError(errorText(t, e));
    }
  };
  const retry = () =>
    placement &&
    (placement.phase === 'result' || placement.phase === 'error') &&
    void act(() => api.retry({ placement_id: placement.id, attempt: placement.attempt }));
  const print = () => result && onReceipt(result.event_id);
  const decideBand = (d: 'pass' | 'fail') =>
    result?.review.pending && void act(() => api.bandDecision({ event_id: result.event_id, decision: d, comment: '' }));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Shortcuts never type into a field: inside one, or with the reason dialog open, keys are the field's.
      if (
        overrideOpen ||
        e.ctrlKey ||
        e.metaKey ||
        e.altKey ||
        (e.target instanceof HTMLElement && (['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName) || e.target.isContentEditable))
      )
        return;
      const k = e.key.toLowerCase();
      const handled = [' ', 'r', 'o', 'p', 'y', 'n'];
      if (!handled.includes(k)) return;
      e.preventDefault(); // the key press does not reach a field focused because of it (O opens the reason box)
      if (k === ' ') void capture();
      else if (k === 'r') retry();
      else if (k === 'o' && canOverride) setOverrideOpen(true);
      else if (k === 'p') print();
      else if (k === 'y') decideBand('pass');
      else if (k === 'n') decideBand('fail');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // What the camera column says: the face hint only while a capture is wanted.
  const cardPhotoProblem = state?.card?.photo_problem_code
    ? t(`flow.photoProblem.${state.card.photo_problem_code}`, { defaultValue: t('flow.photoProblem.DECODE_FAILED') })
    : null;
  const cameraMessage = !placement
    ? state?.lay_again
      ? t('flow.layAgain')
      : t('flow.noCard')
    : placement.removed_at !== null
      ? t('flow.removed', { n: Math.max(0, Math.ceil((placement.clear_at ?? now) - now)) })
      : placement.phase === 'reading-photo'
        ? t('flow.readingPhoto')
        : placement.phase === 'comparing'
          ? t('flow.comparing')
          : placement.phase === 'result'
            ? t('flow.done')
            : placement.phase === 'error'
              ? t('flow.error')
              : armed.current === keyOf(placement)
                ? null // the live face hint
                : t('flow.pressSpace');
  const placementError =
    placement?.phase === 'error' && placement.error
      ? placement.error.reason === 'CARD_PHOTO_UNREADABLE' && cardPhotoProblem
        ? cardPhotoProblem
        : errorText(t, new ApiError(409, placement.error.reason, placement.error.message))
      : null;

  // The camera is checked all the time except during a compare (the engine is busy then): when the
  // next card is read, a face already known to be good is captured at once.
  const active = placement?.phase !== 'comparing' && state !== null && !lost;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12, height: '100%' }}>
      <ReaderStatus state={state} lost={lost} />
      <Row gutter={12} style={{ flex: 1, minHeight: 0 }}>
        <Col span={8}>
          <CardPanel card={state?.card ?? null} photoProblem={cardPhotoProblem} />
        </Col>
        <Col span={8}>
          <CameraView ref={camera} api={api} active={active} onCheck={onCheck} message={cameraMessage} />
          {placement && placement.attempt > 1 && (
            <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: 0 }} data-testid="attempt">
              {t('flow.attempt', { n: placement.attempt })}
            </Typography.Paragraph>
          )}
        </Col>
        <Col span={8}>
          {(requestError || placementError) && (
            <Alert
              type="error"
              showIcon
              title={t('result.error')}
              description={placementError ?? requestError}
              data-testid="result-error"
              style={{ marginBottom: 8 }}
            />
          )}
          <ResultPanel
            placement={placement}
            role={role}
            onRetry={retry}
            onOverride={() => setOverrideOpen(true)}
            canOverride={canOverride}
            onPrint={print}
            onBand={decideBand}
          />
        </Col>
      </Row>
      <Modal
        open={overrideOpen && canOverride}
        title={t('result.override')}
        okButtonProps={{ disabled: reason.trim().length < 3, 'data-testid': 'override-ok' } as never}
        onCancel={() => setOverrideOpen(false)}
        onOk={async () => {
          if (!result) return;
          try {
            await api.override({ event_id: result.event_id, reason: reason.trim() });
            setOverrideOpen(false);
            setReason('');
          } catch (e) {
            void message.error(errorText(t, e));
          }
        }}
      >
        {result && (
          <Typography.Paragraph>
            {t('verdict.automatic', { decision: t(`verdict.${verdictKey(result)}`) })} →{' '}
            <strong>
              {t('verdict.overrideTo', { decision: t(result.review.final === 'pass' ? 'verdict.manualFail' : 'verdict.manualPass') })}
            </strong>
          </Typography.Paragraph>
        )}
        <NoteArea
          autoFocus
          label={t('result.reason')}
          value={reason}
          onText={setReason}
          maxLength={500}
          rows={3}
          data-testid="override-reason"
        />
      </Modal>
    </div>
  );
}
