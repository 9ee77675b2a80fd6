// SVG of the Ratchet view: the root chain across the top, one column per chain below it, one link per message.
import { svg, type SVGTemplateResult } from 'lit';
import {
  shortFp,
  type RatchetLinkModel,
  type RatchetModel,
  type RatchetNames,
  type RatchetRootModel,
} from './model/ratchet-model.js';

/** Width of a chain column and height of a link row, in SVG units (the SVG scales with the font: 1 unit ≈ 1px). */
const COL_W = 150;
const ROW_H = 46;
const TOP = 92;
const PAD = 12;

/** The drawing's size for `m`. */
export function ratchetSize(m: RatchetModel): { width: number; height: number } {
  return { width: PAD * 2 + m.cols * COL_W, height: TOP + m.rows * ROW_H + PAD };
}

const cx = (col: number): number => PAD + col * COL_W + COL_W / 2;
const ly = (row: number): number => TOP + row * ROW_H;

/** A root step: its node on the root chain and its chain's caption. */
function rootNode(r: RatchetRootModel, names: RatchetNames, now: boolean): SVGTemplateResult {
  const x = cx(r.col);
  const whose = r.root.starts === 'sending' ? `${names.me} sends` : `${names.peer} sends`;
  return svg`<g class="root ${r.root.starts} ${now ? 'now' : ''}">
    <rect x=${x - 52} y="8" width="104" height="30" rx="15"></rect>
    <text x=${x} y="28" text-anchor="middle">root step ${r.root.step}</text>
    <text class="caption" x=${x} y="58" text-anchor="middle">chain ${r.root.step}</text>
    <text class="caption" x=${x} y="76" text-anchor="middle">${whose}</text>
  </g>`;
}

/** One message: a link of its chain with n and the message key's fingerprint, and Eve's mark. */
function link(l: RatchetLinkModel, current: boolean, toy: boolean): SVGTemplateResult {
  const x = cx(l.col);
  const y = ly(l.row);
  const cls = `link ${l.event.direction} ${l.event.kind} ${l.eve ?? ''} ${current ? 'current' : ''}`;
  const mark = l.eve === 'eve-reads' ? 'Eve ⚠' : l.eve ? (toy ? 'copy ✗' : 'safe') : '';
  return svg`<g class=${cls}>
    <rect x=${x - 66} y=${y + 4} width="132" height=${ROW_H - 10} rx="6"></rect>
    <text x=${x - 60} y=${y + 20}>n=${l.event.n}${l.event.kind === 'receipt' ? ' receipt' : l.event.kind === 'sender-key' ? ' sender key' : ''}</text>
    <text class="fp" x=${x - 60} y=${y + 34}>${shortFp(l.event.messageKey)}</text>
    ${mark ? svg`<text class="mark" x=${x + 61} y=${y + 34} text-anchor="end">${mark}</text>` : null}
  </g>`;
}

/** The x (SVG units) of the column drawn at step `step`, to keep it in sight (step 0: the first column, the start). */
export function currentX(m: RatchetModel, step: number): number | undefined {
  if (step <= 0) return cx(0);
  const l = m.links[step - 1];
  return l && l.col >= 0 ? cx(l.col) : undefined;
}

/** The whole drawing at player step `step` (links and root steps reached later are not drawn yet). */
export function ratchetSvg(m: RatchetModel, names: RatchetNames, step: number): SVGTemplateResult {
  const roots = m.roots.filter((r) => r.step <= step);
  const links = m.links.filter((l) => l.step <= step && l.col >= 0);
  const last = roots.at(-1);
  const chainLine =
    roots.length > 1
      ? svg`<line class="root-chain" x1=${cx(roots[0]!.col)} y1="23" x2=${cx(last!.col)} y2="23"></line>`
      : null;
  const columns = roots.map((r) => {
    const deepest = Math.max(-1, ...links.filter((l) => l.col === r.col).map((l) => l.row));
    return deepest < 0
      ? null
      : svg`<line class="chain ${r.root.starts}" x1=${cx(r.col)} y1="84" x2=${cx(r.col)} y2=${ly(deepest) + 4}></line>`;
  });
  const reachedNow = new Set(m.roots.filter((r) => r.step === step && step > 0).map((r) => r.col));
  return svg`${chainLine}${columns}${roots.map((r) => rootNode(r, names, reachedNow.has(r.col)))}${links.map(
    (l) => link(l, l.step === step, m.toy),
  )}`;
}
