// The administrator's Users screen: every user with role, state (active, disabled, locked, must
// change password) and last sign-in; add a user; change a role; disable and re-enable; reset a
// password (the user must change it at the next sign-in); unlock. Refusals (the last active
// administrator, a weak password) are shown in the screen's language.
import { Alert, App as AntApp, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SophonApi, UserView } from '../api/sophon-api.js';
import type { Role } from '../api/sophon-api.js';
import { formatDateTime } from '../i18n/format.js';
import { errorText, roleText } from '../i18n/labels.js';
import { NewPasswordItems } from './NewPasswordItems.js';

const ROLES: Role[] = ['clerk', 'supervisor', 'admin'];
// antd's preset tag colours are below WCAG AA contrast at tag size: darker text on the same tints.
const TAG = {
  ok: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  off: { color: '#434343', background: '#f5f5f5', borderColor: '#d9d9d9' },
  bad: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  warn: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
};

export function UsersPage({ api }: { api: SophonApi }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<UserView | null>(null);
  const [addForm] = Form.useForm<{ username: string; role: Role; password: string }>();
  const [resetForm] = Form.useForm<{ password: string }>();

  const load = useCallback(
    () =>
      api.users().then(
        (r) => setUsers(r.users),
        (e) => setError(errorText(t, e)),
      ),
    [api, t],
  );
  useEffect(() => void load(), [load]);

  /** Runs a change; on success reloads the list, on refusal says why. */
  const act = async (run: () => Promise<unknown>, done?: string) => {
    setError(null);
    try {
      await run();
      void message.success(done ?? t('users.saved'));
      await load();
      return true;
    } catch (e) {
      setError(errorText(t, e));
      return false;
    }
  };

  const status = (u: UserView) => (
    <Space size={4} wrap>
      {u.disabled ? <Tag style={TAG.off}>{t('users.disabled')}</Tag> : <Tag style={TAG.ok}>{t('users.active')}</Tag>}
      {u.locked_until && <Tag style={TAG.bad}>{t('users.locked', { until: formatDateTime(u.locked_until) })}</Tag>}
      {u.must_change_password && <Tag style={TAG.warn}>{t('users.mustChange')}</Tag>}
    </Space>
  );

  return (
    <div data-testid="users-page">
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setAdding(true)} data-testid="user-add">
          {t('users.add')}
        </Button>
      </Space>
      {error && (
        <Alert
          type="error"
          showIcon
          title={<span data-testid="users-error">{error}</span>}
          closable
          onClose={() => setError(null)}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table<UserView>
        rowKey="id"
        loading={users === null}
        dataSource={users ?? []}
        pagination={false}
        size="middle"
        onRow={(u) => ({ 'data-testid': `user-row-${u.username}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          {
            title: t('users.role'),
            render: (_, u) => (
              <Select<Role>
                aria-label={`${t('users.role')} ${u.username}`}
                value={u.role}
                style={{ width: 140 }}
                options={ROLES.map((r) => ({ value: r, label: roleText(t, r) }))}
                onChange={(role) => void act(() => api.changeUser({ id: u.id, role }))}
              />
            ),
          },
          { title: t('users.status'), render: (_, u) => status(u) },
          { title: t('users.lastLogin'), render: (_, u) => (u.last_login_at ? formatDateTime(u.last_login_at) : t('users.never')) },
          {
            title: t('users.actions'),
            render: (_, u) => (
              <Space wrap>
                {u.disabled ? (
                  <Button size="small" onClick={() => void act(() => api.changeUser({ id: u.id, disabled: false }))}>
                    {t('users.enable')}
                  </Button>
                ) : (
                  <Popconfirm
                    title={t('users.confirmDisable', { username: u.username })}
                    onConfirm={() => void act(() => api.changeUser({ id: u.id, disabled: true }))}
                    okText={t('users.disable')}
                    cancelText={t('users.cancel')}
                  >
                    <Button size="small" style={{ color: TAG.bad.color, borderColor: TAG.bad.borderColor }}>
                      {t('users.disable')}
                    </Button>
                  </Popconfirm>
                )}
                <Button size="small" onClick={() => setResetting(u)}>
                  {t('users.reset')}
                </Button>
                {u.locked_until && (
                  <Button size="small" onClick={() => void act(() => api.unlockUser({ id: u.id }))}>
                    {t('users.unlock')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={adding}
        title={t('users.add')}
        okText={t('users.create')}
        cancelText={t('users.cancel')}
        onCancel={() => setAdding(false)}
        onOk={() => addForm.submit()}
        destroyOnHidden
      >
        <Form
          form={addForm}
          layout="vertical"
          initialValues={{ role: 'clerk' }}
          onFinish={async (v) => {
            if (await act(() => api.createUser({ username: v.username.trim(), role: v.role, password: v.password }))) {
              setAdding(false);
              addForm.resetFields();
            }
          }}
        >
          <Form.Item label={t('users.username')} name="username" rules={[{ required: true, message: t('errors.BAD_USERNAME') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item label={t('users.role')} name="role">
            <Select options={ROLES.map((r) => ({ value: r, label: roleText(t, r) }))} />
          </Form.Item>
          <NewPasswordItems label={t('users.password')} />
        </Form>
      </Modal>
      <Modal
        open={resetting !== null}
        title={resetting ? t('users.resetTitle', { username: resetting.username }) : ''}
        okText={t('users.reset')}
        cancelText={t('users.cancel')}
        onCancel={() => setResetting(null)}
        onOk={() => resetForm.submit()}
        destroyOnHidden
      >
        <Form
          form={resetForm}
          layout="vertical"
          onFinish={async (v) => {
            const u = resetting!;
            if (await act(() => api.resetPassword({ id: u.id, password: v.password }), t('users.resetDone', { username: u.username }))) {
              setResetting(null);
              resetForm.resetFields();
            }
          }}
        >
          <NewPasswordItems label={t('users.newPassword')} />
        </Form>
      </Modal>
    </div>
  );
}
