// antd's date pickers format with dayjs: its locale follows the UI language (month and weekday
// names in Chinese for zh-CN), set once per change of language.
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export function useDayjsLocale(): void {
  const { i18n } = useTranslation();
  useEffect(() => void dayjs.locale(i18n.language === 'en' ? 'en' : 'zh-cn'), [i18n.language]);
}
