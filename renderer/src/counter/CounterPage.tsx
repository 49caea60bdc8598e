// The clerk's counter: reader status, the card read, the live camera with its hint, and the result.
// Capture is automatic once the face is good (or Space); R retries, O overrides, P prints.
import { App as AntApp, Col, Input, Modal, Row } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type CounterState, type FrameCheckAnswer, type SophonApi } from '../api/sophon-api.js';
import { CameraView, type CameraHandle } from './CameraView.js';
import { CardPanel } from './CardPanel.js';
import { ReaderStatus } from './ReaderStatus.js';
import { ResultPanel, type Outcome } from './ResultPanel.js';

const GOOD_CHECKS_BEFORE_CAPTURE = 1;

export function CounterPage({ api, operator, onReceipt }: { api: SophonApi; operator: string; onReceipt: (eventId: string) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [state, setState] = useState<CounterState | null>(null);
  const [lost, setLost] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [overrideOpen, setOverrideOpen] = useState(false);
  const [reason, setReason] = useState('');
  const camera = useRef<CameraHandle>(null);
  const goodChecks = useRef(0);
  const cardAt = useRef<number | null>(null);
  const newCard = useRef(false);
  void operator;

  useEffect(
    () =>
      api.watchCounter(
        (s) => {
          setLost(false);
          setState(s);
          // A new card starts a new check.
          if (s.card && s.card.read_at !== cardAt.current) {
            cardAt.current = s.card.read_at;
            setOutcome({ kind: 'idle' });
            newCard.current = true;
          }
        },
        () => setLost(true),
      ),
    [api],
  );

  const capture = useCallback(async () => {
    if (!camera.current || !state?.card) return;
    setOutcome({ kind: 'comparing' });
    const frames = await camera.current.burst(1, 0); // the face was just checked good: one frame keeps the compare fast
    try {
      setOutcome({ kind: 'done', result: await api.compare(frames), overridden: false });
    } catch (e) {
      setOutcome({ kind: 'error', message: e instanceof ApiError ? e.message : String(e) });
    }
  }, [api, state?.card]);

  // The camera is checked before the card arrives too: a person already facing the camera is
  // captured the moment their card is read.
  const onCheck = useCallback(
    (a: FrameCheckAnswer) => {
      goodChecks.current = a.hint === 'ok' ? goodChecks.current + 1 : 0;
      if (goodChecks.current >= GOOD_CHECKS_BEFORE_CAPTURE && state?.card && outcome.kind === 'idle') void capture();
    },
    [capture, outcome.kind, state?.card],
  );
  useEffect(() => {
    if (newCard.current && state?.card && outcome.kind === 'idle' && goodChecks.current >= GOOD_CHECKS_BEFORE_CAPTURE) {
      newCard.current = false;
      void capture();
    }
  }, [state?.card, outcome.kind, capture]);

  const retry = () => {
    goodChecks.current = 0;
    newCard.current = false;
    setOutcome({ kind: 'idle' });
  };
  const print = () => outcome.kind === 'done' && onReceipt(outcome.result.event_id);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (overrideOpen || (e.target instanceof HTMLElement && ['INPUT', 'TEXTAREA'].includes(e.target.tagName))) return;
      if (e.key === ' ' && outcome.kind === 'idle') (e.preventDefault(), void capture());
      else if (e.key.toLowerCase() === 'r') retry();
      else if (e.key.toLowerCase() === 'o' && outcome.kind === 'done') setOverrideOpen(true);
      else if (e.key.toLowerCase() === 'p') print();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // The camera is checked all the time except during a compare (the engine is busy then): when the
  // next card is read, a face already known to be good is captured at once.
  const active = outcome.kind !== 'comparing' && state !== null && !lost;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12, height: '100%' }}>
      <ReaderStatus state={state} lost={lost} />
      <Row gutter={12} style={{ flex: 1, minHeight: 0 }}>
        <Col span={8}>
          <CardPanel card={state?.card ?? null} />
        </Col>
        <Col span={8}>
          <CameraView ref={camera} api={api} active={active} onCheck={onCheck} />
        </Col>
        <Col span={8}>
          <ResultPanel outcome={outcome} onRetry={retry} onOverride={() => setOverrideOpen(true)} onPrint={print} />
        </Col>
      </Row>
      <Modal
        open={overrideOpen}
        title={t('result.override')}
        okButtonProps={{ disabled: reason.trim().length < 3 }}
        onCancel={() => setOverrideOpen(false)}
        onOk={async () => {
          if (outcome.kind !== 'done') return;
          try {
            await api.override(outcome.result.event_id, reason.trim());
            setOutcome({ ...outcome, overridden: true });
            setOverrideOpen(false);
            setReason('');
          } catch (e) {
            void message.error(e instanceof Error ? e.message : String(e));
          }
        }}
      >
        <Input.TextArea autoFocus aria-label={t('result.reason')} placeholder={t('result.reason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={3} />
      </Modal>
    </div>
  );
}
