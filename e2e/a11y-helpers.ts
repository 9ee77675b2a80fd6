// Helpers for the accessibility tests: run axe (WCAG 2.1 A/AA) on a page and report violations readably.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The WCAG 2.1 A and AA rule tags axe checks (2.0 rules are tagged wcag2a/wcag2aa). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One line per failing node: rule, impact, target (through shadow roots) and axe's summary. */
export function describeViolations(
  violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations'],
): string {
  const lines: string[] = [];
  for (const v of violations) {
    lines.push(`[${v.id}] (${v.impact ?? 'n/a'}) ${v.help} — ${v.helpUrl}`);
    for (const n of v.nodes) {
      lines.push(`    at ${JSON.stringify(n.target)}`);
      lines.push(`       ${n.failureSummary?.replace(/\n/g, '\n       ') ?? ''}`);
    }
  }
  return lines.join('\n');
}

/** Runs axe on `page` (open shadow roots included) and asserts zero WCAG 2.1 A/AA violations. */
export async function expectNoViolations(page: Page, where: string): Promise<void> {
  // Let transitions settle so colours are measured at rest.
  await page.waitForTimeout(150);
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(result.violations, `axe violations on ${where}:\n${describeViolations(result.violations)}`).toEqual(
    [],
  );
}

/** Describes the focused element (through shadow roots) and whether a focus indicator is drawn on it. */
export async function focusState(page: Page): Promise<{ tag: string; label: string; visible: boolean }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return { tag: 'body', label: '', visible: false };
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
    const label =
      el.getAttribute('aria-label') ??
      (el.textContent ?? '').trim().slice(0, 40) ??
      el.getAttribute('name') ??
      '';
    return {
      tag: el.tagName.toLowerCase(),
      label,
      visible: el.matches(':focus-visible') && (outline || shadow),
    };
  });
}
