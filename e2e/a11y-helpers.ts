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

/** In the page: resolves once every running CSS transition or finite animation (shadow roots included) has ended. */
async function finishedAnimations(): Promise<void> {
  const finite = document
    .getAnimations()
    .filter((a) => a.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY);
  await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
}

/** Runs axe on `page` (open shadow roots included) and asserts zero WCAG 2.1 A/AA violations. */
export async function expectNoViolations(page: Page, where: string): Promise<void> {
  // Let transitions settle so colours are measured at rest.
  await page.evaluate(finishedAnimations);
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(result.violations, `axe violations on ${where}:\n${describeViolations(result.violations)}`).toEqual(
    [],
  );
}

/** The focused element, found through shadow roots. */
export interface Focus {
  tag: string;
  id: string;
  role: string;
  /** aria-label, else the first 40 characters of its text. */
  label: string;
  /** It matches :focus-visible and draws an outline or a box-shadow. */
  visible: boolean;
}

/** Describes the focused element (through shadow roots) and whether a focus indicator is drawn on it. */
export async function focusState(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return { tag: 'body', id: '', role: '', label: '', visible: false };
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      role: el.getAttribute('role') ?? '',
      label: el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 40),
      visible: el.matches(':focus-visible') && (outline || shadow),
    };
  });
}

/** Asserts the focused element shows a visible focus indicator; returns it. */
export async function expectVisibleFocus(page: Page, step: string): Promise<Focus> {
  const f = await focusState(page);
  expect(f.visible, `${step}: focus on ${JSON.stringify(f)} must be visible`).toBe(true);
  return f;
}

/**
 * Presses Tab (Shift+Tab when `back`) until the focused element satisfies `want`, asserting a visible
 * focus indicator at every stop on the way. Fails after `max` presses.
 */
export async function tabTo(
  page: Page,
  what: string,
  want: (f: Focus) => boolean,
  { max = 60, back = false } = {},
): Promise<Focus> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focusState(page);
    seen.push(`${f.tag}#${f.id}[${f.role}] ${f.label}${f.visible ? '' : '  <-- no visible focus'}`);
    expect(f.visible, `Tab towards ${what}: focus went\n  ${seen.join('\n  ')}`).toBe(true);
    if (want(f)) return f;
  }
  throw new Error(`${what} not reached with ${max} Tab presses; focus went:\n  ${seen.join('\n  ')}`);
}
