// A compare event to save in a test store: an API check with real photos and a resident's identity.
import type { NewCompareEvent } from '../../main/store/events.js';
import { faceBytes } from './faces.js';

export const compareEvent = (over: Partial<NewCompareEvent> = {}): NewCompareEvent => ({
  compareTime: 1764000000.5,
  source: 'api',
  identity: { user_idcard: '11010519491231002X', user_name: '张三', user_address: '北京市东城区', card_type: '0' },
  cardPhoto: faceBytes('dev/p01/img10.jpg'),
  livePhoto: faceBytes('dev/p01/img11.jpg'),
  score: 0.31,
  threshold: 0.225,
  decision: true,
  timings: { total_ms: 31 },
  modelId: 'faceplugin-test',
  ...over,
});
