// The shell: sign-in, the header (title, screens for the user's role, language, sign-out) and the
// screen of the current route. The session is kept in sessionStorage, so a reload (F5) resumes it
// while the server still holds it (same 8-hour expiry); the terminal's settings give the language
// (one setting: the header's selector saves it for administrators) and the time zone.
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Select, Space, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SESSION_ENDED_EVENT, type Session, type SetupState, type SophonApi } from '../api/sophon-api.js';
import { useIdleSignOut } from './use-idle-signout.js';
import { CounterPage } from '../counter/CounterPage.js';
import { setTimeZone } from '../i18n/format.js';
import { LANGUAGES, setLanguage, urlLanguage } from '../i18n/index.js';
import { roleText } from '../i18n/labels.js';
import { FirstRunPage } from '../users/FirstRunPage.js';
import { PasswordPage } from '../users/PasswordPage.js';
import { useTranslatedAntdLabels } from './antd-aria.js';
import { LoginPage } from './LoginPage.js';
import { useHashRoute } from './use-hash-route.js';

// Supervisor screens and the receipt load on demand: the counter starts with a smaller bundle.
const ReceiptPage = lazy(async () => ({ default: (await import('../receipt/ReceiptPage.js')).ReceiptPage }));
const EventsPage = lazy(async () => ({ default: (await import('../review/EventsPage.js')).EventsPage }));
const DashboardPage = lazy(async () => ({ default: (await import('../review/DashboardPage.js')).DashboardPage }));
const SettingsPage = lazy(async () => ({ default: (await import('../settings/SettingsPage.js')).SettingsPage }));
const AuditPage = lazy(async () => ({ default: (await import('../review/AuditPage.js')).AuditPage }));
const UsersPage = lazy(async () => ({ default: (await import('../users/UsersPage.js')).UsersPage }));

// Contrast that meets WCAG AA (4.5:1) everywhere: a darker primary and secondary text than antd's defaults.
const HEADER_SELECT_THEME = { token: { colorBgContainerDisabled: '#e6e6e6', colorTextDisabled: '#4a4a4a' } };

const THEME = {
  token: {
    fontSize: 15,
    colorPrimary: '#0958d9',
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#6b6b6b',
  },
};

const SESSION_KEY = 'sophon.session';
function storedSession(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    return s && typeof s.token === 'string' && (!s.expiresAt || s.expiresAt * 1000 > Date.now()) ? s : null;
  } catch {
    return null;
  }
}

export function App({ api }: { api: SophonApi }) {
  const { t, i18n } = useTranslation();
  useTranslatedAntdLabels();
  const [session, setSessionState] = useState<Session | null>(null);
  const [resuming, setResuming] = useState(() => storedSession() !== null);
  const [endedNotice, setEndedNotice] = useState(false);
  const [, setZoneVersion] = useState(0);
  const [route, go] = useHashRoute();
  const setSession = useCallback((s: Session | null) => {
    if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(SESSION_KEY);
    setSessionState(s);
  }, []);

  // The session ended on the server while a screen was open: back to the sign-in, saying why.
  useEffect(() => {
    const ended = () => {
      if (!storedSession() && !sessionStorage.getItem(SESSION_KEY)) return;
      setSession(null);
      setEndedNotice(true);
    };
    window.addEventListener(SESSION_ENDED_EVENT, ended);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, ended);
  }, [setSession]);

  // No input for the counter's idle time: signed out (the server clears the counter's customer with it).
  useIdleSignOut(api, session !== null, () => {
    void api.logout();
    setSession(null);
  });

  // A reload: the stored session, if the server still knows it.
  useEffect(() => {
    const stored = storedSession();
    if (!stored) return;
    api
      .resume(stored)
      .then(
        (s) => setSession(s),
        () => setSession(null),
      )
      .finally(() => setResuming(false));
  }, [api, setSession]);

  // The terminal's settings: time zone and language (the address's ?lang= wins, for support and tests).
  useEffect(() => {
    if (!session) return;
    void api.settings().then(
      (s) => {
        if (s.timeZone) setTimeZone(s.timeZone);
        setZoneVersion((v) => v + 1);
        if (!urlLanguage && s.language !== i18n.language) setLanguage(s.language);
      },
      () => {},
    );
  }, [api, session, i18n]);

  // User administration, the first run (no user yet: create the first administrator, on this
  // machine only) and a password an administrator reset (changed before anything else).
  const [setup, setSetup] = useState<SetupState | null>(null);
  const [mustChange, setMustChange] = useState(false);
  useEffect(() => {
    if (session) return;
    void api.setupState().then(setSetup, () => setSetup(null));
  }, [api, session]);
  useEffect(() => {
    if (!session) return setMustChange(false);
    void api.account().then(
      (a) => setMustChange(a.must_change_password),
      () => {},
    );
  }, [api, session]);

  const chooseLanguage = (code: string) => {
    setLanguage(code);
    if (session?.role === 'admin') void api.saveSettings({ language: code as 'zh-CN' | 'en' }).catch(() => {});
  };
  const screen = route[0] ?? 'counter';
  const supervisor = session?.role === 'supervisor' || session?.role === 'admin';

  const body = resuming ? null : !session ? (
    setup?.needed ? (
      <FirstRunPage api={api} allowed={setup.allowed} onDone={() => setSetup({ ...setup, needed: false })} />
    ) : (
      <LoginPage api={api} onSession={(s) => (setEndedNotice(false), setSession(s))} notice={endedNotice ? t('login.expired') : null} />
    )
  ) : mustChange ? (
    <PasswordPage api={api} forced onDone={() => setMustChange(false)} />
  ) : screen === 'account' ? (
    <PasswordPage api={api} forced={false} onDone={() => go('counter')} />
  ) : screen === 'users' && session.role === 'admin' ? (
    <UsersPage api={api} />
  ) : screen === 'receipt' && route[1] ? (
    <ReceiptPage api={api} eventId={route[1]} onBack={() => go('counter')} followCounter={session.role === 'clerk'} />
  ) : screen === 'events' && supervisor ? (
    <EventsPage api={api} />
  ) : screen === 'dashboard' && supervisor ? (
    <DashboardPage api={api} />
  ) : screen === 'settings' ? (
    <SettingsPage api={api} canEdit={session.role === 'admin'} />
  ) : screen === 'audit' && session.role === 'admin' ? (
    <AuditPage api={api} />
  ) : (
    <CounterPage
      api={api}
      operator={session.username}
      role={session.role}
      onReceipt={(id) => go(`receipt/${id}`)}
      onSignedOut={() => setSession(null)}
    />
  );

  const items = [
    { key: 'counter', label: t('app.counter') },
    ...(supervisor
      ? [
          { key: 'events', label: t('app.events') },
          { key: 'dashboard', label: t('app.dashboard') },
        ]
      : []),
    ...(session?.role === 'admin'
      ? [
          { key: 'audit', label: t('app.audit') },
          { key: 'users', label: t('users.title') },
        ]
      : []),
    ...(session ? [{ key: 'settings', label: t('app.settings') }] : []),
  ];

  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={THEME}>
      <AntApp>
        <Layout style={{ height: '100vh' }}>
          {screen !== 'receipt' && (
            <Layout.Header className="no-print" style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16 }}>
              <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
                {t('app.title')}
              </Typography.Title>
              {session && (
                <Menu
                  theme="dark"
                  mode="horizontal"
                  selectedKeys={[screen]}
                  items={items}
                  onClick={(e) => go(e.key)}
                  style={{ flex: 1, minWidth: 0 }}
                />
              )}
              <Space style={{ marginLeft: 'auto' }}>
                {/* Readable on the dark header also when disabled (only an administrator changes the language). */}
                <ConfigProvider theme={HEADER_SELECT_THEME}>
                  <Select
                    aria-label={t('app.language')}
                    value={i18n.language}
                    onChange={chooseLanguage}
                    disabled={Boolean(session) && session?.role !== 'admin'}
                    title={session && session.role !== 'admin' ? t('app.languageAdminOnly') : undefined}
                    options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
                    style={{ width: 120 }}
                  />
                </ConfigProvider>
                {session && (
                  <Button onClick={() => go('account')} data-testid="account-password">
                    {t('account.change')}
                  </Button>
                )}
                {session && (
                  <Button
                    onClick={() => {
                      void api.logout();
                      setSession(null);
                    }}
                  >
                    {session.username} · {roleText(t, session.role)} · {t('app.logout')}
                  </Button>
                )}
              </Space>
            </Layout.Header>
          )}
          <Layout.Content style={{ padding: 12, overflow: 'auto' }}>
            <Suspense fallback={null}>{body}</Suspense>
          </Layout.Content>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}
