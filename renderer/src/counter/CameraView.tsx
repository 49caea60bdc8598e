// The live camera: shows the stream with the detected face box and a plain-language hint (checked
// a few times a second by the engine), and captures a burst of JPEG frames when asked.
import { Typography } from 'antd';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FrameCheckAnswer, SophonApi } from '../api/sophon-api.js';

export interface CameraHandle {
  burst(n: number, gapMs: number): Promise<string[]>;
}

const CHECK_EVERY_MS = 120;

/** `message`: what the counter's state says instead of the face hint (no card, result shown…); null: the face hint. */
export const CameraView = forwardRef<
  CameraHandle,
  { api: SophonApi; active: boolean; onCheck: (a: FrameCheckAnswer) => void; message?: string | null }
>(function CameraView({ api, active, onCheck, message = null }, ref) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [check, setCheck] = useState<FrameCheckAnswer | null>(null);
  const onCheckRef = useRef(onCheck);
  onCheckRef.current = onCheck; // the loop below always calls the latest

  const grab = (): string | null => {
    const v = video.current;
    if (!v || !v.videoWidth) return null;
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    c.getContext('2d')!.drawImage(v, 0, 0);
    return c.toDataURL('image/jpeg', 0.9).slice('data:image/jpeg;base64,'.length);
  };

  useImperativeHandle(ref, () => ({
    async burst(n, gapMs) {
      const frames: string[] = [];
      for (let i = 0; i < n; i++) {
        const f = grab();
        if (f) frames.push(f);
        if (i < n - 1) await new Promise((r) => setTimeout(r, gapMs));
      }
      return frames;
    },
  }));

  useEffect(() => {
    let stream: MediaStream | null = null;
    navigator.mediaDevices
      ?.getUserMedia({ video: { width: 640, height: 480 }, audio: false })
      .then((s) => {
        stream = s;
        if (video.current) video.current.srcObject = s;
      })
      .catch((e: Error) => setProblem(e.message));
    if (!navigator.mediaDevices) setProblem('getUserMedia unavailable');
    return () => stream?.getTracks().forEach((tr) => tr.stop());
  }, []);

  // The live hint: one frame at a time, never more than one in flight.
  useEffect(() => {
    if (!active) return;
    let stop = false;
    const loop = async () => {
      while (!stop) {
        const f = grab();
        if (f) {
          try {
            const a = await api.checkFrame({ frame: f });
            if (stop) break;
            setCheck(a);
            onCheckRef.current(a);
          } catch {
            /* the next check retries */
          }
        }
        await new Promise((r) => setTimeout(r, CHECK_EVERY_MS));
      }
    };
    void loop();
    return () => {
      stop = true;
    };
  }, [active, api]);

  // Face box on the overlay.
  useEffect(() => {
    const c = overlay.current;
    if (!c) return;
    const g = c.getContext('2d')!;
    g.clearRect(0, 0, c.width, c.height);
    if (!active || message !== null || !check?.box) return;
    g.strokeStyle = check.hint === 'ok' ? '#52c41a' : '#faad14';
    g.lineWidth = 4;
    const b = check.box;
    g.strokeRect(b.x1 * c.width, b.y1 * c.height, (b.x2 - b.x1) * c.width, (b.y2 - b.y1) * c.height);
  }, [check, active, message]);

  return (
    <div>
      <div style={{ position: 'relative', width: '100%', aspectRatio: '4 / 3', background: '#000', borderRadius: 8, overflow: 'hidden' }}>
        <video
          ref={video}
          autoPlay
          muted
          playsInline
          aria-label={t('camera.title')}
          style={{ width: '100%', height: '100%', objectFit: 'cover' }}
        />
        <canvas ref={overlay} width={640} height={480} style={{ position: 'absolute', inset: 0, width: '100%', height: '100%' }} />
      </div>
      <Typography.Title level={4} data-testid="camera-hint" style={{ textAlign: 'center', margin: '8px 0 0' }}>
        {problem
          ? t('camera.off')
          : message !== null
            ? message
            : !active
              ? t('camera.waiting')
              : check
                ? t(`camera.hints.${check.hint}`)
                : '…'}
      </Typography.Title>
    </div>
  );
});
