// The room's tabs and math sub-views, and how they map to the public view names of presenter steps.
import type { CurveId } from '../../common/wire.js';
import type { PresenterView } from '../lab/model/presenter.js';

/** A tab of the room. */
export type TabId = 'chat' | 'math' | 'eve' | 'mitm' | 'attacks' | 'lessons' | 'exercises';
/** A sub-view of the Math tab (client/viz/curvechat-math-panel.ts). */
export type MathViewId = 'reals' | 'grid' | 'keygen' | 'exchange' | 'ratchet';

/** Tab labels, in order. */
export const TABS: readonly { id: TabId; label: string }[] = [
  { id: 'chat', label: 'Chat' },
  { id: 'math', label: 'Math' },
  { id: 'eve', label: 'Eve' },
  { id: 'mitm', label: 'Man in the middle' },
  { id: 'attacks', label: 'Attacks' },
  { id: 'lessons', label: 'Lessons' },
  { id: 'exercises', label: 'Exercises' },
];

const MATH_VIEWS: Readonly<Record<MathViewId, { view: string; title: string }>> = {
  reals: { view: 'curve-reals', title: 'Math: curve over the reals' },
  grid: { view: 'curve-grid', title: 'Math: toy curve over F_p' },
  keygen: { view: 'keygen', title: 'Math: key generation, step by step' },
  exchange: { view: 'exchange', title: 'Math: the exchange' },
  ratchet: { view: 'ratchet', title: 'Math: the Double Ratchet' },
};

const TAB_VIEWS: Readonly<Record<Exclude<TabId, 'math'>, { view: string; title: string }>> = {
  chat: { view: 'chat', title: 'Chat' },
  eve: { view: 'eve', title: "Eve's panel" },
  mitm: { view: 'mitm', title: 'Man-in-the-middle lab' },
  attacks: { view: 'attacks', title: 'Attack labs' },
  lessons: { view: 'lessons', title: 'Lessons' },
  exercises: { view: 'exercises', title: 'Exercises' },
};

/** True for a math sub-view id. */
export function isMathView(v: unknown): v is MathViewId {
  return typeof v === 'string' && v in MATH_VIEWS;
}

/** What this member is looking at, as the presenter bar publishes it (`present:view`). */
export function presenterViewOf(tab: TabId, math: MathViewId, curve: CurveId): PresenterView {
  const v = tab === 'math' ? MATH_VIEWS[math] : TAB_VIEWS[tab];
  return { view: v.view, curve, title: v.title };
}

/** Where a follower goes for a presenter's public view name; null for a view this app does not have. */
export function placeOfView(view: string): { tab: TabId; math?: MathViewId } | null {
  for (const [id, v] of Object.entries(MATH_VIEWS))
    if (v.view === view) return { tab: 'math', math: id as MathViewId };
  for (const [id, v] of Object.entries(TAB_VIEWS)) if (v.view === view) return { tab: id as TabId };
  return null;
}
