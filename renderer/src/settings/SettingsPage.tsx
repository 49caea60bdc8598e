// The terminal's settings: reader port (with "detect"), baud rate and poll interval, camera with preview, threshold and quality
// levels, retention, the API server, language, kiosk mode. The server validates the whole form;
// each refused field shows its message next to it. Nothing is clamped: a value out of range is
// refused as typed (checked here with the server's own schema, then by the server).
import { Alert, App as AntApp, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Settings, type ShownSettings, type SophonApi } from '../api/sophon-api.js';
import { setLanguage } from '../i18n/index.js';
import { BAUD_RATES, POLL_MS_MAX, POLL_MS_MIN } from '../../../main/contracts/reader-line.js';
import { SettingsPatchSchema } from '../../../main/contracts/settings.js';

/** The zones a terminal in China, Hong Kong, Macao or Taiwan would use first, then every zone Intl knows. */
const TIME_ZONES = [
  ...new Set([
    'Asia/Shanghai',
    'Asia/Urumqi',
    'Asia/Hong_Kong',
    'Asia/Macau',
    'Asia/Taipei',
    'UTC',
    ...(Intl.supportedValuesOf?.('timeZone') ?? []),
  ]),
];

/** Asia/Shanghai（中国标准时间）: the zone's id and its name in the UI language. */
function zoneLabel(zone: string, language: string): string {
  try {
    const name = new Intl.DateTimeFormat(language === 'en' ? 'en' : 'zh-CN', { timeZone: zone, timeZoneName: 'longGeneric' })
      .formatToParts(0)
      .find((p) => p.type === 'timeZoneName')?.value;
    return name ? `${zone}（${name}）` : zone;
  } catch {
    return zone;
  }
}

type FormValues = Omit<ShownSettings, 'apiTokenSet' | 'apiToken' | 'backupPassphrase'> & { apiToken?: string; backupPassphrase?: string };
/** A number field across its card. */
const numberItem = (label: string, name: keyof FormValues) => (
  <Form.Item label={label} name={name}>
    <InputNumber style={{ width: '100%' }} />
  </Form.Item>
);
/** A secret's field: left empty it keeps the secret; `extra` says whether one is set. */
const secretItem = (label: string, name: keyof FormValues, extra: string) => (
  <Form.Item label={label} name={name} extra={extra}>
    <Input.Password autoComplete="new-password" />
  </Form.Item>
);

function CameraPreview({ deviceId }: { deviceId: string | null }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    let stream: MediaStream | null = null;
    navigator.mediaDevices
      ?.getUserMedia({ video: deviceId ? { deviceId: { exact: deviceId } } : true })
      .then((s) => {
        stream = s;
        if (video.current) video.current.srcObject = s;
      })
      .catch(() => {});
    return () => stream?.getTracks().forEach((t) => t.stop());
  }, [deviceId]);
  return (
    <video
      ref={video}
      autoPlay
      muted
      playsInline
      aria-label={t('settings.cameraPreview')}
      style={{ width: 240, height: 180, background: '#000', borderRadius: 6 }}
    />
  );
}

export function SettingsPage({ api, canEdit }: { api: SophonApi; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const [loaded, setLoaded] = useState<ShownSettings | null>(null);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [ports, setPorts] = useState<string[]>([]);
  const [restart, setRestart] = useState<string[]>([]);
  const cameraId = Form.useWatch('cameraDeviceId', form) ?? null;
  // The port the reader service holds now (the counter's state): a change of port shows at once.
  const [portInUse, setPortInUse] = useState<string | null | undefined>(undefined);
  useEffect(
    () =>
      api.watchCounter(
        (s) => setPortInUse(s.reader.port),
        () => {},
      ),
    [api],
  );

  useEffect(() => {
    void api.settings().then((s) => {
      setLoaded(s);
      form.setFieldsValue({ ...s, apiToken: undefined, backupPassphrase: undefined });
    });
    void navigator.mediaDevices?.enumerateDevices().then((d) => setCameras(d.filter((x) => x.kind === 'videoinput')));
  }, [api, form]);

  const save = async (v: FormValues) => {
    const patch: Partial<Settings> = { ...v, apiToken: v.apiToken ? v.apiToken : undefined };
    if (!v.apiToken) delete patch.apiToken;
    if (v.backupPassphrase) patch.backupPassphrase = v.backupPassphrase;
    else delete patch.backupPassphrase;
    if (patch.backupDir === '') patch.backupDir = null;
    form.setFields(Object.keys(v).map((name) => ({ name: name as keyof FormValues, errors: [] })));
    const refuse = (fields: Record<string, string>) =>
      form.setFields(
        Object.entries(fields).map(([name, msg]) => ({
          name: name as keyof FormValues,
          errors: [t(`settingsInvalid.${name}`, { defaultValue: msg, min: POLL_MS_MIN, max: POLL_MS_MAX })],
        })),
      );
    const checked = SettingsPatchSchema.safeParse(patch);
    if (!checked.success) {
      const fields: Record<string, string> = {};
      for (const i of checked.error.issues) fields[String(i.path[0] ?? 'settings')] ??= i.message;
      refuse(fields);
      return;
    }
    try {
      const r = await api.saveSettings(patch);
      setLoaded(r.settings);
      setRestart(r.restart_required);
      setLanguage(r.settings.language);
      void message.success(t('settings.saved'));
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fields).length) refuse(e.fields);
      else void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  if (!loaded) return null;
  return (
    <div data-testid="settings-form">
      <Form form={form} layout="vertical" disabled={!canEdit} onFinish={(v) => void save(v)}>
        {!canEdit && <Alert type="info" showIcon title={t('settings.adminOnly')} style={{ marginBottom: 12 }} />}
        {restart.length > 0 && (
          <Alert type="warning" showIcon title={t('settings.restart', { fields: restart.join(', ') })} style={{ marginBottom: 12 }} />
        )}
        <Row gutter={12}>
          <Col span={8}>
            <Card title={t('settings.reader')} size="small">
              <Form.Item label={t('settings.readerPort')} name="readerPort" extra={t('settings.readerPortHelp')}>
                <Input list="reader-ports" />
              </Form.Item>
              <datalist id="reader-ports">
                {['auto', 'none', ...ports].map((p) => (
                  <option key={p} value={p} />
                ))}
              </datalist>
              {portInUse !== undefined && (
                <div data-testid="reader-in-use" style={{ marginBottom: 8 }}>
                  {portInUse ? t('readerInUse.port', { port: portInUse }) : t('readerInUse.none')}
                </div>
              )}
              <Button onClick={() => void api.readerPorts().then((r) => setPorts(r.ports))}>{t('settings.detect')}</Button>
              {ports.length > 0 && <div style={{ marginTop: 6 }}>{ports.join(', ')}</div>}
              <Row gutter={8} style={{ marginTop: 12 }}>
                <Col span={12}>
                  <Form.Item label={t('settings.readerBaud')} name="readerBaud">
                    <Select options={BAUD_RATES.map((b) => ({ value: b, label: String(b) }))} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item label={t('settings.readerPollMs')} name="readerPollMs" tooltip={t('settings.readerPollMsHelp')}>
                    <InputNumber step={10} suffix={t('settings.msUnit')} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
            <Card title={t('settings.camera')} size="small" style={{ marginTop: 12 }}>
              <Form.Item label={t('settings.camera')} name="cameraDeviceId">
                <Select allowClear options={cameras.map((c, i) => ({ value: c.deviceId, label: c.label || `camera ${i + 1}` }))} />
              </Form.Item>
              <CameraPreview deviceId={cameraId} />
            </Card>
          </Col>
          <Col span={8}>
            <Card title={t('settings.decision')} size="small">
              <Form.Item label={t('settings.threshold')} name="threshold" extra={t('settings.thresholdHelp')}>
                <Select options={(['low', 'middle', 'high'] as const).map((v) => ({ value: v, label: t(`settings.levels.${v}`) }))} />
              </Form.Item>
              <Form.Item label={t('settings.quality')} name="quality">
                <Select options={(['no', 'low', 'middle', 'high'] as const).map((v) => ({ value: v, label: t(`settings.levels.${v}`) }))} />
              </Form.Item>
              <Form.Item
                label={t('counterSettings.reviewBand')}
                name="reviewBand"
                valuePropName="checked"
                tooltip={t('counterSettings.reviewBandHelp')}
              >
                <Switch />
              </Form.Item>
              {(
                [
                  ['resultHoldSeconds', 'resultHoldHelp', 'seconds'],
                  ['counterIdleMinutes', 'counterIdleHelp', 'minutes'],
                ] as const
              ).map(([name, help, unit]) => (
                <Form.Item key={name} label={t(`counterSettings.${name}`)} name={name} tooltip={t(`counterSettings.${help}`)}>
                  <InputNumber suffix={t(`counterSettings.${unit}`)} style={{ width: '100%' }} />
                </Form.Item>
              ))}
              <Form.Item label={t('settings.branch')} name="branchName" extra={t('settings.branchHelp')}>
                <Input maxLength={128} />
              </Form.Item>
              <Form.Item label={t('settings.timeZone')} name="timeZone" extra={t('settings.timeZoneHelp')}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={TIME_ZONES.map((z) => ({ value: z, label: zoneLabel(z, i18n.language) }))}
                />
              </Form.Item>
              <Form.Item label={t('settings.terminal')} name="terminalId">
                <Input maxLength={128} />
              </Form.Item>
            </Card>
            <Card title={t('settings.retention')} size="small" style={{ marginTop: 12 }}>
              {numberItem(t('settings.photoDays'), 'photoDays')}
              {numberItem(t('settings.personalDays'), 'personalDays')}
            </Card>
          </Col>
          <Col span={8}>
            <Card title={t('settings.api')} size="small">
              <Form.Item label={t('settings.apiEnabled')} name="apiEnabled" valuePropName="checked">
                <Switch />
              </Form.Item>
              {numberItem(t('settings.apiPort'), 'apiPort')}
              {secretItem(t('settings.apiToken'), 'apiToken', loaded.apiTokenSet ? t('settings.tokenSet') : t('settings.tokenNone'))}
            </Card>
            <Card title={t('backupSettings.title')} size="small" style={{ marginTop: 12 }} data-testid="backup-settings">
              <Form.Item label={t('backupSettings.daily')} name="backupDaily" valuePropName="checked" extra={t('backupSettings.help')}>
                <Switch />
              </Form.Item>
              {numberItem(t('backupSettings.keep'), 'backupKeep')}
              <Form.Item label={t('backupSettings.dir')} name="backupDir" extra={t('backupSettings.dirHelp')}>
                <Input />
              </Form.Item>
              {secretItem(
                t('backupSettings.passphrase'),
                'backupPassphrase',
                t(loaded.backupPassphraseSet ? 'backupSettings.passphraseSet' : 'backupSettings.passphraseNone'),
              )}
            </Card>
            <Card title={t('settings.display')} size="small" style={{ marginTop: 12 }}>
              <Form.Item label={t('app.language')} name="language">
                <Select
                  options={[
                    { value: 'zh-CN', label: '简体中文' },
                    { value: 'en', label: 'English' },
                  ]}
                />
              </Form.Item>
              <Form.Item label={t('settings.kiosk')} name="kiosk" valuePropName="checked">
                <Switch />
              </Form.Item>
            </Card>
            <Space style={{ marginTop: 12 }}>
              <Button type="primary" htmlType="submit" data-testid="settings-save">
                {t('settings.save')}
              </Button>
              <Button
                disabled={false}
                onClick={async () => {
                  const text = JSON.stringify(await api.diagnostics(), null, 2);
                  await navigator.clipboard?.writeText(text).catch(() => {});
                  void message.info(t('settings.diagnosticsCopied'));
                }}
              >
                {t('settings.diagnostics')}
              </Button>
            </Space>
          </Col>
        </Row>
      </Form>
    </div>
  );
}
