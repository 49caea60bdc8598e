// antd's InputNumber (rc-input-number) writes its step buttons' aria-labels in English whatever
// the locale ("Increase Value" / "Decrease Value"): a screen reader would read English on a
// Chinese screen. This watches the document and gives them the UI language's words.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

const HARD_CODED: Record<string, 'common.increase' | 'common.decrease'> = {
  'Increase Value': 'common.increase',
  'Decrease Value': 'common.decrease',
};

export function useTranslatedAntdLabels(): void {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    const words = Object.fromEntries(Object.entries(HARD_CODED).map(([en, key]) => [en, t(key)]));
    const fix = (root: ParentNode) => {
      for (const el of Array.from(root.querySelectorAll<HTMLElement>('[aria-label="Increase Value"], [aria-label="Decrease Value"]'))) {
        el.dataset.ariaEn = el.getAttribute('aria-label')!;
        el.setAttribute('aria-label', words[el.dataset.ariaEn]!);
      }
      for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-aria-en]')))
        el.setAttribute('aria-label', words[el.dataset.ariaEn!]!);
    };
    fix(document);
    const watch = new MutationObserver(() => fix(document));
    watch.observe(document.body, { subtree: true, childList: true });
    return () => watch.disconnect();
  }, [t, i18n.language]);
}
