// 简体中文（默认语言）。Every other language has the same keys (type Strings).
export const zhCN = {
  app: { title: 'SophonMatch 人证核验', counter: '柜台核验', events: '核验记录', dashboard: '统计', audit: '审计日志', settings: '设置', logout: '退出', language: '语言', offline: '与服务的连接已断开，正在重连…' },
  login: { title: '登录', username: '用户名', password: '密码', submit: '登录', failed: '登录失败' },
  reader: {
    'no-reader': '未找到身份证读卡器：请检查 USB 线。',
    idle: '请将身份证放在读卡器上。',
    'card-present': '已读卡。请在下一位客户前取走证件。',
    reading: '正在读卡…请勿移动证件。',
    error: '读卡器报告错误：请重新放置证件。',
    label: '读卡器',
  },
  card: { title: '身份证', none: '尚未读卡', name: '姓名', sex: '性别', nation: '民族', birth: '出生日期', id: '公民身份号码', validity: '有效期限', expired: '已过期', type: '证件类型', types: { resident: '居民身份证', foreigner: '外国人永久居留身份证', hmt: '港澳台居民居住证' }, invalidNumber: '校验位错误', photoMissing: '无法显示芯片照片' },
  camera: { title: '摄像头', off: '摄像头不可用', capture: '拍照（空格）', waiting: '等待读卡', hints: { ok: '请保持不动…', 'no-face': '未检测到人脸：请看摄像头', 'move-closer': '请靠近一些', 'face-camera': '请正对摄像头', 'too-dark': '光线太暗', 'too-bright': '光线太亮', 'hold-still': '请保持不动', 'open-eyes': '请睁开眼睛' } },
  result: { title: '核验结果', pass: '人证一致', fail: '人证不一致', comparing: '正在比对…', score: '相似度', threshold: '阈值', retry: '重新核验（R）', override: '人工改判（O）', print: '打印凭条（P）', reason: '改判原因', overridden: '改判已记录', cardPhoto: '证件照片', livePhoto: '现场照片', error: '比对失败' },
  receipt: { title: '人证核验凭条', time: '时间', terminal: '终端', operator: '操作员', name: '姓名', id: '证件号码', result: '结果', score: '相似度 / 阈值', event: '记录编号', hash: '校验哈希', print: '打印 / 另存为 PDF', back: '返回' },
  events: { title: '核验记录', total: '共 {{count}} 条', time: '时间', name: '姓名', id: '证件号码', score: '相似度', decision: '结果', review: '复核', source: '来源', operator: '操作员', more: '加载更多', export: '导出 CSV', filters: { decision: '结果', review: '复核状态', source: '来源', idNumber: '证件号码（精确）', namePrefix: '姓名开头', apply: '查询', reset: '重置' }, pass: '通过', fail: '不通过', states: { unreviewed: '未复核', confirmed: '已确认', overridden: '已改判' } },
  detail: { measures: '质量指标', audit: '审计记录', title: '记录详情', timings: '耗时（毫秒）', reviews: '复核记录', confirm: '确认', override: '改判', comment: '备注', none: '暂无复核', purged: '照片已按保留期限清除' },
  dashboard: { title: '统计', checks: '每日核验次数', passRate: '通过率', histogram: '相似度分布' },
  audit: { title: '审计日志', at: '时间', actor: '操作人', action: '操作', target: '对象' },
  settings: { diagnostics: '复制诊断信息', diagnosticsCopied: '诊断信息已复制（不含个人信息）', title: '设置', adminOnly: '只有管理员可以修改设置。', saved: '设置已保存', restart: '以下设置在重新启动后生效：{{fields}}', reader: '读卡器', readerPort: '串口', readerBaud: '波特率', readerPollMs: '寻卡间隔', readerPollMsHelp: '多久询问一次读卡器是否有卡。间隔越短，出卡越快，空闲时占用 CPU 越多（80 毫秒：低于单核的 1%）。', readerPortHelp: '设备路径（如 /dev/ttyUSB0、COM3），auto 自动检测，none 不使用读卡器', detect: '检测', camera: '摄像头', decision: '核验', threshold: '阈值等级', thresholdHelp: '等级越高，误识越少，拒识越多', quality: '照片质量等级', terminal: '终端名称', retention: '保留期限', photoDays: '照片保留天数', personalDays: '个人信息保留天数', api: 'API 服务', apiEnabled: '启用 API 服务', apiPort: '端口', apiToken: '访问令牌（至少 16 个字符）', tokenSet: '已设置令牌；留空则不修改', tokenNone: '未设置令牌：仅本机可访问', display: '显示', kiosk: '自助终端模式', save: '保存', levels: { no: '不检查', low: '低', middle: '中', high: '高' } },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Strings = Widen<typeof zhCN>;
