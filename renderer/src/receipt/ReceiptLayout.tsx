// The receipt's paper: an 80 mm roll (the counter's thermal printer) or A4, chosen on the receipt
// screen and remembered on this terminal; the print dialog and "save as PDF" get the page size of
// the layout (@page), and the header names the branch (the branchName setting) when one is set.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SophonApi } from '../api/sophon-api.js';

export const LAYOUTS = ['roll80', 'a4'] as const;
export type ReceiptLayout = (typeof LAYOUTS)[number];
const KEY = 'sophon.receiptLayout';
/**
 * The page of each layout as a CSS @page rule. A roll has no fixed length (and `size: 80mm auto` is
 * not valid CSS, so a browser would fall back to Letter): its page is as long as the receipt.
 */
export function pageRule(layout: ReceiptLayout, receiptHeightPx: number): string {
  if (layout === 'a4') return '@page { size: A4 portrait; margin: 15mm; }';
  const mm = Math.max(60, Math.ceil((receiptHeightPx * 25.4) / 96) + 8);
  return `@page { size: 80mm ${mm}mm; margin: 2mm; }`;
}

/** The layout chosen on this terminal, and its @page rule kept as the document's last (it wins over the stylesheet's). */
export function useReceiptLayout(ready: boolean): [ReceiptLayout, (l: ReceiptLayout) => void] {
  const [layout, setLayout] = useState<ReceiptLayout>(() => {
    const saved = localStorage.getItem(KEY);
    return (LAYOUTS as readonly string[]).includes(saved ?? '') ? (saved as ReceiptLayout) : 'roll80';
  });
  useEffect(() => {
    const style = document.createElement('style');
    style.dataset.receiptPage = layout;
    document.head.appendChild(style);
    const el = document.querySelector<HTMLElement>('[data-testid=receipt]');
    const update = () => void (style.textContent = pageRule(layout, el?.getBoundingClientRect().height ?? 0));
    update();
    const resized = new ResizeObserver(update); // photos decode after the first paint
    if (el) resized.observe(el);
    return () => {
      resized.disconnect();
      style.remove();
    };
  }, [layout, ready]);
  return [
    layout,
    (l) => {
      localStorage.setItem(KEY, l);
      setLayout(l);
    },
  ];
}

export function LayoutSelect({ value, onChange }: { value: ReceiptLayout; onChange: (l: ReceiptLayout) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      aria-label={t('receipt.layout')}
      data-testid="receipt-layout"
      value={value}
      onChange={onChange}
      style={{ width: 150 }}
      options={LAYOUTS.map((l) => ({ value: l, label: t(`receipt.layouts.${l}`) }))}
    />
  );
}

/** The branch name from the terminal's settings ('' when none is set or they cannot be read). */
export function useBranchName(api: SophonApi): string {
  const [branch, setBranch] = useState('');
  useEffect(() => {
    void api.settings().then(
      (s) => setBranch(s.branchName ?? ''),
      () => setBranch(''),
    );
  }, [api]);
  return branch;
}

/** The receipt's heading: the branch (when set) above the title. */
export function ReceiptHeading({ branch, title }: { branch: string; title: string }) {
  return (
    <header className="receipt-heading">
      {branch && (
        <div className="receipt-branch" data-testid="receipt-branch">
          {branch}
        </div>
      )}
      <h1>{title}</h1>
    </header>
  );
}
