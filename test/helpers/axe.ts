// Accessibility of a screen as axe-core judges it (WCAG 2 A and AA): no serious or critical violation.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export async function assertNoSeriousAxe(page: Page, screen: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map(
      (v) =>
        `${screen}: ${v.id} ${v.help}: ${v.nodes
          .slice(0, 4)
          .map((n) => n.target.join(' ') + ' ' + (n.failureSummary ?? '').split('\n')[1])
          .join(' | ')}`,
    ),
    [],
  );
}
